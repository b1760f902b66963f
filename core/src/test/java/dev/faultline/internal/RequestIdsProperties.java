package dev.faultline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.WithNull;
import org.jspecify.annotations.Nullable;

@Label("Request id properties")
class RequestIdsProperties {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern GENERATED = Pattern.compile("[0-9a-f]{32}");

    @Provide
    Arbitrary<String> validIds() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('.', '_', '-').ofMinLength(1).ofMaxLength(RequestIds.MAX_LENGTH);
    }

    /** Mostly request-id characters with now and then anything else, and lengths past the limit. */
    @Provide
    Arbitrary<String> anyIds() {
        Arbitrary<Character> usual = Arbitraries.chars().range('a', 'z').range('A', 'Z').range('0', '9')
                .with('.', '_', '-');
        Arbitrary<Character> any = Arbitraries.chars().range('\u0000', '\uffff');
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, usual),
                net.jqwik.api.Tuple.of(1, any),
                net.jqwik.api.Tuple.of(1, Arbitraries.chars().with(' ', '\r', '\n', '\t', '/', ':', '\u00e9')))
                .list().ofMaxSize(140)
                .map(chars -> {
                    StringBuilder b = new StringBuilder(chars.size());
                    chars.forEach(b::append);
                    return b.toString();
                });
    }

    @Provide
    Arbitrary<String> hexIds() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(32);
    }

    @Provide
    Arbitrary<String> traceparents() {
        Arbitrary<String> hex2 = Arbitraries.strings().withChars("0123456789abcdef").ofLength(2);
        Arbitrary<String> hex16 = Arbitraries.strings().withChars("0123456789abcdef").ofLength(16);
        return Combinators.combine(hexIds(), hex16, hex2).as((trace, parent, flags) -> "00-" + trace + "-" + parent + "-" + flags);
    }

    @Property
    @Label("a well-formed incoming id is kept as it is, whatever the traceparent")
    void validKept(@ForAll("validIds") String id, @ForAll @WithNull String traceparent) {
        assertTrue(RequestIds.isValid(id));
        assertSame(id, RequestIds.choose(id, traceparent));
    }

    @Property
    @Label("an incoming id is kept exactly when it is 1..128 characters of [A-Za-z0-9._-]; else an id is generated")
    void keptIffWellFormed(@ForAll("anyIds") String id) {
        boolean wellFormed = ALLOWED.matcher(id).matches();
        assertEquals(wellFormed, RequestIds.isValid(id));
        String chosen = RequestIds.choose(id, null);
        if (wellFormed) {
            assertSame(id, chosen);
        } else {
            assertTrue(GENERATED.matcher(chosen).matches(), chosen);
        }
    }

    @Property
    @Label("a valid traceparent gives its trace id when the incoming id is missing or malformed")
    void traceparentUsed(@ForAll("traceparents") String traceparent, @ForAll("anyIds") @WithNull String id) {
        String traceId = traceparent.substring(3, 35);
        Assume.that(!traceId.equals("0".repeat(32)) && !traceparent.substring(36, 52).equals("0".repeat(16)));
        assertEquals(traceId, RequestIds.traceId(traceparent));
        if (!RequestIds.isValid(id)) {
            assertEquals(traceId, RequestIds.choose(id, traceparent));
        }
    }

    @Property
    @Label("a traceparent with any one digit changed to upper case, a non-hex character or a space is not used")
    void corruptedTraceparentRefused(@ForAll("traceparents") String traceparent,
            @ForAll("positions") int position, @ForAll("corruptions") char corruption) {
        String corrupted = traceparent.substring(0, position) + corruption + traceparent.substring(position + 1);
        assertNull(RequestIds.traceId(corrupted), corrupted);
    }

    /** Positions of hex digits in a version-00 traceparent. */
    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 54).filter(i -> i != 2 && i != 35 && i != 52);
    }

    @Provide
    Arbitrary<Character> corruptions() {
        return Arbitraries.chars().with('A', 'B', 'C', 'D', 'E', 'F', 'g', 'z', 'G', '-', ' ', '\u00e9');
    }

    @Property
    @Label("a traceparent of any other length is not used")
    void wrongLengthRefused(@ForAll("traceparents") String traceparent, @ForAll("cuts") int cut) {
        String shorter = traceparent.substring(0, cut);
        assertNull(RequestIds.traceId(shorter));
        assertNull(RequestIds.traceId(traceparent + "0"));
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, 54);
    }

    @Property
    @Label("whatever the headers, the chosen id is a well-formed request id")
    void alwaysWellFormed(@ForAll("anyIds") @WithNull String id, @ForAll @WithNull @Nullable String traceparent) {
        String chosen = RequestIds.choose(id, traceparent);
        assertTrue(RequestIds.isValid(chosen), chosen);
        assertFalse(chosen.isEmpty());
    }
}
