package dev.faultline.internal.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The normaliser is idempotent, total and bounded on any text, and maps every instance of a message
 * template to one text.
 */
@Label("MessageNormalizer properties")
class MessageNormalizerProperties {

    // ------------------------------------------------------------------ generators

    /** Fragments that sit on the edges of the rules: parts of ids, quotes, placeholders, surrogates. */
    private static final List<String> FRAGMENTS = List.of("0", "7", "42", "-", ".", "@", "'", "\"", "<", ">", "<n>",
            "<str>", "<email>", "<uuid>", "<hex>", "<ip>", "a", "f", "x", "g", "Z", "deadbeef", "0x", "0x1F", "abc123",
            "1.2", "10.0.0.1", "255.255.255.255.", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "jane@x.io", "a.b@c", "_",
            "+", "%", ":", "=", "(", ",", " ", "  ", "\t", "\n", "\u0000", "\u00a0", "\u2026", "é", "\uD800", "\uDC00",
            "\uD83D\uDE00", "don't", "it's", "''", "\"\"", "-5", "e5", "1e9", "ms", "/");

    @Provide
    Arbitrary<String> tricky() {
        return Arbitraries.of(FRAGMENTS).list().ofMaxSize(80).map(l -> String.join("", l));
    }

    /** Long texts, past the cap, so that the cut is exercised. */
    @Provide
    Arbitrary<String> trickyLong() {
        return Arbitraries.of(FRAGMENTS).list().ofMinSize(60).ofMaxSize(300).map(l -> String.join("", l));
    }

    /** Random chars from the characters the rules care about. */
    @Provide
    Arbitrary<String> alphabet() {
        return Arbitraries.strings().withChars("0123456789abcdefxyzABCFX-._@'\"<>%+:=( \t\u2026\uD800é").ofMaxLength(400);
    }

    @Provide
    Arbitrary<String> anything() {
        return Arbitraries.strings().all().ofMaxLength(500);
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = 2000)
    @Label("normalising twice gives what normalising once gave: fragments on the rules' edges")
    void idempotentOnFragments(@ForAll("tricky") String s) {
        assertIdempotent(s);
    }

    @Property(tries = 500)
    @Label("normalising twice gives what normalising once gave: long texts cut at the cap")
    void idempotentWhenCut(@ForAll("trickyLong") String s) {
        assertIdempotent(s);
    }

    @Property(tries = 2000)
    @Label("normalising twice gives what normalising once gave: random texts over the rules' characters")
    void idempotentOnAlphabet(@ForAll("alphabet") String s) {
        assertIdempotent(s);
    }

    @Property(tries = 1000)
    @Label("normalising twice gives what normalising once gave: any string, lone surrogates included")
    void idempotentOnAnything(@ForAll("anything") String s) {
        assertIdempotent(s);
    }

    @Property(tries = 500)
    @Label("with a small cap too, so that cuts land everywhere")
    void idempotentWithSmallCaps(@ForAll("tricky") String s, @ForAll @IntRange(min = 2, max = 40) int cap) {
        String once = MessageNormalizer.normalize(s, cap);
        assertTrue(once.length() <= cap);
        assertEquals(once, MessageNormalizer.normalize(once, cap), () -> "input: " + escape(s));
    }

    @Property(tries = 300)
    @Label("any text, however long, ends within the cap, with no digit, no control char and no edge space")
    void bounded(@ForAll("huge") String s) {
        String out = MessageNormalizer.normalize(s);
        assertTrue(out.length() <= MessageNormalizer.MAX_LENGTH);
        assertFalse(out.chars().anyMatch(c -> c >= '0' && c <= '9'), out);
        assertFalse(out.chars().anyMatch(Character::isISOControl), out);
        assertFalse(out.startsWith(" ") || out.endsWith(" "), out);
        assertFalse(out.contains("  "), out);
    }

    /** Up to 100 kB: long digit runs, unbalanced quotes, surrogates, and arbitrary text. */
    @Provide
    Arbitrary<String> huge() {
        Arbitrary<String> unit = Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(5000),
                Arbitraries.strings().withChars("'\"a \uD800-1@.").ofMaxLength(5000),
                Arbitraries.strings().all().ofMaxLength(2000));
        return unit.list().ofMaxSize(20).map(l -> String.join("", l));
    }

    @Property(tries = 500)
    @Label("one template with different ids, numbers, UUIDs, e-mails, hex, addresses and quoted values gives one text")
    void templatesCollapse(@ForAll("values") Values a, @ForAll("values") Values b) {
        String expected = "User <n> (<email>) not found: request <uuid>, trace <hex>, from <ip>:<n>, "
                + "key <str>, took <n>ms, delta <n>, order ord-<n>";
        assertEquals(expected, MessageNormalizer.normalize(a.message()));
        assertEquals(MessageNormalizer.normalize(a.message()), MessageNormalizer.normalize(b.message()));
    }

    record Values(long user, String email, UUID request, String trace, String ip, int port, String key,
            double took, long delta, int order) {
        String message() {
            return "User " + user + " (" + email + ") not found: request " + request + ", trace " + trace + ", from "
                    + ip + ":" + port + ", key '" + key + "', took " + took + "ms, delta " + delta + ", order ord-"
                    + order;
        }
    }

    record Tail(double took, long delta, int order) {
    }

    @Provide
    Arbitrary<Values> values() {
        Arbitrary<String> local = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789._+-")
                .ofMinLength(1).ofMaxLength(20).map(s -> "u" + s);
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
                .ofMinLength(1).ofMaxLength(12).map(s -> "d" + s);
        Arbitrary<String> email = Combinators.combine(local, label, label.list().ofMinSize(1).ofMaxSize(3))
                .as((l, d, rest) -> l + "@" + d + "." + String.join(".", rest));
        Arbitrary<UUID> uuid = Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong()));
        // a trace id: 16 to 32 hex digits with at least one digit and one letter
        Arbitrary<String> trace = Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(14).ofMaxLength(30)
                .map(s -> "7" + s + "c");
        Arbitrary<String> ip = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(l -> l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3));
        Arbitrary<String> key = Arbitraries.strings().withChars("abc XYZ-_@.0123456789\"<>").ofMaxLength(30);
        Arbitrary<Double> took = Arbitraries.doubles().between(0, 1e6).ofScale(3);
        Arbitrary<Tail> tail = Combinators.combine(took, Arbitraries.longs(),
                Arbitraries.integers().between(0, Integer.MAX_VALUE)).as(Tail::new);
        return Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE), email, uuid, trace, ip,
                Arbitraries.integers().between(1, 65535), key, tail)
                .as((user, e, u, t, i, port, k, rest) -> new Values(user, e, u, t, i, port, k, rest.took(), rest.delta(),
                        rest.order()));
    }

    // ------------------------------------------------------------------ helpers

    private static void assertIdempotent(String s) {
        String once = MessageNormalizer.normalize(s);
        assertTrue(once.length() <= MessageNormalizer.MAX_LENGTH);
        assertEquals(once, MessageNormalizer.normalize(once), () -> "input: " + escape(s));
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
