package dev.faultline.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("ErrorClassifier knowledge table and signals")
class ErrorClassifierKnowledgeTest {

    private final ErrorClassifier classifier = ErrorClassifier.create();

    private static Classification c(ErrorType type) {
        return Classification.of(type);
    }

    /** An HTTP client's exception as a library would define it: the downstream's status and headers. */
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

    /** A client library's connection exception: a generic wrapper of its transport failure. */
    public static final class StoreConnectionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreConnectionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ErrorClassifier WITH_LIBRARY = ErrorClassifier.builder()
            .knowledge("class." + DownstreamException.class.getName(), "external_service signal=http:status() headers=headers()")
            .knowledge("class." + StoreConnectionException.class.getName(), "database severity=high generic")
            .build();

    @Nested
    @DisplayName("reads the SQLState of any SQLException")
    class SqlState {

        @Test
        @DisplayName("23 integrity: conflict, 409, low, never retried")
        void integrity() {
            assertEquals(c(ErrorType.CONFLICT), classifier.classify(new SQLException("duplicate key", "23505")));
            assertEquals(c(ErrorType.CONFLICT), classifier.classify(new SQLException("foreign key", "23503")));
        }

        @Test
        @DisplayName("40001 and 40P01: conflict, retryable")
        void serialization() {
            Classification expected = c(ErrorType.CONFLICT).withRetryable(true);
            assertEquals(expected, classifier.classify(new SQLException("could not serialize", "40001")));
            assertEquals(expected, classifier.classify(new SQLException("deadlock detected", "40P01")));
        }

        @Test
        @DisplayName("57014 and 55P03: timeout 504, not database 503")
        void timeouts() {
            assertEquals(c(ErrorType.TIMEOUT), classifier.classify(new SQLException("canceling statement", "57014")));
            assertEquals(c(ErrorType.TIMEOUT), classifier.classify(new SQLException("lock not available", "55P03")));
        }

        @Test
        @DisplayName("08 connection: database, critical; 42 syntax: internal, not retried; 22 data: validation")
        void classes() {
            assertEquals(c(ErrorType.DATABASE), classifier.classify(new SQLException("connection failure", "08006")));
            assertEquals(c(ErrorType.INTERNAL), classifier.classify(new SQLException("relation does not exist", "42P01")));
            assertEquals(c(ErrorType.VALIDATION), classifier.classify(new SQLException("value too long", "22001")));
        }

        @Test
        @DisplayName("no SQLState, or one nobody listed: the class's own knowledge (database)")
        void unknown() {
            assertEquals(c(ErrorType.DATABASE), classifier.classify(new SQLException("x")));
            assertEquals(c(ErrorType.DATABASE), classifier.classify(new SQLException("x", "XX000")));
            assertEquals(c(ErrorType.DATABASE), classifier.classify(new SQLException("x", "2")));
        }

        @Test
        @DisplayName("a vendor's codes apply only to that vendor's package, before the SQLState")
        void vendorCodes() {
            SQLException lockWait = new SQLException("Lock wait timeout exceeded", "40001", 1205) { };
            assertEquals(c(ErrorType.CONFLICT).withRetryable(true), classifier.classify(lockWait));
            ErrorClassifier mysqlHere = ErrorClassifier.builder().knowledge("sqlvendor.dev.faultline.error.", "mysql").build();
            assertEquals(c(ErrorType.TIMEOUT), mysqlHere.classify(lockWait));
        }

        @Test
        @DisplayName("a generic wrapper (Spring's UncategorizedSQLException, say) defers to the SQLException's state")
        void throughWrapper() {
            assertEquals(c(ErrorType.TIMEOUT),
                    classifier.classify(new RuntimeException("uncategorized", new SQLException("cancel", "57014"))));
        }
    }

    @Nested
    @DisplayName("a downstream's HTTP status")
    class Downstream {

