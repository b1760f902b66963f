package dev.faultline.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("ErrorClassifier")
class ErrorClassifierTest {

    private final ErrorClassifier classifier = ErrorClassifier.create();

    private static void assertClassified(Classification actual, ErrorType type, ErrorSeverity severity, int status) {
        assertEquals(new Classification(type, severity, status), actual);
    }

    @Nested
    @DisplayName("knows JDK and library exceptions by class name")
    class BuiltIn {

        @Test
        @DisplayName("an SQLException is DATABASE, 503, CRITICAL")
        void sqlException() {
            assertClassified(classifier.classify(new SQLException("connection refused")),
                    ErrorType.DATABASE, ErrorSeverity.CRITICAL, 503);
        }

        @Test
        @DisplayName("an SQLIntegrityConstraintViolationException is CONFLICT, 409, not DATABASE")
        void integrityViolation() {
            assertClassified(classifier.classify(new SQLIntegrityConstraintViolationException("duplicate key")),
                    ErrorType.CONFLICT, ErrorSeverity.LOW, 409);
        }

        @Test
        @DisplayName("an SQLTimeoutException is TIMEOUT, 504, HIGH: a slow statement is not a lost database")
        void sqlTimeout() {
            assertClassified(classifier.classify(new SQLTimeoutException("statement timeout")),
                    ErrorType.TIMEOUT, ErrorSeverity.HIGH, 504);
        }

        @Test
        @DisplayName("a subclass nobody listed inherits its superclass's classification")
        void subclassInherits() {
            SQLException vendorSpecific = new SQLException("vendor") { };
            assertEquals(ErrorType.DATABASE, classifier.classify(vendorSpecific).type());
        }

        @Test
        @DisplayName("a SocketTimeoutException is TIMEOUT, 504")
        void socketTimeout() {
            assertClassified(classifier.classify(new SocketTimeoutException("read timed out")),
                    ErrorType.TIMEOUT, ErrorSeverity.HIGH, 504);
        }

        @Test
        @DisplayName("a java.net.http.HttpTimeoutException is TIMEOUT, 504")
        void httpTimeout() {
            assertClassified(classifier.classify(new HttpTimeoutException("request timed out")),
                    ErrorType.TIMEOUT, ErrorSeverity.HIGH, 504);
        }

        @Test
        @DisplayName("a ConnectException is EXTERNAL_SERVICE, 502")
        void connect() {
            assertClassified(classifier.classify(new ConnectException("Connection refused")),
                    ErrorType.EXTERNAL_SERVICE, ErrorSeverity.HIGH, 502);
        }

        @Test
        @DisplayName("an UnknownHostException is NETWORK, 503")
        void unknownHost() {
            assertClassified(classifier.classify(new UnknownHostException("db.internal")),
                    ErrorType.NETWORK, ErrorSeverity.HIGH, 503);
        }

        @Test
        @DisplayName("a RejectedExecutionException is RESOURCE_EXHAUSTED, 503, CRITICAL")
        void rejected() {
            assertClassified(classifier.classify(new RejectedExecutionException("queue full")),
                    ErrorType.RESOURCE_EXHAUSTED, ErrorSeverity.CRITICAL, 503);
        }

        @Test
        @DisplayName("an OutOfMemoryError is RESOURCE_EXHAUSTED")
        void outOfMemory() {
            assertClassified(classifier.classify(new OutOfMemoryError("Java heap space")),
                    ErrorType.RESOURCE_EXHAUSTED, ErrorSeverity.CRITICAL, 503);
        }

        @Test
        @DisplayName("a Jackson JsonParseException (malformed request body) is VALIDATION, 400")
        void jacksonParse() {
            JsonParseException e = assertThrows(JsonParseException.class,
                    () -> new ObjectMapper().readTree("{\"title\": oops}"));
            assertClassified(classifier.classify(e), ErrorType.VALIDATION, ErrorSeverity.LOW, 400);
        }

        @Test
        @DisplayName("a Jackson MismatchedInputException (wrong shape) is VALIDATION, 400")
        void jacksonMismatch() {
            MismatchedInputException e = assertThrows(MismatchedInputException.class,
                    () -> new ObjectMapper().readValue("\"twelve\"", int.class));
            assertClassified(classifier.classify(e), ErrorType.VALIDATION, ErrorSeverity.LOW, 400);
        }

