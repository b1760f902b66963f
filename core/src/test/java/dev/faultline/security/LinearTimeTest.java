package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scanner's work grows linearly with its input, whatever the input. Work is counted, not timed:
 * every character a decoding pass, normalisation, comment pass or rule reads is charged to a counter,
 * so the test is exact and immune to machine load. Each hostile unit is repeated to 10 KiB and to
 * 1 MiB (102.4 times more); the work may grow at most 1.2 times as much, and stay under a fixed number
 * of operations per character.
 */
@DisplayName("SignatureScanner work")
class LinearTimeTest {

    static final int SMALL = 10 * 1024;
    static final int BIG = 1024 * 1024;
    static final double SIZE_RATIO = (double) BIG / SMALL;
    /** No input may cost more than this many counted operations per character. */
    static final int MAX_OPS_PER_CHAR = 64;

    static final SignatureScanner SCANNER = SignatureScanner.builder()
            .maxInputLength(SignatureScanner.MAX_INPUT_LENGTH_LIMIT).build();

    static String fill(String unit, int length) {
        return unit.repeat(length / unit.length() + 1).substring(0, length);
    }

    @ParameterizedTest(name = "on \"{0}\" repeated")
    @DisplayName("grows linearly from 10 KiB to 1 MiB of hostile input")
    @ValueSource(strings = {
        "%25", "%2525", "%252", "%u00", "%c0%ae", "&#", "&#0", "&lt", "&amp;", "\\u00", "+",
        "<", "<<", "<a ", "<a o", "<svg/", "<a on", "</", "\"", "'", "''''", "' or '", "'or'", "' order by ",
        "'||", "\" ", "${", "${${", "${${lower:", "}", "${::-j}", "$(", "$", "../", "..\\", "....//", ".",
        "/", "/etc/", "\\", ";", "; ", ";cat ", "|", "||", "&& ", "& ", "`", "%0a", "%0d%0a", "\n", "-- ",
        "--", "#", "/*", "/**/", "*/", "/*!", "union ", "union select ", "1 or ", "1=1 ", "java script",
        "javascript", "on", "a=", "@@", "sleep(", "sleep(1", "select", "(select ", "data:", "srcdoc",
        // SQL tokenizer and parser: nesting, open literals, long expressions, every context
        "((((", "1 or (", "' or (", "(select (", "case when ", "1,", "'||'", "a' or 'b", "x' ", "`", "0x", "1e",
        "/*!", "1 union ", "' and 1=1 ", "1;", "; select ", "begin ", "if(", "1 or 1=1 or ", "substring(",
        "' or '1'='1", "\" or \"", "select 1,", "order by 1,", "1+", "-", "not ", "binary ", "x'/*",
        // HTML tokenizer: unterminated values per quote, attribute-name edge cases, every trigger
        "<a x=\"", "<a x='", "<a x=`", "<a =", "<a x", "<!doctype [", "<!entity ", "<svg ", " onerror=",
        "\"onload=", "<a style=\"", "<a style=(", "<a href=javascript:", "<a href=", "<?xml-stylesheet ",
        "</a on", "\u00ab", "<a href=\"data:", "<a\n", "<x:y ",
        // the decoding pass's table loop and its exits; loose handlers read back from '='
        "%2C+", "%41", "%20%20", "+ +", "word%2F", " onerror=", "onerror =", "abcdefghijklmnopqrstuvwxyzabcdef=",
        " =", "\u00e9=", "%c3%a9"})
    void linear(String unit) {
        long small = SCANNER.work("query:q", fill(unit, SMALL));
        long big = SCANNER.work("query:q", fill(unit, BIG));
        double ratio = (double) big / small;
        assertTrue(ratio <= 1.2 * SIZE_RATIO,
                () -> "work grew " + ratio + "x for " + SIZE_RATIO + "x the input (" + small + " -> " + big + ")");
        assertTrue(big <= (long) MAX_OPS_PER_CHAR * BIG,
                () -> (double) big / BIG + " operations per character");
    }

    @ParameterizedTest(name = "in a {0}")
    @DisplayName("grows linearly whatever the location")
    @ValueSource(strings = {"path", "query:q", "header:User-Agent", "body"})
    void everyLocation(String location) {
        String unit = "%2e%2e%2f<a onx '; or $({${jndi:x}%0a;id";
        long small = SCANNER.work(location, fill(unit, SMALL));
        long big = SCANNER.work(location, fill(unit, BIG));
        assertTrue((double) big / small <= 1.2 * SIZE_RATIO, () -> small + " -> " + big);
    }
}
