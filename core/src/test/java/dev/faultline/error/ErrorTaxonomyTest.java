package dev.faultline.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The error taxonomy")
class ErrorTaxonomyTest {

    @Nested
    @DisplayName("ErrorType")
    class Types {

        @ParameterizedTest(name = "{0} is {1}, {2}, retryable {3}, slug {4}")
        @CsvSource({
                "VALIDATION,         400, LOW,      false, validation",
                "AUTHENTICATION,     401, MEDIUM,   false, authentication",
                "AUTHORIZATION,      403, MEDIUM,   false, authorization",
                "NOT_FOUND,          404, LOW,      false, not-found",
                "CONFLICT,           409, LOW,      false, conflict",
                "PAYLOAD_TOO_LARGE,  413, LOW,      false, payload-too-large",
                "RATE_LIMITED,       429, MEDIUM,   true,  rate-limited",
                "TIMEOUT,            504, HIGH,     true,  timeout",
                "DATABASE,           503, CRITICAL, true,  database",
                "EXTERNAL_SERVICE,   502, HIGH,     true,  external-service",
                "NETWORK,            503, HIGH,     true,  network",
                "RESOURCE_EXHAUSTED, 503, CRITICAL, true,  resource-exhausted",
                "INTERNAL,           500, HIGH,     false, internal"})
        @DisplayName("has the defaults of the design's table")
        void defaults(ErrorType type, int status, ErrorSeverity severity, boolean retryable, String slug) {
            assertEquals(status, type.status());
            assertEquals(severity, type.severity());
            assertEquals(retryable, type.retryable());
            assertEquals(retryable, Classification.of(type).retryable());
            assertEquals(slug, type.slug());
            assertEquals(slug.replace('-', '_'), type.label());
            assertFalse(type.genericDetail().isBlank());
        }

        @ParameterizedTest(name = "status {0} stands for {1}")
        @CsvSource({
                "400, VALIDATION", "401, AUTHENTICATION", "403, AUTHORIZATION", "404, NOT_FOUND", "405, VALIDATION",
                "408, TIMEOUT", "409, CONFLICT", "410, NOT_FOUND", "412, CONFLICT", "413, PAYLOAD_TOO_LARGE",
                "422, VALIDATION", "429, RATE_LIMITED", "498, VALIDATION", "499, CLIENT_CLOSED", "500, INTERNAL", "501, INTERNAL",
                "502, EXTERNAL_SERVICE", "503, RESOURCE_EXHAUSTED", "504, TIMEOUT", "599, INTERNAL"})
        @DisplayName("forStatus maps a bare error status to a type")
        void forStatus(int status, ErrorType type) {
            assertEquals(type, ErrorType.forStatus(status));
        }

        @ParameterizedTest(name = "status {0}")
        @ValueSource(ints = {-1, 0, 200, 302, 399, 600, 1000})
        @DisplayName("forStatus refuses a status that is not an error")
        void forStatusRefuses(int status) {
            assertThrows(IllegalArgumentException.class, () -> ErrorType.forStatus(status));
        }

        @Test
        @DisplayName("severities have lower-case labels")
        void severityLabels() {
            assertEquals("low", ErrorSeverity.LOW.label());
            assertEquals("critical", ErrorSeverity.CRITICAL.label());
        }
    }

    @Nested
    @DisplayName("Classification")
    class Classifications {

        @Test
        @DisplayName("of(type) is the type's default and a shared instance")
        void shared() {
            assertSame(Classification.of(ErrorType.TIMEOUT), Classification.of(ErrorType.TIMEOUT));
            assertEquals(new Classification(ErrorType.TIMEOUT, ErrorSeverity.HIGH, 504), Classification.of(ErrorType.TIMEOUT));
        }

