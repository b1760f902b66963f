package dev.faultline;

import static dev.faultline.ProblemJson.repaired;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.error.DatabaseException;
import dev.faultline.error.Problem;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.testkit.TestRequest;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Group;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.WithNull;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

@Label("Problem rendering properties")
class ProblemProperties {

    /** Marks a secret in exception messages; it cannot occur in a request id, a path or a generic sentence. */
    static final String SECRET = "\u00a7leak\u00a7";

    private static final Set<String> STANDARD = Set.of("type", "title", "status", "detail", "instance");

    private static @Nullable Level errorLoggerLevel;

    /** The properties fail thousands of requests; keep the error log (and its stack traces) quiet. */
    @BeforeContainer
    static void quietErrorLog() {
        Logger error = (Logger) LoggerFactory.getLogger("faultline.error");
        errorLoggerLevel = error.getLevel();
        error.setLevel(Level.OFF);
    }

    @AfterContainer
    static void restoreErrorLog() {
        ((Logger) LoggerFactory.getLogger("faultline.error")).setLevel(errorLoggerLevel);
    }

    // ---- generators -----------------------------------------------------------------------------

    /**
     * Strings that are hard for JSON: quotes, backslashes, every control character, {@code </script>},
     * unpaired surrogates of both kinds, emoji surrogate pairs, line and paragraph separators, BOMs,
     * noncharacters; pieced together, or any UTF-16 units at all.
     */
    @Provide
    Arbitrary<String> nasty() {
        Arbitrary<String> tokens = Arbitraries.of("\"", "\\", "\\\"", "\\u0000", "\n", "\r\n", "\t", "\b", "\f",
                "</script>", "<!--", "]]>", "\uD83D\uDE00", "\uD83D\uDC4D\uD83C\uDFFD", "\uD83D", "\uDE00",
                "\uDBFF\uDBFF", "\uDC00\uD800", "\u2028", "\u2029", "\uFEFF", "\uFFFE", "\uFFFF", "\u007f",
                "\u0085", "\u00e9", "\uD834\uDD1E", "{\"status\":200}", "null", "}", "]", ",", ":", "", " ");
        Arbitrary<String> control = Arbitraries.chars().range('\u0000', '\u001f').map(String::valueOf);
        Arbitrary<String> surrogate = Arbitraries.chars().range('\uD800', '\uDFFF').map(String::valueOf);
        Arbitrary<String> anyUnit = Arbitraries.chars().range('\u0000', '\uffff').map(String::valueOf);
        Arbitrary<String> words = Arbitraries.strings().alpha().numeric().ofMaxLength(6);
        Arbitrary<String> pieced = Arbitraries.frequencyOf(
                        Tuple.of(4, tokens), Tuple.of(2, control), Tuple.of(2, surrogate),
                        Tuple.of(2, anyUnit), Tuple.of(3, words))
                .list().ofMaxSize(24)
                .map(pieces -> String.join("", pieces));
        Arbitrary<String> raw = Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(60);
        return Arbitraries.frequencyOf(Tuple.of(3, pieced), Tuple.of(1, raw));
    }

    @Provide
    Arbitrary<Integer> statuses() {
        return Arbitraries.integers().between(400, 599);
    }

    // ---- Problem.toJson -------------------------------------------------------------------------

    @Group
    @Label("Problem.toJson")
    class ToJson {

