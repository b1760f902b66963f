package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.error.Classification;
import dev.faultline.error.ConflictException;
import dev.faultline.error.DatabaseException;
import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import dev.faultline.error.FieldError;
import dev.faultline.error.NotFoundException;
import dev.faultline.error.Problem;
import dev.faultline.error.RateLimitedException;
import dev.faultline.error.ServiceTimeoutException;
import dev.faultline.error.ValidationException;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.testkit.TestRequest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Problem responses")
class ProblemsTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T05:06:07.123456789Z"), ZoneOffset.UTC);
    static final String REQUEST_ID = "req-42";

    private static Faultline faultline(Consumer<Faultline.Builder> config) {
        Faultline.Builder b = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION).clock(CLOCK);
        config.accept(b);
        return b.build();
    }

    private static Faultline production() {
        return faultline(b -> { });
    }

    private static Exchange open(Faultline f) {
        return f.open(TestRequest.get("/videos/42").header("X-Request-Id", REQUEST_ID));
    }

    private static ErrorReply fail(Throwable t) {
        return open(production()).fail(t);
    }

    private static JsonNode body(ErrorReply reply) {
        return ProblemJson.parse(reply.body());
    }

    /** The reason phrases the design's taxonomy statuses must have as titles. */
    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(409, "Conflict"), Map.entry(413, "Content Too Large"),
            Map.entry(429, "Too Many Requests"), Map.entry(499, "Client Closed Request"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    @Nested
    @DisplayName("for each error type")
    class PerType {

        @ParameterizedTest(name = "{0}")
        @EnumSource(ErrorType.class)
        @DisplayName("carry the type's status, title, error_type, generic detail and the standard members")
        void members(ErrorType type) {
            ErrorReply reply = fail(new FaultlineException(type, null));
            JsonNode json = body(reply);
            assertEquals(type.status(), reply.status());
            assertEquals(type.status(), json.get("status").intValue());
            assertTrue(json.get("status").isInt());
            assertEquals(TITLES.get(type.status()), json.get("title").textValue());
            assertEquals(type.label(), json.get("error_type").textValue());
            assertEquals(type.genericDetail(), json.get("detail").textValue());
            assertEquals("about:blank", json.get("type").textValue());
            assertEquals("/videos/42", json.get("instance").textValue());
            assertEquals(REQUEST_ID, json.get("request_id").textValue());
            assertEquals("2025-03-04T05:06:07.123Z", json.get("timestamp").textValue());
            assertEquals(Classification.of(type), reply.classification());
            assertEquals(Problem.MEDIA_TYPE, reply.contentType());
            assertEquals(REQUEST_ID, reply.header("X-Request-Id"));
            assertEquals("no-store", reply.header("Cache-Control"));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ErrorType.class)
        @DisplayName("put the standard members first, in RFC 9457 order")
        void memberOrder(ErrorType type) {
            JsonNode json = body(fail(new FaultlineException(type, "Public.")));
            List<String> names = new java.util.ArrayList<>();
            json.fieldNames().forEachRemaining(names::add);
            assertEquals(List.of("type", "title", "status", "detail", "instance", "request_id", "error_type", "timestamp"),
                    names);
        }
    }

    @Nested
    @DisplayName("detail")
    class Detail {

        @Test
        @DisplayName("is the public detail, never the internal message")
        void publicOnly() {
            ErrorReply reply = fail(new NotFoundException("No such video.", "video 42 missing in shard db-7", null));
            assertEquals("No such video.", body(reply).get("detail").textValue());
            assertFalse(reply.bodyText().contains("shard"));
        }

        @Test
        @DisplayName("is found on a FaultlineException wrapped in a generic exception")
        void wrapped() {
            ErrorReply reply = fail(new RuntimeException("wrapper", new NotFoundException("No such video.")));
            assertEquals(404, reply.status());
            assertEquals("No such video.", body(reply).get("detail").textValue());
        }

        @Test
        @DisplayName("is the generic sentence for an unknown exception, never its message")
        void internalGeneric() {
            ErrorReply reply = fail(new IllegalStateException("password=hunter2 at db-7"));
            JsonNode json = body(reply);
            assertEquals(500, reply.status());
            assertEquals(ErrorType.INTERNAL.genericDetail(), json.get("detail").textValue());
            assertFalse(reply.bodyText().contains("hunter2"));
            assertFalse(json.has("exception"));
            assertFalse(json.has("message"));
            assertFalse(json.has("stack"));
        }

        @Test
        @DisplayName("is the type's generic sentence for a built-in classification (an SQLException's message stays out)")
        void builtInGeneric() {
            ErrorReply reply = fail(new SQLException("FATAL: password authentication failed for user app"));
            assertEquals(503, reply.status());
            assertEquals(ErrorType.DATABASE.genericDetail(), body(reply).get("detail").textValue());
            assertFalse(reply.bodyText().contains("password"));
        }
    }

    @Nested
    @DisplayName("validation")
    class Validation {

        @Test
        @DisplayName("renders field errors as errors: [{field, message}] in order")
        void fieldErrors() {
            ErrorReply reply = fail(new ValidationException("The video is invalid.", List.of(
                    new FieldError("title", "must not be blank"),
                    new FieldError("/tags/0", "must be at most 30 characters"))));
            JsonNode json = body(reply);
            assertEquals(400, reply.status());
            assertEquals("The video is invalid.", json.get("detail").textValue());
            JsonNode errors = json.get("errors");
            assertTrue(errors.isArray());
            assertEquals(2, errors.size());
            assertEquals("title", errors.get(0).get("field").textValue());
            assertEquals("must not be blank", errors.get(0).get("message").textValue());
            assertEquals("/tags/0", errors.get(1).get("field").textValue());
            assertEquals("must be at most 30 characters", errors.get(1).get("message").textValue());
            assertEquals(2, errors.get(0).size());
        }

        @Test
        @DisplayName("has no errors member without field errors")
        void noFieldErrors() {
            assertFalse(body(fail(new ValidationException("Bad."))).has("errors"));
        }

        @Test
        @DisplayName("semantic validation is a 422 Unprocessable Content")
        void semantic() {
            ErrorReply reply = fail(ValidationException.semantic("The end is before the start.",
                    List.of(new FieldError("end", "must be after start"))));
            JsonNode json = body(reply);
            assertEquals(422, reply.status());
            assertEquals(422, json.get("status").intValue());
            assertEquals("Unprocessable Content", json.get("title").textValue());
            assertEquals("validation", json.get("error_type").textValue());
            assertEquals("end", json.get("errors").get(0).get("field").textValue());
        }
    }

    @Nested
    @DisplayName("retry-after")
    class RetryAfter {

        @Test
        @DisplayName("a RateLimitedException gives a Retry-After header and retry_after member in seconds")
        void rateLimited() {
            ErrorReply reply = fail(new RateLimitedException("Slow down.", Duration.ofSeconds(30)));
            assertEquals(429, reply.status());
            assertEquals("30", reply.header("Retry-After"));
            assertEquals(30, body(reply).get("retry_after").longValue());
        }

        @Test
        @DisplayName("a fraction of a second rounds up")
        void roundsUp() {
            ErrorReply reply = fail(new RateLimitedException(null, Duration.ofMillis(1500)));
            assertEquals("2", reply.header("Retry-After"));
            assertEquals(2, body(reply).get("retry_after").longValue());
        }

        @Test
        @DisplayName("a 503 with a known retry-after gets the header too")
        void on503() {
            ErrorReply reply = fail(new DatabaseException(null).withRetryAfter(Duration.ofSeconds(10)));
            assertEquals(503, reply.status());
            assertEquals("10", reply.header("Retry-After"));
            assertEquals(10, body(reply).get("retry_after").longValue());
        }

        @Test
        @DisplayName("other statuses show retry_after in the body but send no Retry-After header")
        void otherStatus() {
            ErrorReply reply = fail(new ServiceTimeoutException(null).withRetryAfter(Duration.ofSeconds(5)));
            assertEquals(504, reply.status());
            assertNull(reply.header("Retry-After"));
            assertEquals(5, body(reply).get("retry_after").longValue());
        }

        @Test
        @DisplayName("without one there is neither header nor member")
        void none() {
            ErrorReply reply = fail(new DatabaseException(null));
            assertNull(reply.header("Retry-After"));
            assertFalse(body(reply).has("retry_after"));
        }

        @Test
        @DisplayName("a downstream's 429 passed on as a 503 carries the downstream's Retry-After")
        void downstream() {
            Faultline f = faultline(b -> b.classifier(dev.faultline.error.ErrorClassifier.builder()
                    .knowledge("class." + DownstreamException.class.getName(), "external_service signal=http:status() headers=headers()")
                    .build()));
            ErrorReply reply = open(f).fail(new IllegalStateException("billing failed",
                    new DownstreamException(429, Map.of("Retry-After", List.of("20")))));
            assertEquals(503, reply.status());
            assertEquals("external_service", body(reply).get("error_type").asText());
            assertEquals("20", reply.header("Retry-After"));
            assertEquals(20, body(reply).get("retry_after").longValue());
            ErrorReply notPassed = open(f).fail(new DownstreamException(500, Map.of("Retry-After", List.of("20"))));
            assertEquals(502, notPassed.status());
            assertNull(notPassed.header("Retry-After"));
        }
    }

    /** An HTTP client's exception for a downstream's error response, as a client library defines one. */
    public static final class DownstreamException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final Map<String, List<String>> headers;

        DownstreamException(int status, Map<String, List<String>> headers) {
            super("downstream answered " + status);
            this.status = status;
            this.headers = headers;
        }

        public int status() {
            return status;
        }

        public Map<String, List<String>> headers() {
            return headers;
        }
    }

    @Nested
    @DisplayName("type URI")
    class TypeUri {

        @Test
        @DisplayName("is about:blank by default")
        void defaultBlank() {
            assertEquals("about:blank", body(fail(new NotFoundException(null))).get("type").textValue());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ErrorType.class)
        @DisplayName("is the configured base followed by the type's slug")
        void base(ErrorType type) {
            Faultline f = faultline(b -> b.problemTypeBase("https://errors.example.com/"));
            JsonNode json = body(open(f).fail(new FaultlineException(type, null)));
            assertEquals("https://errors.example.com/" + type.slug(), json.get("type").textValue());
        }

        @Test
        @DisplayName("a base without a trailing slash still gets the slug as its own path segment")
        void baseWithoutSlash() {
            Faultline f = faultline(b -> b.problemTypeBase("https://errors.example.com"));
            JsonNode json = body(open(f).fail(new NotFoundException(null)));
            assertEquals("https://errors.example.com/not-found", json.get("type").textValue());
        }

        @Test
        @DisplayName("can come from the faultline.problem.type-base setting")
        void fromSetting() {
            Faultline f = Faultline.builder()
                    .settings(Map.of("faultline.problem.type-base", "https://errors.example.org/p/")::get)
                    .build();
            JsonNode json = body(open(f).fail(new NotFoundException(null)));
            assertEquals("https://errors.example.org/p/not-found", json.get("type").textValue());
        }
    }

    @Nested
    @DisplayName("extensions")
    class Extensions {

        @Test
        @DisplayName("appear as members after the standard ones")
        void shown() {
            ErrorReply reply = fail(new ConflictException("Already exists.")
                    .withExtension("video_id", "v42")
                    .withExtension("versions", List.of(1, 2)));
            JsonNode json = body(reply);
            assertEquals("v42", json.get("video_id").textValue());
            assertEquals(2, json.get("versions").get(1).intValue());
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"type", "title", "status", "detail", "instance", "request_id", "error_type",
                "timestamp", "errors", "retry_after", "exception", "message", "stack", ""})
        @DisplayName("with a reserved name are refused with IllegalArgumentException")
        void reserved(String name) {
            assertThrows(IllegalArgumentException.class, () -> new ConflictException("x").withExtension(name, "v"));
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"type", "title", "status", "detail", "instance"})
        @DisplayName("with a standard member's name are refused by Problem.Builder too")
        void reservedInProblem(String name) {
            assertThrows(IllegalArgumentException.class, () -> Problem.builder(400).extension(name, "v"));
        }

        @Test
        @DisplayName("that cannot be serialised give a plain 500 problem instead of failing")
        void unserialisable() {
            ErrorReply reply = fail(new ConflictException("Already exists.").withExtension("bad", new Unserialisable()));
            JsonNode json = body(reply);
            assertEquals(500, reply.status());
            assertEquals(500, json.get("status").intValue());
            assertEquals("internal", json.get("error_type").textValue());
            assertEquals(REQUEST_ID, json.get("request_id").textValue());
        }
    }

    /** A bean whose getter throws, so Jackson cannot write it. */
    public static final class Unserialisable {
        public String getValue() {
            throw new IllegalStateException("cannot serialise");
        }
    }

    @Nested
    @DisplayName("a bare error status")
    class BareStatus {

        @Test
        @DisplayName("failStatus(404) gives a 404 NOT_FOUND problem")
        void notFound() {
            ErrorReply reply = open(production()).failStatus(404);
            JsonNode json = body(reply);
            assertEquals(404, reply.status());
            assertEquals(404, json.get("status").intValue());
            assertEquals("Not Found", json.get("title").textValue());
            assertEquals("not_found", json.get("error_type").textValue());
            assertEquals(ErrorType.NOT_FOUND.genericDetail(), json.get("detail").textValue());
            assertEquals(ErrorType.NOT_FOUND, reply.classification().type());
        }

        @Test
        @DisplayName("failStatus(405) keeps the 405 with the nearest type")
        void methodNotAllowed() {
            ErrorReply reply = open(production()).failStatus(405);
            JsonNode json = body(reply);
            assertEquals(405, reply.status());
            assertEquals(405, json.get("status").intValue());
            assertEquals("Method Not Allowed", json.get("title").textValue());
            assertEquals("validation", json.get("error_type").textValue());
        }

        @ParameterizedTest(name = "failStatus({0})")
        @ValueSource(ints = {200, 204, 302, 399, 600})
        @DisplayName("failStatus of a status that is not an error throws IllegalArgumentException")
        void notAnError(int status) {
            Exchange x = open(production());
            assertThrows(IllegalArgumentException.class, () -> x.failStatus(status));
        }
    }

    @Nested
    @DisplayName("instance")
    class Instance {

        @Test
        @DisplayName("is the request path, cut to 256 characters")
        void truncated() {
            String path = "/" + "p".repeat(400);
            ErrorReply reply = production().open(TestRequest.get(path)).fail(new NotFoundException(null));
            assertEquals(path.substring(0, Problems.MAX_INSTANCE_LENGTH), body(reply).get("instance").textValue());
        }
    }

    @Nested
    @DisplayName("exception details")
    class Details {

        @Test
        @DisplayName("in development show exception, message and the top stack frames")
        void development() {
            Faultline f = faultline(b -> b.environment(Environment.DEVELOPMENT).stackFrames(3));
            IllegalStateException e = new IllegalStateException("state was broken", new SQLException("root"));
            JsonNode json = body(open(f).fail(e));
            assertEquals("java.lang.IllegalStateException", json.get("exception").textValue());
            assertEquals("state was broken", json.get("message").textValue());
            JsonNode stack = json.get("stack");
            assertEquals(4, stack.size(), stack::toString);
            assertEquals(e.getStackTrace()[0].toString(), stack.get(0).textValue());
            assertEquals("caused by java.sql.SQLException", stack.get(3).textValue());
        }

        @Test
        @DisplayName("in development show the message with secrets redacted by shape")
        void developmentMessageRedacted() {
            Faultline f = faultline(b -> b.environment(Environment.DEVELOPMENT));
            String key = "AKIAIOSFODNN7EXAMPLE";
            String url = "postgres://app:s3cret-pass@db.internal:5432/videos";
            JsonNode json = body(open(f).fail(new IllegalStateException("connect " + url + " as " + key + " failed")));
            String message = json.get("message").textValue();
            assertFalse(message.contains(key), message);
            assertFalse(message.contains("s3cret-pass"), message);
            assertTrue(message.startsWith("connect "), message);
            assertTrue(message.contains("[REDACTED:"), message);
        }

        @Test
        @DisplayName("with stackFrames(0) show no stack member")
        void noFrames() {
            Faultline f = faultline(b -> b.exposeExceptionDetails(true).stackFrames(0));
            JsonNode json = body(open(f).fail(new IllegalStateException("x")));
            assertTrue(json.has("exception"));
            assertFalse(json.has("stack"));
        }

        @Test
        @DisplayName("omit message when the exception has none")
        void noMessage() {
            Faultline f = faultline(b -> b.exposeExceptionDetails(true));
            JsonNode json = body(open(f).fail(new IllegalStateException()));
            assertTrue(json.has("exception"));
            assertFalse(json.has("message"));
        }

        @Test
        @DisplayName("are never shown for a bare status, which has no exception")
        void bareStatus() {
            Faultline f = faultline(b -> b.environment(Environment.DEVELOPMENT));
            JsonNode json = body(open(f).failStatus(404));
            assertFalse(json.has("exception"));
            assertFalse(json.has("stack"));
        }
    }

    @Nested
    @DisplayName("Problem")
    class ProblemValue {

        @Test
        @DisplayName("defaults to about:blank and the reason phrase as title")
        void defaults() {
            Problem p = Problem.builder(503).build();
            assertEquals("about:blank", p.type());
            assertEquals("Service Unavailable", p.title());
            JsonNode json = ProblemJson.parse(p.toJson());
            assertEquals(503, json.get("status").intValue());
            assertFalse(json.has("detail"));
            assertFalse(json.has("instance"));
        }

        @Test
        @DisplayName("falls back to a class title for unlisted statuses")
        void unlisted() {
            assertEquals("Client Error", Problem.builder(498).build().title());
            assertEquals("Server Error", Problem.builder(599).build().title());
        }

        @ParameterizedTest(name = "status {0}")
        @ValueSource(ints = {200, 399, 600})
        @DisplayName("refuses a status outside 400..599")
        void badStatus(int status) {
            assertThrows(IllegalArgumentException.class, () -> Problem.builder(status));
        }
    }
}
