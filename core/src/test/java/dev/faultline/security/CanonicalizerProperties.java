package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.security.Canonicalizer.Work;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The decoding pass's fast paths against its general code: the table loop (with the usual {@code %XX}
 * decoded inside it, non-ASCII chars of Latin-1 sent out by the table's entries 128 to 255, and a
 * block that holds a char from 256 up written again by the general code, since the table is read at
 * the char's low byte: U+0141 reads the entry of {@code A}) must write exactly what
 * the char-by-char code ({@link Canonicalizer#passGeneral}) writes, and the scanner's shortcut for
 * short plain words must return where the canonical form would have made it return.
 */
@Label("Canonicalizer fast paths")
class CanonicalizerProperties {

    /** Escapes whole and broken, '+', whitespace runs, references, and chars outside ASCII. */
    static final String[] PIECES = {
        "a", "B", "z", "walk", "River", "0", "7", "%", "%2", "%2C", "%2c", "%3A", "%2F", "%20", "%09", "%0a", "%0D",
        "%41", "%7e", "%7f", "%00", "%25", "%2525", "%41%42", "%c3%a9", "%c0%ae", "%e2%80%a8", "%ff", "%u0041",
        "%u003c", "%uD800", "%G1", "%4", "+", "++", " ", "  ", "\t", "\r\n", "\n", "\u000b", "&", "&lt;", "&LT",
        "&#60;", "&#x3c;", "&amp;", "&bogus;", "\\", "\\u003c", "\\u00", "<", ">", "'", "\"", "=", ":", "/", ".",
        ";", "$", "|", "`", "@", "(", "_", "-", "#", "*", "é", "É", "\u00a0", "\u2028", "\u200b", "\uff1c",
        "\uff21", "\u2215", "\uD83D\uDE00", "\uD800", "\uDC00", "\u0000", "\u001f", "\u0085", "ı", "İ", "ß",
        // chars from 256 up whose low byte is a char the table writes ('A', '/', '%') or a Cyrillic word
        "\u0141", "\u012f", "\u0125", "\u0425\u043b\u0435\u0431"};

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> pieces = Arbitraries.of(PIECES).list().ofMaxSize(120).map(l -> String.join("", l));
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(150);
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(150);
        Arbitrary<String> query = Arbitraries.strings().withChars("abcxyz019%2CAF+ &;").ofMaxLength(150);
        return Arbitraries.oneOf(pieces, pieces, pieces, any, ascii, query);
    }

    @Property(tries = 2000)
    @Label("the table loop writes what the general code writes, in every mode")
    void tableLoopAsGeneral(@ForAll("values") String value, @ForAll @IntRange(max = 2) int mode) {
        boolean decode = mode < 2;
        boolean plus = mode == 0;
        char[] src = value.toCharArray();
        int n = src.length;
        Work w = new Work();
        Canonicalizer fast = new Canonicalizer();
        Canonicalizer general = new Canonicalizer();
        // outputs start dirty, as the scratch buffers do between scans
        char[] fastOut = new char[n];
        char[] generalOut = new char[n];
        java.util.Arrays.fill(fastOut, 'Q');
        java.util.Arrays.fill(generalOut, 'R');
        java.util.Arrays.fill(fast.markBits, -1L);
        java.util.Arrays.fill(general.markBits, 0x5555L);

        long f = fast.pass(src, n, fastOut, decode, plus, true, w);
        long g = general.passGeneral(src, n, generalOut, decode, plus, w);

        int len = (int) f;
        assertEquals(g, f, "length and flags");
        assertEquals(new String(generalOut, 0, len), new String(fastOut, 0, len));
        assertEquals(general.seenBits & Canonicalizer.NOT_ALNUM, fast.seenBits & Canonicalizer.NOT_ALNUM, "chars seen");
        for (int k = 0; k < (len + 31) >>> 5; k++) {
            int chars = Math.min(32, len - 32 * k);
            long mask = chars == 32 ? -1L : (1L << (2 * chars)) - 1;
            assertEquals(general.markBits[k] & mask, fast.markBits[k] & mask, "mark bits of block " + k);
        }
    }

    @Provide
    Arbitrary<String> shortValues() {
        Arbitrary<String> words = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> near = Arbitraries.strings().withCharRange('/', ':').withCharRange('@', '[')
                .withCharRange('`', '{').withChars("%+&\\é\u0130\u212a").ofMinLength(1).ofMaxLength(40);
        return Arbitraries.oneOf(words, words, near);
    }

    @Property(tries = 2000)
    @Label("a short plain word skips the pass only where the pass would make the scan stop")
    void plainWordShortcut(@ForAll("shortValues") String value) {
        boolean plain = SignatureScanner.plainWord(value, 0, value.length());
        boolean expected = value.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c));
        assertEquals(expected, plain, value);
        if (plain && value.length() <= Sql.ONE_WORD) {
            // what the scanner would have done without the shortcut: one round, nothing to decode, a
            // lower-cased word of letters and digits, on which the scan returns before matching
            for (boolean decode : new boolean[] {true, false}) {
                Canonicalizer c = new Canonicalizer();
                char[] out = new char[value.length()];
                long r = c.pass(value.toCharArray(), value.length(), out, decode, decode, true, new Work());
                assertEquals(value.length(), (int) r);
                assertEquals(0, r & (Canonicalizer.CHANGED | Canonicalizer.MORE));
                assertEquals(value.toLowerCase(Locale.ROOT), new String(out));
                assertEquals(0, c.seenBits & Canonicalizer.NOT_ALNUM);
            }
        }
        for (String location : SignatureScannerProperties.LOCATIONS) {
            assertTrue(!plain || value.length() > Sql.ONE_WORD
                    || !SignatureScannerProperties.SCANNER.scan(location, value).hasIssues(), value);
        }
    }
}
