package dev.faultline.internal.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Positive;
import net.jqwik.api.constraints.StringLength;

/** Fingerprints ignore what varies between occurrences of one fault and tell apart different faults. */
@Label("Fingerprinter properties")
class FingerprinterProperties {

    private static final Fingerprinter IN_APP = Fingerprinter.builder().applicationPackages("dev.faultline.internal.analysis").build();

    @Provide
    Arbitrary<UUID> uuids() {
        return Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong()));
    }

    @Provide
    Arbitrary<String> emails() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789._").ofMinLength(1).ofMaxLength(16)
                .map(s -> "c" + s + "@example.com");
    }

    @Provide
    Arbitrary<Double> amounts() {
        return Arbitraries.doubles().between(0.01, 99_999).ofScale(2);
    }

    @Property(tries = 300)
    @Label("one fault thrown from one method with different ids, UUIDs, e-mails and numbers has one fingerprint")
    void sameFault(@ForAll @Positive long id1, @ForAll("uuids") UUID r1, @ForAll("emails") String e1,
            @ForAll("amounts") double a1, @ForAll @Positive long id2, @ForAll("uuids") UUID r2,
            @ForAll("emails") String e2, @ForAll("amounts") double a2) {
        String fp = IN_APP.fingerprint(Sites.payment(id1, r1, e1, a1));
        assertEquals(fp, IN_APP.fingerprint(Sites.payment(id2, r2, e2, a2)));
        assertTrue(fp.matches("[0-9a-f]{16}"));
        // also without application packages
        assertEquals(Fingerprinter.create().fingerprint(Sites.payment(id1, r1, e1, a1)),
                Fingerprinter.create().fingerprint(Sites.payment(id2, r2, e2, a2)));
    }

    @Property(tries = 100)
    @Label("the same message from another method, or with another class, has another fingerprint")
    void differentFaults(@ForAll @Positive long id, @ForAll("uuids") UUID r, @ForAll("emails") String e,
            @ForAll("amounts") double a) {
        String payment = IN_APP.fingerprint(Sites.payment(id, r, e, a));
        assertNotEquals(payment, IN_APP.fingerprint(Sites.refund(id, r, e, a)));
        assertNotEquals(payment, IN_APP.fingerprint(Sites.paymentAsArgument(id, r, e, a)));
    }

    @Property(tries = 200)
    @Label("any chain of throwables, cyclic or not, with any messages, gets a 16-hex-digit fingerprint, the same each time")
    void total(@ForAll @IntRange(min = 1, max = 60) int length, @ForAll @IntRange(min = -1, max = 59) int cycleTo,
            @ForAll List<@StringLength(max = 300) String> messages) {
        List<RuntimeException> links = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            String m = messages.isEmpty() ? null : messages.get(i % messages.size());
            links.add(i % 3 == 0 ? new IllegalStateException(m) : i % 3 == 1 ? new IllegalArgumentException(m)
                    : new UnsupportedOperationException(m));
        }
        for (int i = 0; i + 1 < length; i++) {
            links.get(i).initCause(links.get(i + 1));
        }
        if (cycleTo >= 0 && cycleTo < length - 1) {
            links.get(length - 1).initCause(links.get(cycleTo));
        }
        String fp = IN_APP.fingerprint(links.get(0));
        assertTrue(fp.matches("[0-9a-f]{16}"), fp);
        assertEquals(fp, IN_APP.fingerprint(links.get(0)));
    }
}