        @Test
        @DisplayName("5xx: external_service 502; 503 and 429: 503; 504 and 408: 504; all retryable")
        void serverErrors() {
            assertEquals(c(ErrorType.EXTERNAL_SERVICE), WITH_LIBRARY.classify(new DownstreamException(500, Map.of())));
            assertEquals(c(ErrorType.EXTERNAL_SERVICE).withStatus(503), WITH_LIBRARY.classify(new DownstreamException(503, Map.of())));
            assertEquals(c(ErrorType.EXTERNAL_SERVICE).withStatus(503), WITH_LIBRARY.classify(new DownstreamException(429, Map.of())));
            assertEquals(c(ErrorType.EXTERNAL_SERVICE).withStatus(504), WITH_LIBRARY.classify(new DownstreamException(504, Map.of())));
            assertEquals(c(ErrorType.EXTERNAL_SERVICE).withStatus(504), WITH_LIBRARY.classify(new DownstreamException(408, Map.of())));
        }

        @Test
        @DisplayName("a downstream 4xx (or a 2xx it failed on) is never this service's own 4xx: 502, not retried")
        void clientErrors() {
            Classification failedDependency = c(ErrorType.EXTERNAL_SERVICE).withRetryable(false);
            for (int status : new int[] {400, 401, 403, 404, 409, 422, 200}) {
                assertEquals(failedDependency, WITH_LIBRARY.classify(new DownstreamException(status, Map.of())), "status " + status);
            }
        }

        @Test
        @DisplayName("whatever the downstream's status, this service answers 502, 503 or 504 as external_service")
        void neverOwnStatus() {
            for (int status = 200; status <= 599; status++) {
                Classification got = WITH_LIBRARY.classify(new DownstreamException(status, Map.of()));
                assertEquals(ErrorType.EXTERNAL_SERVICE, got.type(), "status " + status);
                assertTrue(got.status() == 502 || got.status() == 503 || got.status() == 504, "status " + status + ": " + got);
                assertEquals(status >= 500 && status != 501 || status == 408 || status == 429, got.retryable(), "status " + status);
            }
        }

        @Test
        @DisplayName("a status outside 200..599 is no signal: the class's own knowledge applies")
        void nonsense() {
            assertEquals(c(ErrorType.EXTERNAL_SERVICE), WITH_LIBRARY.classify(new DownstreamException(-1, Map.of())));
        }