        @Property(tries = 500)
        @Label("a plain failure's body, written straight to bytes, is byte for byte what Problem.toJson writes")
        void plainBodyAsProblem(@ForAll("statuses") int status, @ForAll("nasty") @WithNull String path,
                @ForAll("nasty") String requestId, @ForAll boolean typeBase,
                @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 4_102_444_800_000L) long epochMillis,
                @ForAll @IntRange(min = 0, max = 999_999) int nanos) {
            java.time.Instant now = java.time.Instant.ofEpochMilli(epochMillis).plusNanos(nanos);
            for (dev.faultline.error.ErrorType type : dev.faultline.error.ErrorType.values()) {
                dev.faultline.error.Classification c = dev.faultline.error.Classification.of(type);
                if (c.status() != status) {
                    c = c.withStatus(status);
                }
                String base = typeBase ? "https://errors.example.com/" : null;
                Problems problems = new Problems(base, false, 0,
                        java.time.Clock.fixed(now, java.time.ZoneOffset.UTC), null, m -> m);
                ErrorReply reply = problems.reply(c, null, null, requestId, "X-Request-Id", path);
                // twice: the second reply reuses the cached text of the second
                assertTrue(java.util.Arrays.equals(reply.body(), problems.reply(c, null, null, requestId, "X-Request-Id", path).body()));
                String instance = path == null ? null
                        : path.length() <= Problems.MAX_INSTANCE_LENGTH ? path : path.substring(0, Problems.MAX_INSTANCE_LENGTH);
                byte[] expected = Problem.builder(status)
                        .type(base == null ? "about:blank" : base + type.slug())
                        .detail(type.genericDetail())
                        .instance(instance)
                        .extension("request_id", requestId)
                        .extension("error_type", type.label())
                        .extension("timestamp", java.time.format.DateTimeFormatter.ISO_INSTANT.format(
                                now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)))
                        .build().toJson();
                assertEquals(new String(expected, java.nio.charset.StandardCharsets.UTF_8),
                        new String(reply.body(), java.nio.charset.StandardCharsets.UTF_8));
                assertTrue(java.util.Arrays.equals(expected, reply.body()), "the same bytes");
            }
        }

        @Property
        @Label("is one valid UTF-8 JSON object whose members read back (unpaired surrogates as U+FFFD)")
        void roundTrips(@ForAll("statuses") int status, @ForAll("nasty") String type, @ForAll("nasty") String title,
                @ForAll("nasty") String detail, @ForAll("nasty") String instance,
                @ForAll("nasty") String key, @ForAll("nasty") String value) {
            Assume.that(!STANDARD.contains(key));
            Problem p = Problem.builder(status).type(type).title(title).detail(detail).instance(instance)
                    .extension(key, value).build();
            JsonNode json = ProblemJson.parse(p.toJson());
            assertEquals(status, json.get("status").intValue());
            assertTrue(json.get("status").isInt());
            assertEquals(repaired(type), json.get("type").textValue());
            assertEquals(repaired(title), json.get("title").textValue());
            assertEquals(repaired(detail), json.get("detail").textValue());
            assertEquals(repaired(instance), json.get("instance").textValue());
            assertEquals(repaired(value), json.get(repaired(key)).textValue());
            assertEquals(6, json.size());
        }

        @Property
        @Label("keeps status equal to the given status with default type and title")
        void statusKept(@ForAll("statuses") int status, @ForAll("nasty") @WithNull String detail) {
            JsonNode json = ProblemJson.parse(Problem.builder(status).detail(detail).build().toJson());
            assertEquals(status, json.get("status").intValue());
            assertEquals("about:blank", json.get("type").textValue());
            assertFalse(json.get("title").textValue().isEmpty());
            assertEquals(detail != null, json.has("detail"));
        }

        @Property
        @Label("renders nested lists and maps of arbitrary strings, keys included")
        void nestedValues(@ForAll("statuses") int status, @ForAll("nasty") String key, @ForAll("nasty") String value,
                @ForAll("nasty") String other) {
            Assume.that(!repaired(key).equals(repaired(other)));
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put(key, value);
            nested.put(other, List.of(value, other, 7, true));
            Problem p = Problem.builder(status).extension("data", nested).extension("list", List.of(key, value)).build();
            JsonNode json = ProblemJson.parse(p.toJson());
            JsonNode data = json.get("data");
            assertEquals(repaired(value), data.get(repaired(key)).textValue());
            JsonNode list = data.get(repaired(other));
            assertEquals(repaired(value), list.get(0).textValue());
            assertEquals(repaired(other), list.get(1).textValue());
            assertEquals(7, list.get(2).intValue());
            assertTrue(list.get(3).booleanValue());
            assertEquals(repaired(key), json.get("list").get(0).textValue());
        }
    }

    // ---- through an exchange --------------------------------------------------------------------

    /** Ways an application fails with a message that must stay secret in production. */
    @Provide
    Arbitrary<Function<String, Throwable>> failures() {
        return Arbitraries.of(
                RuntimeException::new,
                IllegalStateException::new,
                m -> new RuntimeException(m, new SQLException(m)),
                SQLException::new,
                SocketTimeoutException::new,
                m -> new DatabaseException(null, m, new SQLException(m)));
    }

    /** Incoming X-Request-Id values, valid or not, or none. */
    @Provide
    Arbitrary<String> incomingIds() {
        Arbitrary<String> valid = Arbitraries.strings().alpha().numeric().withChars('.', '_', '-')
                .ofMinLength(1).ofMaxLength(128);
        return Arbitraries.frequencyOf(Tuple.of(2, valid), Tuple.of(1, nasty())).injectNull(0.3);
    }

    private static ErrorReply failThrough(Environment env, @Nullable String incomingId, String path, Throwable t,
            List<Exchange> opened) {
        Faultline f = Faultline.builder().settings(name -> null).environment(env).build();
        Exchange x = f.open(TestRequest.of("POST", path).header("X-Request-Id", incomingId));
        opened.add(x);
        return x.fail(t);
    }

    private static void assertReplyConsistent(ErrorReply reply, JsonNode json, Exchange x) {
        assertEquals(reply.status(), json.get("status").intValue());
        assertEquals(reply.classification().status(), reply.status());
        assertEquals(Problem.MEDIA_TYPE, reply.contentType());
        assertEquals(Problem.MEDIA_TYPE, reply.header("Content-Type"));
        assertEquals(x.requestId(), reply.header("X-Request-Id"));
        assertEquals(x.requestId(), json.get("request_id").textValue());
    }

    @Group
    @Label("through an exchange")
    class ThroughExchange {

        @Property(tries = 200)
        @Label("in production the body is valid JSON that never shows the exception's message, class or stack")
        void production(@ForAll("nasty") String message, @ForAll("failures") Function<String, Throwable> failure,
                @ForAll("incomingIds") @Nullable String incomingId, @ForAll("nasty") String pathTail) {
            String secret = SECRET + message + SECRET;
            String path = "/v/" + pathTail;
            Assume.that(!path.contains(SECRET));
            List<Exchange> opened = new ArrayList<>();
            ErrorReply reply = failThrough(Environment.PRODUCTION, incomingId, path, failure.apply(secret), opened);
            JsonNode json = ProblemJson.parse(reply.body());
            assertReplyConsistent(reply, json, opened.get(0));
            assertFalse(json.has("exception"));
            assertFalse(json.has("message"));
            assertFalse(json.has("stack"));
            assertFalse(reply.bodyText().contains(SECRET), reply::bodyText);
            assertNoStringContains(json, SECRET);
            // TestRequest.of takes what follows a '?' as the query string: the instance is the path before it
            String requestPath = path.indexOf('?') < 0 ? path : path.substring(0, path.indexOf('?'));
            assertEquals(repaired(requestPath.length() <= Problems.MAX_INSTANCE_LENGTH
                    ? requestPath : requestPath.substring(0, Problems.MAX_INSTANCE_LENGTH)), json.get("instance").textValue());
        }

        @Property(tries = 200)
        @Label("in development the body is valid JSON with exception, message (repaired) and stack members")
        void development(@ForAll("nasty") String message, @ForAll("incomingIds") @Nullable String incomingId) {
            List<Exchange> opened = new ArrayList<>();
            ErrorReply reply = failThrough(Environment.DEVELOPMENT, incomingId, "/v/1",
                    new RuntimeException(message), opened);
            JsonNode json = ProblemJson.parse(reply.body());
            assertReplyConsistent(reply, json, opened.get(0));
            assertEquals(500, reply.status());
            assertEquals("java.lang.RuntimeException", json.get("exception").textValue());
            assertEquals(repaired(message), json.get("message").textValue());
            assertTrue(json.get("stack").isArray());
            assertTrue(json.get("stack").size() > 0);
            assertTrue(json.get("stack").size() <= Faultline.Builder.DEFAULT_STACK_FRAMES);
        }

        @Property(tries = 100)
        @Label("any bare error status renders with that status")
        void bareStatus(@ForAll @IntRange(min = 400, max = 599) int status, @ForAll("incomingIds") @Nullable String id) {
            Faultline f = Faultline.builder().settings(name -> null).build();
            Exchange x = f.open(TestRequest.get("/").header("X-Request-Id", id));
            ErrorReply reply = x.failStatus(status);
            JsonNode json = ProblemJson.parse(reply.body());
            assertEquals(status, reply.status());
            assertReplyConsistent(reply, json, x);
        }
    }

    /** Fails if any member name or string value anywhere in {@code node} contains {@code needle}. */
    private static void assertNoStringContains(JsonNode node, String needle) {
        if (node.isTextual()) {
            assertFalse(node.textValue().contains(needle), node.textValue());
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            assertFalse(e.getKey().contains(needle), e.getKey());
            assertNoStringContains(e.getValue(), needle);
        }
        if (node.isArray()) {
            node.forEach(child -> assertNoStringContains(child, needle));
        }
    }
}
