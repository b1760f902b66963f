package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.security.Canonicalizer.Work;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

@Label("SignatureScanner properties")
class SignatureScannerProperties {

    static final SignatureScanner SCANNER = SignatureScanner.create();
    static final List<String> LOCATIONS = List.of("path", "query:q", "header:User-Agent", "body");

    /** Pieces of escapes and signatures, broken and whole, plus lone surrogates and controls. */
    static final String[] TOKENS = {
        "%", "%2", "%25", "%c0", "%ae", "%af", "%e0%80", "%f0", "%ff", "%u", "%u00", "%u003c", "%0d", "%0a",
        "&", "&#", "&#x", "&#0", "&lt", "&lt;", "&amp;", ";", "\\", "\\u", "\\u00", "\\u003c", "+",
        "${", "${jndi:", "${lower:", "${::-", ":-", "}", "$(", "$", "`", "<", "<script", "<a ", "<svg/", " on",
        "onload", "=", "'", "\"", " or ", "1=1", "--", "#", "/*", "*/", "/*!", "union", " select ", "select",
        "../", "..\\", ".", "/", "/etc/passwd", "|", "&&", ";cat ", " id", "\n", "\r", "\t", " ",
        "\uD800", "\uDC00", "\uDBFF\uDFFF", "\u0000", "\u007f", "\uFF1C", "\u200B", "\u2028", "x", "a", "1",
        "0", "sleep(", "(", ")", "ı", "İ", "ß", "javascript:", "data:text/html"};

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> tokens = Arbitraries.of(TOKENS).list().ofMaxSize(80).map(l -> String.join("", l));
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(200);
        return Arbitraries.oneOf(tokens, tokens, any, ascii);
    }

    @Property
    @Label("never throws, and reports findings only for the location it was given")
    void total(@ForAll("hostile") String value, @ForAll @IntRange(max = 3) int where) {
        String location = LOCATIONS.get(where);
        ScanReport r = SCANNER.scan(location, value);
        assertEquals(r.issuesFound(), r.issues().size());
        for (Finding f : r.issues()) {
            assertEquals(location, f.location());
            assertTrue(f.ruleId().matches("[a-z]+\\.[a-z-]+"), f.ruleId());
        }
    }

    @Property
    @Label("does work bounded by a constant times the input length")
    void boundedWork(@ForAll("hostile") String value) {
        long ops = SCANNER.work("query:q", value);
        assertTrue(ops <= 64L * (value.length() + 1), () -> ops + " ops for " + value.length() + " chars");
    }

    @Property
    @Label("decodes in at most maxDecodeRounds rounds, and fewer only at a fixed point")
    void roundsBounded(@ForAll("hostile") String value, @ForAll @IntRange(max = 4) int rounds) {
        SignatureScanner s = SignatureScanner.builder().maxDecodeRounds(rounds).build();
        SignatureScanner.Canonical c = s.canonical(value, new Work());
        assertTrue(c.rounds() <= rounds);
        if (c.stable()) {
            assertSame(c.decoded(), Canonicalizer.decodeRound(c.decoded(), new Work(), c.rounds() == 0),
                    "a stable result must be a fixed point of decoding");
        } else {
            assertEquals(rounds, c.rounds(), "decoding may only stop early at a fixed point");
        }
    }

    @Property
    @Label("never lengthens the text in a decoding round or in normalisation")
    void shrinking(@ForAll("hostile") String value) {
        Work w = new Work();
        String d = Canonicalizer.decodeRound(value, w);
        assertTrue(d.length() <= value.length());
        assertTrue(Canonicalizer.normalize(d, w).length() <= d.length());
        String canon = Canonicalizer.normalize(d, w);
        assertTrue(Canonicalizer.stripBlockComments(canon, w).length() <= canon.length());
        assertTrue(Canonicalizer.stripLineComments(canon, w).length() <= canon.length());
    }

    @Property
    @Label("normalisation is idempotent")
    void normalizeIdempotent(@ForAll("hostile") String value) {
        Work w = new Work();
        String once = Canonicalizer.normalize(value, w);
        assertEquals(once, Canonicalizer.normalize(once, w));
    }

    @Property
    @Label("an attack stays found when benign text surrounds it")
    void surrounded(@ForAll @IntRange(max = 40) int pad) {
        String filler = "Hello world ".repeat(pad);
        for (Corpus.Case c : List.of(new Corpus.Case(0, AttackCategory.XSS, "body", "<script>alert(1)</script>"),
                new Corpus.Case(0, AttackCategory.JNDI_LOOKUP, "body", "${${lower:j}ndi:ldap://x}"),
                new Corpus.Case(0, AttackCategory.PATH_TRAVERSAL, "query:f", "../../etc/passwd"))) {
            ScanReport r = SCANNER.scan(c.location(), filler + c.input() + " " + filler);
            assertTrue(r.has(c.category()), c::toString);
        }
        assertFalse(SCANNER.scan("body", filler).hasIssues());
    }
}