        @Test
        @DisplayName("an open Resilience4j circuit breaker is EXTERNAL_SERVICE with a 503")
        void callNotPermitted() {
            CircuitBreaker breaker = CircuitBreaker.ofDefaults("billing");
            breaker.transitionToOpenState();
            CallNotPermittedException e = assertThrows(CallNotPermittedException.class,
                    () -> breaker.executeRunnable(() -> { }));
            assertClassified(classifier.classify(e), ErrorType.EXTERNAL_SERVICE, ErrorSeverity.HIGH, 503);
        }

        @Test
        @DisplayName("anything unknown is INTERNAL, HIGH, 500")
        void unknown() {
            assertClassified(classifier.classify(new IllegalStateException("bug")),
                    ErrorType.INTERNAL, ErrorSeverity.HIGH, 500);
            assertClassified(classifier.classify(new IOException("disk")), ErrorType.INTERNAL, ErrorSeverity.HIGH, 500);
        }

        @Test
        @DisplayName("null is refused with a NullPointerException")
        void nullRefused() {
            assertThrows(NullPointerException.class, () -> classifier.classify(null));
        }
    }

    @Nested
    @DisplayName("walks the cause chain")
    class CauseChain {

        @Test
        @DisplayName("a RuntimeException wrapping an SQLException defers to it: DATABASE")
        void runtimeWrapper() {
            assertEquals(ErrorType.DATABASE,
                    classifier.classify(new RuntimeException("wrapped", new SQLException("down"))).type());
        }

        @Test
        @DisplayName("an ExecutionException wrapping an SQLException defers to it: DATABASE")
        void executionWrapper() {
            assertEquals(ErrorType.DATABASE,
                    classifier.classify(new ExecutionException(new SQLException("down"))).type());
        }

        @Test
        @DisplayName("a CompletionException wrapping an SQLException defers to it: DATABASE")
        void completionWrapper() {
            assertEquals(ErrorType.DATABASE,
                    classifier.classify(new CompletionException(new SQLException("down"))).type());
        }

        @Test
        @DisplayName("several generic wrappers deep still reach the root cause")
        void deepWrappers() {
            Throwable t = new SocketTimeoutException("read timed out");
            for (int i = 0; i < 10; i++) {
                t = i % 2 == 0 ? new RuntimeException(t) : new CompletionException(t);
            }
            assertEquals(ErrorType.TIMEOUT, classifier.classify(t).type());
        }

        @Test
        @DisplayName("the outermost known link wins over a known cause")
        void outermostKnownWins() {
            UnknownHostException outer = new UnknownHostException("db.internal");
            outer.initCause(new SQLException("inner"));
            assertEquals(ErrorType.NETWORK, classifier.classify(outer).type());
        }

        @Test
        @DisplayName("a cyclic chain (A -> B -> A) ends and is INTERNAL when nothing in it is known")
        void cycle() {
            RuntimeException a = new RuntimeException("a");
            IllegalStateException b = new IllegalStateException("b");
            a.initCause(b);
            b.initCause(a);
            assertEquals(Classification.of(ErrorType.INTERNAL), classifier.classify(a));
        }

        @Test
        @DisplayName("a cyclic chain containing a known link finds it")
        void cycleWithKnown() {
            RuntimeException a = new RuntimeException("a");
            SQLException b = new SQLException("b");
            RuntimeException c = new RuntimeException("c");
            a.initCause(b);
            b.initCause(c);
            c.initCause(a);
            assertEquals(ErrorType.DATABASE, classifier.classify(c).type());
        }

        @Test
        @DisplayName("a link whose getCause() throws ends the chain instead of failing the classification")
        void hostileGetCause() {
            RuntimeException hostile = new RuntimeException("hostile") {
                @Override
                public synchronized Throwable getCause() {
                    throw new IllegalStateException("getCause failed");
                }
            };
            assertEquals(Classification.of(ErrorType.INTERNAL), classifier.classify(hostile));
            assertEquals(ErrorType.DATABASE, classifier.classify(new SQLException("outer", hostile)).type());
            ErrorClassifier withRule = ErrorClassifier.builder().rule(t -> null).build();
            assertEquals(Classification.of(ErrorType.INTERNAL), withRule.classify(new RuntimeException(hostile)));
        }

