package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link SqlSyntax#bareIsNone}, the shortcut that spares a path ({@code /hello}) and prose
 * ({@code coast walk}) the SQL parse, may
 * only skip values the full parse finds nothing in: wherever it holds, {@link SqlSyntax#checkFull}
 * read bare must be {@link SqlSyntax#NONE}, and {@link SqlSyntax#check} must agree with
 * {@link SqlSyntax#checkFull} in every context. Over generated SQL-like text and over every sample of
 * the libinjection and project corpora, canonicalised as the scanner reads them, as they are and behind
 * a {@code /} (where the shortcut applies).
 */
class SqlSyntaxProperties {

    private static final String[] TOKENS = {"/", "/", "/*", "*/", "/*!", "*", "-", "--", "#", "'", "\"", "`",
        " ", " ", "\n", "(", ")", ",", ";", "=", "<", ">", "!", "|", "||", "&", "&&", "@", "@@", ".", "1", "0x1f",
        "42", "a", "x", "hello", "api", "videos", "union", "select", "or", "and", "not", "binary", "sleep(",
        "from", "where", "order", "by", "exec", "declare", "case", "when", "null", "version()", "~", "+", ":=",
        "is", "like", "waitfor", "delay", "drop", "table", "having", "limit", "into", "outfile"};

    @Provide
    Arbitrary<String> sqlish() {
        Arbitrary<String> tokens = Arbitraries.of(TOKENS).list().ofMaxSize(30).map(l -> String.join("", l));
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(60);
        return Arbitraries.oneOf(tokens, tokens, tokens, ascii);
    }

    @Property(tries = 3000)
    void theShortcutSkipsOnlyValuesTheParseFindsNothingIn(@ForAll("sqlish") String value) {
        agree(value);
        agree("/" + value);
        agree(" /" + value);
    }

    @Example
    void theCorporaAgree() {
        List<String> samples = new ArrayList<>();
        for (String file : LibinjectionCorpusTest.SQLI) {
            samples.addAll(LibinjectionCorpusTest.lines(file));
        }
        for (String file : LibinjectionCorpusTest.XSS) {
            samples.addAll(LibinjectionCorpusTest.lines(file));
        }
        samples.addAll(LibinjectionCorpusTest.lines("false_positives.txt"));
        for (Corpus.Case c : Corpus.attacks()) {
            samples.add(c.input());
        }
        for (Corpus.Case c : Corpus.benign()) {
            samples.add(c.input());
        }
        int skipped = 0;
        for (String s : samples) {
            skipped += agree(s) + agree("/" + s) + agree("/" + s.replace("/*", "/"));
        }
        // the property is not vacuous: the shortcut applied to many values, attacks among them
        assertTrue(skipped > samples.size(), "shortcut applied to " + skipped + " of " + 3 * samples.size());
    }

    @Example
    void pathsAreSkippedAndCommentsAreNot() {
        for (String path : List.of("/hello", "/api/videos/42", " /x", "/", "/ or 1=1")) {
            assertTrue(SqlSyntax.bareIsNone(path.toCharArray(), path.length()), path);
        }
        for (String value : List.of("/**/or/**/1=1", "/*!union*/", "1/1", "", " ", "x/y", "-1/")) {
            assertEquals(false, SqlSyntax.bareIsNone(value.toCharArray(), value.length()), value);
        }
    }

    @Example
    void proseIsSkippedAndSqlIsNot() {
        for (String value : List.of("coast walk, kind:morning", "walk, river", " hello world or 1=1", "x2 y_3",
                "walk ,1", "walk\nriver")) {
            assertTrue(SqlSyntax.bareIsNone(value.toCharArray(), value.length()), value);
            assertEquals(SqlSyntax.NONE, new SqlSyntax().checkFull(value.toCharArray(), value.length(),
                    new Canonicalizer.Work(), false, false), value);
        }
        for (String value : List.of("walk or 1=1", "union select 1", "select x", "x in (1)", "sleep (5)",
                "char (65)", "walk.river x", "x'41' y", "walk", "walk ", "a$ b", "id like 1", "1 or 1",
                "x is null", "walk (select 1)", "walk@x y", "walk collate x")) {
            assertEquals(false, SqlSyntax.bareIsNone(value.toCharArray(), value.length()), value);
        }
    }

    /** Checks one value (canonicalised); returns 1 when the shortcut applied to it. */
    private static int agree(String raw) {
        String text = Families.SCANNER.canonical(raw, new Canonicalizer.Work()).text();
        char[] a = text.toCharArray();
        int n = a.length;
        SqlSyntax syntax = new SqlSyntax();
        boolean none = SqlSyntax.bareIsNone(a, n);
        if (none) {
            assertEquals(SqlSyntax.NONE, syntax.checkFull(a, n, new Canonicalizer.Work(), false, false),
                    () -> "bareIsNone holds but the bare parse finds SQL in: " + text);
        }
        for (int k = 0; k < 4; k++) {
            boolean single = (k & 1) != 0;
            boolean dbl = (k & 2) != 0;
            int full = syntax.checkFull(a, n, new Canonicalizer.Work(), single, dbl);
            int fast = syntax.check(a, n, new Canonicalizer.Work(), single, dbl);
            assertEquals(full, fast, () -> "check and checkFull differ on: " + text);
        }
        return none ? 1 : 0;
    }
}