        @Test
        @DisplayName("its Retry-After on a 503 or 429 is carried (seconds or an HTTP-date), also under a wrapper")
        void retryAfter() {
            Instant now = Instant.parse("2026-01-01T00:00:00Z");
            DownstreamException seconds = new DownstreamException(503, Map.of("retry-after", List.of("12")));
            assertEquals(Optional.of(Duration.ofSeconds(12)), WITH_LIBRARY.downstreamRetryAfter(seconds, now));
            String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(now.plusSeconds(90), ZoneOffset.UTC));
            DownstreamException dated = new DownstreamException(429, Map.of("Retry-After", List.of(date)));
            assertEquals(Optional.of(Duration.ofSeconds(90)), WITH_LIBRARY.downstreamRetryAfter(new RuntimeException(dated), now));
            assertEquals(Optional.empty(), WITH_LIBRARY.downstreamRetryAfter(
                    new DownstreamException(500, Map.of("Retry-After", List.of("12"))), now), "not passed on for a 502");
            assertEquals(Optional.empty(), WITH_LIBRARY.downstreamRetryAfter(new DownstreamException(503, Map.of()), now));
            assertEquals(Optional.empty(), WITH_LIBRARY.downstreamRetryAfter(
                    new DownstreamException(503, Map.of("Retry-After", List.of("soon"))), now));
        }
    }

    @Nested
    @DisplayName("generic wrappers and suppressed exceptions")
    class Wrappers {

        @Test
        @DisplayName("a generic wrapper defers to a meaningful cause (a timeout) but keeps its meaning over a refused connection")
        void generic() {
            assertEquals(c(ErrorType.TIMEOUT),
                    WITH_LIBRARY.classify(new StoreConnectionException("read", new SocketTimeoutException("Read timed out"))));
            Classification store = c(ErrorType.DATABASE).withSeverity(ErrorSeverity.HIGH);
            assertEquals(store, WITH_LIBRARY.classify(new StoreConnectionException("connect", new ConnectException("refused"))));
            assertEquals(store, WITH_LIBRARY.classify(new StoreConnectionException("connect", new IllegalStateException("?"))));
        }

        @Test
        @DisplayName("when the chain ends without a decision, the last link's suppressed exceptions are consulted")
        void suppressed() {
            RuntimeException noCause = new RuntimeException("Failed to connect to any host");
            noCause.addSuppressed(new IllegalStateException("first address"));
            noCause.addSuppressed(new SocketTimeoutException("second address"));
            assertEquals(c(ErrorType.TIMEOUT), classifier.classify(noCause));

            StoreConnectionException jedisLike = new StoreConnectionException("Failed to connect to any host", null);
            jedisLike.addSuppressed(new ConnectException("Connection refused"));
            assertEquals(c(ErrorType.DATABASE).withSeverity(ErrorSeverity.HIGH), WITH_LIBRARY.classify(jedisLike));
        }

        @Test
        @DisplayName("a cause, when there is one that decides, wins over suppressed exceptions")
        void causeFirst() {
            RuntimeException wrapper = new RuntimeException("x", new SQLException("dup", "23505"));
            wrapper.addSuppressed(new SocketTimeoutException("close failed"));
            assertEquals(c(ErrorType.CONFLICT), classifier.classify(wrapper));
        }
    }

    @Nested
    @DisplayName("the table is data a user extends and overrides")
    class Configuration {

        @Test
        @DisplayName("a user entry overrides the built-in one and adds new classes, states and statuses")
        void overrides() {
            ErrorClassifier custom = ErrorClassifier.builder()
                    .knowledge("class.java.lang.IllegalArgumentException", "validation")
                    .knowledge(Map.of("sqlstate.P0001", "validation status=422", "http.404", "not_found"))
                    .knowledge("class." + DownstreamException.class.getName(), "external_service signal=http:status()")
                    .build();
            assertEquals(c(ErrorType.VALIDATION), custom.classify(new IllegalArgumentException("bad id")));
            assertEquals(c(ErrorType.VALIDATION).withStatus(422), custom.classify(new SQLException("raised", "P0001")));
            assertEquals(c(ErrorType.NOT_FOUND), custom.classify(new DownstreamException(404, Map.of())));
            assertEquals(c(ErrorType.INTERNAL), classifier.classify(new IllegalArgumentException("bad id")), "others unaffected");
        }

        @Test
        @DisplayName("a signal whose method does not exist leaves the class's own entry")
        void missingMethod() {
            ErrorClassifier custom = ErrorClassifier.builder()
                    .knowledge("class." + DownstreamException.class.getName(), "external_service signal=http:getNoSuchStatus()")
                    .build();
            assertEquals(c(ErrorType.EXTERNAL_SERVICE), custom.classify(new DownstreamException(404, Map.of())));
        }

        @Test
        @DisplayName("malformed entries are refused where they are given, naming the key")
        void refused() {
            for (String[] bad : new String[][] {
                    {"class.com.acme.X", "teapot"},
                    {"class.com.acme.X", "validation retryable=yes"},
                    {"class.com.acme.X", "conflict severity=critical"},
                    {"class.com.acme.X", "internal status=302"},
                    {"class.com.acme.X", "internal signal=smoke:signal()"},
                    {"sqlstate.123", "conflict"},
                    {"http.600", "internal"},
                    {"mongo.eleven", "conflict"},
                    {"colour.red", "internal"}}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> ErrorClassifier.builder().knowledge(bad[0], bad[1]), bad[0] + " = " + bad[1]);
                assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
            }
        }
    }
}