        @Test
        @DisplayName("only the first MAX_CHAIN_DEPTH links are examined")
        void depthLimit() {
            Throwable within = new SQLException("root");
            for (int i = 1; i < ErrorClassifier.MAX_CHAIN_DEPTH; i++) {
                within = new RuntimeException(within);
            }
            assertEquals(ErrorType.DATABASE, classifier.classify(within).type());
            Throwable beyond = new RuntimeException(within);
            assertEquals(ErrorType.INTERNAL, classifier.classify(beyond).type());
        }
    }

    @Nested
    @DisplayName("respects Faultline's own exceptions")
    class OwnExceptions {

        @Test
        @DisplayName("a FaultlineException's type wins over built-in knowledge of its cause")
        void ownTypeWinsOverCause() {
            NotFoundException e = new NotFoundException("No such video.", "row missing", new SQLException("no rows"));
            assertClassified(classifier.classify(e), ErrorType.NOT_FOUND, ErrorSeverity.LOW, 404);
        }

        @Test
        @DisplayName("a FaultlineException's type wins even when wrapped in a known JDK exception")
        void ownTypeWinsOverWrapper() {
            SQLException wrapper = new SQLException("trigger failed", new ConflictException("Already exists."));
            assertEquals(ErrorType.CONFLICT, classifier.classify(wrapper).type());
        }

        @Test
        @DisplayName("ValidationException is 400; ValidationException.semantic is 422")
        void validation() {
            assertClassified(classifier.classify(new ValidationException("Bad input.")),
                    ErrorType.VALIDATION, ErrorSeverity.LOW, 400);
            assertClassified(classifier.classify(ValidationException.semantic("End before start.", List.of())),
                    ErrorType.VALIDATION, ErrorSeverity.LOW, 422);
        }

        @Test
        @DisplayName("a severity set on the exception is kept")
        void severityOverride() {
            FaultlineException e = new ExternalServiceException("billing", null, null).withSeverity(ErrorSeverity.CRITICAL);
            assertClassified(classifier.classify(e), ErrorType.EXTERNAL_SERVICE, ErrorSeverity.CRITICAL, 502);
        }

        @Test
        @DisplayName("each subclass has its type's default classification")
        void subclasses() {
            assertEquals(Classification.of(ErrorType.AUTHENTICATION), classifier.classify(new AuthenticationException(null)));
            assertEquals(Classification.of(ErrorType.AUTHORIZATION), classifier.classify(new AuthorizationException(null)));
            assertEquals(Classification.of(ErrorType.NOT_FOUND), classifier.classify(new NotFoundException(null)));
            assertEquals(Classification.of(ErrorType.CONFLICT), classifier.classify(new ConflictException(null)));
            assertEquals(Classification.of(ErrorType.DATABASE), classifier.classify(new DatabaseException(null)));
            assertEquals(Classification.of(ErrorType.TIMEOUT), classifier.classify(new ServiceTimeoutException(null)));
            assertEquals(Classification.of(ErrorType.RATE_LIMITED),
                    classifier.classify(new RateLimitedException(null, Duration.ofSeconds(1))));
            assertEquals(Classification.of(ErrorType.EXTERNAL_SERVICE),
                    classifier.classify(new ExternalServiceException("billing", null, null)));
        }
    }

    @Nested
    @DisplayName("user rules")
    class Rules {

        private final Classification teapot = new Classification(ErrorType.VALIDATION, ErrorSeverity.MEDIUM, 418);

        @Test
        @DisplayName("win over built-in knowledge")
        void winOverBuiltIn() {
            ErrorClassifier c = ErrorClassifier.builder().rule(SQLException.class, ErrorType.NOT_FOUND).build();
            assertEquals(Classification.of(ErrorType.NOT_FOUND), c.classify(new SQLException("no rows")));
        }

        @Test
        @DisplayName("win over a FaultlineException's own type")
        void winOverOwnType() {
            ErrorClassifier c = ErrorClassifier.builder().rule(NotFoundException.class, teapot).build();
            assertEquals(teapot, c.classify(new NotFoundException("gone")));
        }

        @Test
        @DisplayName("see every link of the chain, so a rule on a cause beats a FaultlineException outside it")
        void seeCauses() {
            ErrorClassifier c = ErrorClassifier.builder().rule(SQLException.class, teapot).build();
            assertEquals(teapot, c.classify(new DatabaseException("x", null, new SQLException("root"))));
        }

