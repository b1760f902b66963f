package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.security.Canonicalizer.Work;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("SignatureScanner")
class SignatureScannerTest {

    static final SignatureScanner SCANNER = SignatureScanner.create();

    static String canonical(String value) {
        return SCANNER.canonical(value, new Work()).text();
    }

    static Set<String> rules(String location, String value) {
        return SCANNER.scan(location, value).issues().stream().map(Finding::ruleId)
                .collect(java.util.stream.Collectors.toSet());
    }

    @Nested
    @DisplayName("on the attack corpus")
    class AttackCorpus {

        @Test
        @DisplayName("the corpus is big enough to mean something")
        void size() {
            assertTrue(Corpus.attacks().size() >= 60, "attack cases: " + Corpus.attacks().size());
            for (AttackCategory c : SCANNER.categories()) {
                assertTrue(Corpus.attacks().stream().filter(a -> a.category() == c).count() >= 6,
                        "too few cases of " + c);
            }
        }

        @TestFactory
        @DisplayName("reports every attack with its category, at its location, without its value")
        Stream<DynamicTest> attacks() {
            return Corpus.attacks().stream().map(c -> DynamicTest.dynamicTest("attacks.txt:" + c.line() + " " + c,
                    () -> {
                        ScanReport r = SCANNER.scan(c.location(), c.input());
                        assertTrue(r.has(c.category()), () -> c + " gave " + r);
                        for (Finding f : r.issues()) {
                            assertEquals(c.location(), f.location());
                            assertFalse(f.description().contains(c.input()));
                        }
                    }));
        }
    }

    @Nested
    @DisplayName("on the benign corpus")
    class BenignCorpus {

        @Test
        @DisplayName("the corpus is big enough to mean something")
        void size() {
            assertTrue(Corpus.benign().size() >= 60, "benign cases: " + Corpus.benign().size());
        }

        @TestFactory
        @DisplayName("reports nothing for names, prose, code, tokens, URLs, headers and bodies")
        Stream<DynamicTest> benign() {
            return Corpus.benign().stream().map(c -> DynamicTest.dynamicTest("benign.txt:" + c.line() + " " + c,
                    () -> {
                        ScanReport r = SCANNER.scan(c.location(), c.input());
                        assertFalse(r.hasIssues(), () -> c + " gave " + r.issues());
                    }));
        }
    }

    @Nested
    @DisplayName("decoding")
    class Decoding {

        @ParameterizedTest(name = "{0} decodes to {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "%3Cscript%3E             | <script>",
            "%253Cscript%253E         | <script>",
            "%25253Cscript%25253E     | <script>",
            "%u003Cscript%u003E       | <script>",
            "%c0%ae%c0%ae/            | ../",
            "%e0%80%ae%e0%80%ae/      | ../",
            "..%c0%af                 | ../",
            "&lt;b&gt;                | <b>",
            "&LT;b&GT;                | <b>",
            "&ltb&gt                  | <b>",
            "&#60;&#x3c;&#X3C;&#0060; | <<<<",
            "&#60&#x3c                | <<",
            "&amp;lt;                 | <",
            "\\u003cb\\u003e          | <b>",
            "a+b                      | a b",
            "a%20%20%09b              | a b",
            "a%0d%0a%0d%0ab           | `a\nb`",
            "ScRiPt                   | script",
            "%EF%BC%9Cb%EF%BC%9E      | <b>",
            "a%E2%80%8Bb%00c          | abc",
            "%zz%4                    | %zz%4",
            "%ff%fe                   | %ff%fe",
            "&bogus; &#; &#x;         | &bogus; &#; &#x;",
        })
        void decodes(String raw, String expected) {
            assertEquals(expected, canonical(raw));
        }

        @Test
        @DisplayName("stops after the configured number of rounds")
        void rounds() {
            String fourTimes = "%2525253Cscript%2525253E";
            assertEquals("%3cscript%3e", canonical(fourTimes));
            SignatureScanner one = SignatureScanner.builder().maxDecodeRounds(1).build();
            assertEquals("%3cscript%3e", one.canonical("%253Cscript%253E", new Work()).text());
            SignatureScanner none = SignatureScanner.builder().maxDecodeRounds(0).build();
            assertFalse(none.scan("query:q", "%3Cscript%3E").hasIssues());
            assertTrue(none.scan("query:q", "<SCRIPT>").hasIssues());
        }

        @Test
        @DisplayName("stops early at the first round that changes nothing")
        void early() {
            SignatureScanner.Canonical c = SCANNER.canonical("%253C", new Work());
            assertEquals(2, c.rounds());
            assertTrue(c.stable());
            assertEquals(0, SCANNER.canonical("plain", new Work()).rounds());
        }

        @Test
        @DisplayName("removes SQL comments but keeps MySQL's executable comments")
        void sqlComments() {
            Work w = new Work();
            assertEquals("1 union select 1", Canonicalizer.stripBlockComments("1/**/union/*x*/select/**/1", w));
            assertEquals("1 union select 1", Canonicalizer.stripBlockComments("1 /*!50000union*/ /*!select*/ 1", w));
            assertEquals("a /* no end", Canonicalizer.stripBlockComments("a /* no end", w));
            assertEquals("union \nselect 1 ", Canonicalizer.stripLineComments("union-- x\nselect 1 # y", w));
        }

