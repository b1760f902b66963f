package dev.faultline.internal.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("MessageNormalizer")
class MessageNormalizerTest {

    private static void assertNormalized(String expected, String input) {
        String out = MessageNormalizer.normalize(input);
        assertEquals(expected, out, () -> "normalize(\"" + input + "\")");
        assertEquals(out, MessageNormalizer.normalize(out), "idempotent");
    }

    @Nested
    @DisplayName("replaces UUIDs")
    class Uuids {

        @Test
        @DisplayName("in any case, anywhere a word may start")
        void uuid() {
            assertNormalized("video <uuid> not found", "video 3f2504e0-4f89-11d3-9a0c-0305e82c3301 not found");
            assertNormalized("id=<uuid>", "id=3F2504E0-4F89-11D3-9A0C-0305E82C3301");
            assertNormalized("(<uuid>)", "(3f2504e0-4f89-11d3-9a0c-0305e82c3301)");
        }

        @Test
        @DisplayName("but not a UUID shape that goes on as a word")
        void notInsideWord() {
            assertNormalized("<hex>-<n>f<n>-<n>d<n>-<n>a<n>c-<n>e<n>c<n>x", "3f2504e0-4f89-11d3-9a0c-0305e82c3301x");
        }
    }

    @Nested
    @DisplayName("replaces e-mail addresses")
    class Emails {

        @Test
        @DisplayName("with dots, plus and hyphens, and stops before a sentence's full stop")
        void email() {
            assertNormalized("user <email> exists.", "user jane.doe+tag@mail.example-corp.com exists.");
            assertNormalized("to: <<email>>", "to: <ops_team@example.org>");
            assertNormalized("<email>,<email>", "a@b.io,c9@d.io");
        }

        @Test
        @DisplayName("but not a bare @ or a single-label domain")
        void notEmail() {
            assertNormalized("@home and user@localhost", "@home and user@localhost");
        }
    }

    @Nested
    @DisplayName("replaces hex")
    class Hex {

        @Test
        @DisplayName("0x literals and runs of 8 or more hex digits with a digit and a letter")
        void hex() {
            assertNormalized("address <hex> freed", "address 0x7ffe12ab freed");
            assertNormalized("commit <hex> and token <hex>", "commit 9f86d081884c7d65 and token DEADBEEF01");
            assertNormalized("trace-id:<hex>", "trace-id:4bf92f3577b34da6a3ce929d0e0e4736");
        }

        @Test
        @DisplayName("but keeps words made of hex letters and short runs")
        void notHex() {
            assertNormalized("deadbeef facade", "deadbeef facade");
            assertNormalized("abc<n>", "abc1234");
        }
    }