        @Test
        @DisplayName("are consulted in registration order; the first answer wins")
        void order() {
            ErrorClassifier c = ErrorClassifier.builder()
                    .rule(t -> null)
                    .rule(RuntimeException.class, teapot)
                    .rule(IllegalStateException.class, ErrorType.CONFLICT)
                    .build();
            assertEquals(teapot, c.classify(new IllegalStateException("x")));
        }

        @Test
        @DisplayName("a predicate rule may look at the instance, and is not cached by class")
        void predicateNotCached() {
            ErrorClassifier c = ErrorClassifier.builder()
                    .rule(t -> String.valueOf(t.getMessage()).contains("quota"), Classification.of(ErrorType.RATE_LIMITED))
                    .build();
            assertEquals(ErrorType.RATE_LIMITED, c.classify(new IllegalStateException("quota exceeded")).type());
            assertEquals(ErrorType.INTERNAL, c.classify(new IllegalStateException("other")).type());
            assertEquals(ErrorType.RATE_LIMITED, c.classify(new IllegalStateException("quota again")).type());
        }

        @Test
        @DisplayName("a rule that throws is skipped and counted; classification goes on")
        void throwingRuleSkipped() {
            List<String> seen = new ArrayList<>();
            ErrorClassifier c = ErrorClassifier.builder()
                    .rule(t -> {
                        throw new IllegalStateException("rule bug");
                    })
                    .rule(t -> {
                        seen.add(t.getClass().getSimpleName());
                        return null;
                    })
                    .build();
            assertEquals(0, c.ruleFailures());
            assertEquals(Classification.of(ErrorType.DATABASE), c.classify(new SQLException("down")));
            assertEquals(1, c.ruleFailures());
            assertEquals(List.of("SQLException"), seen, "the next rule still ran");
            assertEquals(Classification.of(ErrorType.INTERNAL), c.classify(new RuntimeException("x")));
            assertEquals(2, c.ruleFailures());
        }

        @Test
        @DisplayName("a rule that throws an Error is skipped too")
        void errorInRuleSkipped() {
            ErrorClassifier c = ErrorClassifier.builder()
                    .rule(t -> {
                        throw new StackOverflowError();
                    })
                    .rule(RuntimeException.class, teapot)
                    .build();
            assertEquals(teapot, c.classify(new RuntimeException("x")));
            assertEquals(1, c.ruleFailures());
        }

        @Test
        @DisplayName("a rule on a cyclic chain ends")
        void ruleOnCycle() {
            RuntimeException a = new RuntimeException("a");
            IllegalStateException b = new IllegalStateException("b");
            a.initCause(b);
            b.initCause(a);
            int[] calls = {0};
            ErrorClassifier c = ErrorClassifier.builder().rule(t -> {
                calls[0]++;
                return null;
            }).build();
            assertEquals(ErrorType.INTERNAL, c.classify(a).type());
            assertEquals(ErrorClassifier.MAX_CHAIN_DEPTH, calls[0]);
        }
    }

    @Nested
    @DisplayName("cache")
    class Cache {

        @Test
        @DisplayName("holds at most cacheSize classes and still answers correctly after evicting")
        void bounded() {
            ErrorClassifier c = ErrorClassifier.builder().cacheSize(8).build();
            assertEquals(8, c.cacheCapacity());
            assertEquals(ErrorType.DATABASE, c.classify(new SQLException("first")).type());
            for (ThrowableKinds.Kind kind : ThrowableKinds.JDK) {
                c.classify(kind.make().apply("m", null));
                assertTrue(c.cachedClasses() <= 8, () -> c.cachedClasses() + " cached");
            }
            assertEquals(ErrorType.DATABASE, c.classify(new SQLException("again")).type());
            assertTrue(c.cachedClasses() >= 1);
        }

        @Test
        @DisplayName("is keyed by class, not message: many messages of one class take one entry")
        void keyedByClass() {
            ErrorClassifier c = ErrorClassifier.create();
            for (int i = 0; i < 1000; i++) {
                c.classify(new SQLException("message " + i));
            }
            assertEquals(1, c.cachedClasses());
        }

        @Test
        @DisplayName("a size below 1 is refused naming classifier.cache_size")
        void badSize() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ErrorClassifier.builder().cacheSize(0));
            assertTrue(e.getMessage().contains("classifier.cache_size"), e.getMessage());
        }
    }
}
