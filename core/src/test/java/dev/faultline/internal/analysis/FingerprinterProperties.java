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
    /** One fingerprinter for every try, so that its memo fills, churns and collides across them. */
    private static final Fingerprinter SHARED = Fingerprinter.builder().applicationPackages("com.shop").frames(2)
            .recheckEvery(1).build();

    @Provide
    Arbitrary<List<StackTraceElement>> stacks() {
        // few names, so that the same sites recur and differ by one frame; "Aa" and "BB" share a hash code
        Arbitrary<String> classes = Arbitraries.of("com.shop.Orders", "com.shop.Aa", "com.shop.BB", "java.util.List",
                "org.h2.Driver", "com.shop.Jobs$$Lambda/0x1");
        Arbitrary<String> methods = Arbitraries.of("find", "Aa", "BB", "lambda$run$0", "lambda$run$1");
        return net.jqwik.api.Combinators.combine(classes, methods)
                .as((c, m) -> new StackTraceElement(c, m, null, 1)).list().ofMaxSize(5);
    }

    @Property(tries = 3000)
    @Label("with recheckEvery(1), a fingerprint, memoised or not, is always the hash of the pattern's canonical text")
    void memoIsExact(@ForAll("stacks") List<StackTraceElement> outer, @ForAll("stacks") List<StackTraceElement> root,
            @ForAll @IntRange(min = 0, max = 3) int kind, @ForAll @IntRange(min = 0, max = 4) int message) {
        String[] messages = {null, "Aa", "BB", "order 42 missing", "order 7 missing"};
        RuntimeException cause = kind == 0 ? null : kind == 1 ? new IllegalStateException(messages[message])
                : new IllegalArgumentException(messages[message]);
        if (cause != null) {
            cause.setStackTrace(root.toArray(StackTraceElement[]::new));
        }
        RuntimeException t = kind == 3 ? new UnsupportedOperationException(messages[message], cause)
                : new IllegalStateException(messages[message], cause);
        t.setStackTrace(outer.toArray(StackTraceElement[]::new));
        String expected = Fingerprinter.hash(SHARED.canonical(t));
        assertEquals(expected, SHARED.fingerprint(t));
        assertEquals(expected, SHARED.fingerprint(t), "again, from the memo");
    }

    @Property(tries = 300)
    @Label("with the shortcut, a fingerprint is the throwable's own or one its chain and message got from an earlier site")
    void shortcutAnswersAKnownSite(@ForAll("occurrences") List<int[]> occurrences,
            @ForAll @IntRange(min = 1, max = 4) int recheckEvery) {
        Fingerprinter exact = Fingerprinter.builder().applicationPackages("com.shop").frames(2).recheckEvery(1).build();
        Fingerprinter f = Fingerprinter.builder().applicationPackages("com.shop").frames(2).recheckEvery(recheckEvery)
                .build();
        String[] messages = {"order 42 missing", "order 7 missing", "gone", "Aa", "BB"};
        String[][] sites = {{"com.shop.Orders", "find"}, {"com.shop.Orders", "store"}, {"com.shop.Aa", "BB"},
            {"com.shop.BB", "Aa"}};
        java.util.Map<String, java.util.Set<String>> known = new java.util.HashMap<>();
        for (int[] o : occurrences) {
            String message = messages[o[1]];
            RuntimeException t = o[2] == 0 ? new IllegalStateException(message) : new IllegalArgumentException(message);
            t.setStackTrace(new StackTraceElement[] {new StackTraceElement(sites[o[0]][0], sites[o[0]][1], null, 1)});
            String answer = f.fingerprint(t);
            String own = exact.fingerprint(t);
            String chainAndMessage = o[2] + "\n" + MessageNormalizer.normalize(message);
            java.util.Set<String> earlier = known.computeIfAbsent(chainAndMessage, k -> new java.util.HashSet<>());
            assertTrue(answer.equals(own) || earlier.contains(answer), "an answer no reading gave: " + answer);
            earlier.add(own);
        }
    }

    @Provide
    Arbitrary<List<int[]>> occurrences() {
        Arbitrary<int[]> one = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 1))
                .as((site, message, kind) -> new int[] {site, message, kind});
        return one.list().ofMaxSize(200);
    }
}