    @Nested
    @DisplayName("replaces numbers")
    class Numbers {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            "order 42 not found|order <n> not found",
            "took 3000ms|took <n>ms",
            "ratio 0.75 exceeded|ratio <n> exceeded",
            "balance -12.5 below 0|balance <n> below <n>",
            "offset=-3|offset=<n>",
            "range 1-5|range <n>-<n>",
            "user42 and item_7|user<n> and item_<n>",
            "HTTP/1.1 503|HTTP/<n> <n>",
            "v1.2.3.4.5|v<n>.<n>.<n>",
            "12345678901234567890123|<n>",
        })
        void numbers(String input, String expected) {
            assertNormalized(expected, input);
        }
    }

    @Nested
    @DisplayName("replaces quoted strings")
    class Quoted {

        @Test
        @DisplayName("single- and double-quoted, with spaces and other quotes inside")
        void quoted() {
            assertNormalized("Duplicate entry <str> for key <str>", "Duplicate entry 'jane@x.io' for key 'users.email'");
            assertNormalized("field <str> is invalid", "field \"first name\" is invalid");
            assertNormalized("name <str> rejected", "name 'O'Brien' rejected");
            assertNormalized("empty <str>", "empty ''");
        }

        @Test
        @DisplayName("but not apostrophes in words, nor an unbalanced quote")
        void apostrophes() {
            assertNormalized("can't find user's profile", "can't find user's profile");
            assertNormalized("unterminated 'string here", "unterminated 'string here");
            assertNormalized("a \"b <n>", "a \"b 7");
        }
    }

    @Nested
    @DisplayName("replaces IPv4 addresses")
    class Ips {

        @Test
        @DisplayName("with or without a port")
        void ip() {
            assertNormalized("connect to <ip>:<n> refused", "connect to 10.0.0.12:5432 refused");
            assertNormalized("from <ip>", "from 192.168.1.254");
        }

        @Test
        @DisplayName("but not numbers that only look like one")
        void notIp() {
            assertNormalized("<n>.<n>", "999.1.1.1"); // 999.1 and 1.1 are decimals
        }
    }

    @Nested
    @DisplayName("collapses whitespace and caps the length")
    class Shape {

        @Test
        @DisplayName("runs of spaces, tabs, newlines and control characters become one space, none at the ends")
        void whitespace() {
            assertNormalized("a b c d", "  a \t\n b\r\n\u0000c\u00a0 d  ");
        }

        @Test
        @DisplayName("a char is a space exactly when it is Java whitespace, a space char or an ISO control, ASCII and beyond")
        void spaceChars() {
            for (char ch = 0; ch < 0x3000 + 1; ch++) {
                char c = ch;
                boolean space = Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
                if (Character.isSurrogate(c) || c == '<' || c == '>' || c == '\'' || c == '"') {
                    continue; // not spaces; quotes and placeholders have rules of their own
                }
                String normalized = MessageNormalizer.normalize("x" + c + "y");
                if (space) {
                    assertEquals("x y", normalized, () -> "U+" + Integer.toHexString(c));
                } else {
                    assertTrue(!normalized.equals("x y") && !normalized.equals("xy"), () -> "U+" + Integer.toHexString(c));
                }
            }
        }

        @Test
        @DisplayName("null and empty give the empty string")
        void empty() {
            assertEquals("", MessageNormalizer.normalize(null));
            assertEquals("", MessageNormalizer.normalize(""));
            assertEquals("", MessageNormalizer.normalize(" \t\n"));
        }

        @Test
        @DisplayName("a long message is cut to 200 chars ending with an ellipsis")
        void cap() {
            String out = MessageNormalizer.normalize("word ".repeat(100));
            assertEquals(MessageNormalizer.MAX_LENGTH, out.length());
            assertTrue(out.endsWith("\u2026"));
            assertEquals(out, MessageNormalizer.normalize(out));
        }

        @Test
        @DisplayName("a message of placeholders stays as it is")
        void placeholders() {
            assertNormalized("<n> <uuid> <email> <hex> <str> <ip>", "<n> <uuid> <email> <hex> <str> <ip>");
        }
    }

    @Nested
    @DisplayName("runs in linear time on hostile input")
    class Linear {

        /** Inputs where every start looks far ahead and fails: quadratic for a naive scanner. */
        private static final String[] HOSTILE = {"'a ", "\"a ", "a.", "a1a1", "1.", "a@", "a@b.", "-", "0x", "1.2.",
            "ab-", "aaaaaaa1-", "\uD800", "' ", "x'", "a'", "ab1", "a-b"};

        @Test
        @DisplayName("the work on inputs built to make a naive scanner quadratic grows linearly, up to a megabyte")
        void hostile() {
            for (String unit : HOSTILE) {
                // work is counted, not timed; linearity is checked on 10 KB and 100 KB first, so that a
                // quadratic regression fails in seconds instead of grinding through the megabyte below
                String small = unit.repeat(10_000 / unit.length()) + "g";
                String mid = unit.repeat(100_000 / unit.length()) + "g";
                long smallWork = MessageNormalizer.work(small, Integer.MAX_VALUE);
                long midWork = MessageNormalizer.work(mid, Integer.MAX_VALUE);
                double sizeRatio = (double) mid.length() / small.length();
                double workRatio = (double) midWork / smallWork;
                assertTrue(workRatio <= 1.2 * sizeRatio,
                        () -> "work grew " + workRatio + "x for " + sizeRatio + "x the input on \"" + unit + "\"");
                assertTrue(midWork <= 64L * mid.length(),
                        () -> (double) midWork / mid.length() + " reads per character on \"" + unit + "\"");

                String big = unit.repeat(1_000_000 / unit.length()) + "g";
                assertTrue(MessageNormalizer.normalize(big).length() <= MessageNormalizer.MAX_LENGTH);
                // without the output cap the whole input is scanned: only the memos keep this linear
                String all = MessageNormalizer.normalize(big, Integer.MAX_VALUE);
                assertTrue(all.length() >= big.length() / 4, unit);
                long bigWork = MessageNormalizer.work(big, Integer.MAX_VALUE);
                assertTrue(bigWork <= 64L * big.length(),
                        () -> (double) bigWork / big.length() + " reads per character on \"" + unit + "\"");
            }
        }
    }
}