        @Test
        @DisplayName("withStatus and withSeverity change only that part")
        void withers() {
            Classification c = Classification.of(ErrorType.DATABASE).withStatus(504).withSeverity(ErrorSeverity.LOW);
            assertEquals(new Classification(ErrorType.DATABASE, ErrorSeverity.LOW, 504), c);
        }

        @ParameterizedTest(name = "status {0}")
        @ValueSource(ints = {200, 399, 600})
        @DisplayName("refuses a status outside 400..599")
        void refusesStatus(int status) {
            assertThrows(IllegalArgumentException.class,
                    () -> new Classification(ErrorType.INTERNAL, ErrorSeverity.HIGH, status));
        }
    }

    @Nested
    @DisplayName("FaultlineException")
    class Exceptions {

        @Test
        @DisplayName("keeps the public detail apart from the internal message, which getMessage prefers")
        void publicAndInternal() {
            NotFoundException e = new NotFoundException("No such video.", "video 42 missing in shard 7", null);
            assertEquals("No such video.", e.publicDetail());
            assertEquals(Optional.of("video 42 missing in shard 7"), e.internalMessage());
            assertEquals("video 42 missing in shard 7", e.getMessage());
        }

        @Test
        @DisplayName("uses the type's generic sentence when no public detail is given")
        void genericDetail() {
            FaultlineException e = new FaultlineException(ErrorType.CONFLICT, null);
            assertEquals(ErrorType.CONFLICT.genericDetail(), e.publicDetail());
            assertEquals(ErrorType.CONFLICT.genericDetail(), e.getMessage());
            assertEquals(Optional.empty(), e.internalMessage());
        }

        @Test
        @DisplayName("refuses every reserved problem member as an extension name, and the empty name")
        void reservedNames() {
            for (String name : List.of("type", "title", "status", "detail", "instance", "request_id", "error_type",
                    "timestamp", "errors", "retry_after", "exception", "message", "stack", "")) {
                FaultlineException e = new ConflictException("x");
                assertThrows(IllegalArgumentException.class, () -> e.withExtension(name, "v"), name);
                assertEquals(Map.of(), e.extensions());
            }
        }

        @Test
        @DisplayName("keeps extensions in insertion order, read-only")
        void extensions() {
            FaultlineException e = new ConflictException("x").withExtension("b", 1).withExtension("a", "two");
            assertEquals(List.of("b", "a"), List.copyOf(e.extensions().keySet()));
            assertThrows(UnsupportedOperationException.class, () -> e.extensions().put("c", 3));
        }

        @Test
        @DisplayName("refuses a negative retry-after")
        void negativeRetryAfter() {
            assertThrows(IllegalArgumentException.class,
                    () -> new RateLimitedException(null, Duration.ofSeconds(-1)));
            FaultlineException e = new DatabaseException(null);
            assertThrows(IllegalArgumentException.class, () -> e.withRetryAfter(Duration.ofMillis(-1)));
            assertEquals(Optional.empty(), e.retryAfter());
        }

        @Test
        @DisplayName("ExternalServiceException names the service in the internal message only")
        void externalService() {
            ExternalServiceException e = new ExternalServiceException("billing", "Payment is unavailable.", null);
            assertEquals("billing", e.service());
            assertEquals("Payment is unavailable.", e.publicDetail());
            assertTrue(e.getMessage().contains("billing"));
        }

        @Test
        @DisplayName("ValidationException copies its field errors and knows whether it is semantic")
        void validation() {
            List<FieldError> errors = new java.util.ArrayList<>(List.of(new FieldError("title", "must not be blank")));
            ValidationException e = new ValidationException("Invalid.", errors);
            errors.clear();
            assertEquals(List.of(new FieldError("title", "must not be blank")), e.fieldErrors());
            assertFalse(e.isSemantic());
            assertEquals(400, e.status());
            ValidationException s = ValidationException.semantic(null, List.of());
            assertTrue(s.isSemantic());
            assertEquals(422, s.status());
            assertEquals(422, s.classification().status());
        }
    }
}
