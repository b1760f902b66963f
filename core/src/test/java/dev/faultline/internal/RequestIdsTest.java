package dev.faultline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Request ids")
class RequestIdsTest {

    static final Pattern GENERATED = Pattern.compile("[0-9a-f]{32}");

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT_ID = "00f067aa0ba902b7";
    static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

    @Nested
    @DisplayName("an incoming X-Request-Id")
    class Incoming {

        @ParameterizedTest(name = "\"{0}\" is kept")
        @ValueSource(strings = {"a", "Z", "0", "abc-123", "req_42.retry-1", "A.b_C-d", "...", "---", "___"})
        @DisplayName("of 1..128 characters of [A-Za-z0-9._-] is kept as it is")
        void keptWhenValid(String id) {
            assertTrue(RequestIds.isValid(id));
            assertSame(id, RequestIds.choose(id, null));
            assertSame(id, RequestIds.choose(id, TRACEPARENT), "the request id wins over a traceparent");
        }

        @Test
        @DisplayName("of exactly 128 characters is kept; of 129 is replaced")
        void lengthLimit() {
            String max = "a".repeat(RequestIds.MAX_LENGTH);
            assertEquals(max, RequestIds.choose(max, null));
            String tooLong = max + "b";
            assertFalse(RequestIds.isValid(tooLong));
            String chosen = RequestIds.choose(tooLong, null);
            assertTrue(GENERATED.matcher(chosen).matches(), chosen);
        }

        @ParameterizedTest(name = "\"{0}\" is replaced")
        @ValueSource(strings = {"", " ", "abc def", " abc", "abc ", "abc\r\nX-Injected: 1", "abc\n", "abc\t",
                "r\u00e9quest", "\u8bf7\u6c42", "emoji\uD83D\uDE00", "a/b", "a:b", "a;b", "a\"b", "<script>",
                "a+b", "a=b", "a%20b", "\u0000"})
        @DisplayName("that is empty or holds any other character is replaced by a generated id")
        void replacedWhenInvalid(String id) {
            assertFalse(RequestIds.isValid(id));
            String chosen = RequestIds.choose(id, null);
            assertTrue(GENERATED.matcher(chosen).matches(), chosen);
        }

        @Test
        @DisplayName("that is invalid gives way to a valid traceparent's trace id")
        void invalidFallsBackToTraceparent() {
            assertEquals(TRACE_ID, RequestIds.choose("bad id", TRACEPARENT));
            assertEquals(TRACE_ID, RequestIds.choose(null, TRACEPARENT));
        }

        @Test
        @DisplayName("that is absent, without a traceparent, gives a generated id")
        void absent() {
            assertTrue(GENERATED.matcher(RequestIds.choose(null, null)).matches());
            assertFalse(RequestIds.isValid(null));
        }
    }

    @Nested
    @DisplayName("a W3C traceparent")
    class Traceparent {

        @Test
        @DisplayName("that is valid gives its trace id")
        void valid() {
            assertEquals(TRACE_ID, RequestIds.traceId(TRACEPARENT));
            assertEquals(TRACE_ID, RequestIds.traceId("00-" + TRACE_ID + "-" + PARENT_ID + "-00"));
        }

        @Test
        @DisplayName("of a future version may carry more fields after a dash")
        void futureVersion() {
            assertEquals(TRACE_ID, RequestIds.traceId("01-" + TRACE_ID + "-" + PARENT_ID + "-01-extra"));
            assertEquals(TRACE_ID, RequestIds.traceId("cc-" + TRACE_ID + "-" + PARENT_ID + "-01"));
            assertNull(RequestIds.traceId("01-" + TRACE_ID + "-" + PARENT_ID + "-01extra"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
                // all-zero trace id or parent id
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                // upper-case hex
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A",
                "0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                // version ff is invalid
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                // wrong lengths
                "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e47361-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b71-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-011",
                "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                // version 00 allows nothing after the flags
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
                // not hex, wrong separators, garbage
                "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
                "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
                "", "00", "garbage"})
        @DisplayName("that is malformed is not used")
        void invalid(String traceparent) {
            assertNull(RequestIds.traceId(traceparent));
            String chosen = RequestIds.choose(null, traceparent);
            assertNotEquals(TRACE_ID, chosen);
            assertTrue(GENERATED.matcher(chosen).matches(), chosen);
        }

        @Test
        @DisplayName("that is absent gives nothing")
        void absent() {
            assertNull(RequestIds.traceId(null));
        }
    }

    @Nested
    @DisplayName("a generated id")
    class Generated {

        @Test
        @DisplayName("is 32 lower-case hex digits, a valid request id, and distinct across 10,000 calls")
        void distinct() {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 10_000; i++) {
                String id = RequestIds.generate();
                assertTrue(GENERATED.matcher(id).matches(), id);
                assertTrue(RequestIds.isValid(id));
                ids.add(id);
            }
            assertEquals(10_000, ids.size());
        }
    }
}