        @Test
        @DisplayName("leaves text without comments or spaces as it is, without copying it (every path has slashes)")
        void noCommentNoCopy() {
            Work w = new Work();
            String path = "/videos/42/comments*";
            assertSame(path, Canonicalizer.stripBlockComments(path, w));
            assertEquals(path.length(), w.ops);
            assertSame("/a  /b", Canonicalizer.stripBlockComments("/a  /b", w)); // normalisation collapsed spaces before
            assertEquals("/a b", Canonicalizer.stripBlockComments("/a/**/b", w)); // comments still go
        }
    }

    @Nested
    @DisplayName("locations")
    class Locations {

        @Test
        @DisplayName("treat a header after a line break as CRLF injection in a query or header, not in a body")
        void crlf() {
            String v = "hello%0d%0aSet-Cookie: a=b";
            assertTrue(rules("query:q", v).contains("crlf.header-injection"));
            assertTrue(rules("header:Referer", v).contains("crlf.header-injection"));
            assertFalse(rules("body", v).contains("crlf.header-injection"));
        }

        @Test
        @DisplayName("treat any line break in the path as CRLF injection")
        void pathBreak() {
            assertEquals(Set.of("crlf.header-injection"), rules("path", "/a%0d%0ab"));
            assertEquals(Set.of(), rules("query:q", "line one%0d%0aline two"));
        }

        @Test
        @DisplayName("treat a line break as a shell separator except in a body")
        void newlineSeparator() {
            assertTrue(rules("query:host", "x%0aid").contains("cmd.shell-metachar"));
            assertFalse(rules("body", "x%0aid").contains("cmd.shell-metachar"));
        }

        @Test
        @DisplayName("need two steps up before a body's ../ counts (relative links in text are common)")
        void bodyTraversal() {
            assertTrue(rules("query:f", "../a").contains("traversal.dot-dot"));
            assertFalse(rules("body", "see ../a").contains("traversal.dot-dot"));
            assertTrue(rules("body", "{\"f\":\"../../a\"}").contains("traversal.dot-dot"));
        }
    }

    @Nested
    @DisplayName("limits")
    class Limits {

        @Test
        @DisplayName("scan the first maxInputLength characters and report the location as truncated")
        void truncation() {
            SignatureScanner small = SignatureScanner.builder().maxInputLength(16).build();
            ScanReport early = small.scan("body", "<script>" + "x".repeat(100));
            assertTrue(early.has(AttackCategory.XSS));
            assertEquals(List.of("body"), early.truncated());
            ScanReport late = small.scan("body", "x".repeat(100) + "<script>");
            assertFalse(late.hasIssues());
            assertEquals(List.of("body"), late.truncated());
            assertEquals(List.of(), small.scan("body", "x".repeat(16)).truncated());
        }

        @Test
        @DisplayName("report each rule once per value however often it matches")
        void oncePerRule() {
            ScanReport r = SCANNER.scan("query:q", "<script>".repeat(1000));
            assertEquals(1, r.issuesFound());
            assertEquals("xss.script-tag", r.issues().get(0).ruleId());
        }

        @Test
        @DisplayName("look only for the enabled categories")
        void categories() {
            SignatureScanner xssOnly = SignatureScanner.builder()
                    .categories(List.of(AttackCategory.XSS)).build();
            assertFalse(xssOnly.scan("query:q", "' or '1'='1").hasIssues());
            assertTrue(xssOnly.scan("query:q", "<script>").hasIssues());
            SignatureScanner noSql = SignatureScanner.builder().disable(AttackCategory.SQL_INJECTION).build();
            assertFalse(noSql.scan("query:q", "1 union select 1,2").hasIssues());
            assertEquals(Set.of(AttackCategory.values()).size() - 2, noSql.categories().size());
        }

        @Test
        @DisplayName("reject bad settings with a message naming the setting")
        void validation() {
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> SignatureScanner.builder().maxDecodeRounds(9)).getMessage()
                    .contains("security.max_decode_rounds"));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> SignatureScanner.builder().maxInputLength(0)).getMessage()
                    .contains("security.max_scan_chars"));
            assertThrows(IllegalArgumentException.class,
                    () -> SignatureScanner.builder().enable(AttackCategory.RATE_LIMIT));
        }

        @Test
        @DisplayName("scan nothing for an empty value and share the empty report")
        void empty() {
            assertSame(ScanReport.empty(), SCANNER.scan("query:q", ""));
        }
    }

    @Nested
    @DisplayName("reports")
    class Reports {

        @Test
        @DisplayName("render as {issues_found, issues[rule_id, category, location]}")
        void shape() {
            ScanReport r = SCANNER.scan("query:q", "<script>alert(1)</script>");
            assertEquals(Map.of("issues_found", 1, "issues",
                    List.of(Map.of("rule_id", "xss.script-tag", "category", "xss", "location", "query:q"))),
                    r.toMap());
            assertEquals(Map.of("issues_found", 0, "issues", List.of()), ScanReport.empty().toMap());
        }

        @Test
        @DisplayName("list rules in a fixed order whatever the order in the value")
        void order() {
            List<String> a = SCANNER.scan("query:q", "<script> ../x").issues().stream().map(Finding::ruleId).toList();
            List<String> b = SCANNER.scan("query:q", "../x <script>").issues().stream().map(Finding::ruleId).toList();
            assertEquals(a, b);
        }
    }
}
