package dev.faultline.benchmarks.jmh;

import dev.faultline.error.Classification;
import dev.faultline.error.ErrorClassifier;
import dev.faultline.error.ErrorType;
import dev.faultline.error.NotFoundException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ErrorClassifier#classify} of an exception whose classes are already in the classifier's
 * knowledge cache (the steady state of a server: the same few exception classes recur). The default
 * classifier, no user rules. Cases:
 * <ul>
 *   <li>{@code jdk}: a {@code SocketTimeoutException} (built-in knowledge, one cache lookup);</li>
 *   <li>{@code wrapped}: an {@code SQLException} wrapped in an {@code ExecutionException} wrapped in a
 *       {@code RuntimeException}, as a service layer often rethrows it (three links; the wrappers defer
 *       to their cause);</li>
 *   <li>{@code faultline}: the application's own {@code NotFoundException} (no cache lookup at all);</li>
 *   <li>{@code sqlstate}: an {@code SQLException} with SQLState 23505 (a unique violation): the class is
 *       known, the signal decides (its SQLState and vendor code read through cached method handles, then
 *       looked up), giving conflict/409;</li>
 *   <li>{@code downstream}: an HTTP client's exception carrying a downstream 503 behind a two-step accessor
 *       ({@code getStatusCode().value()}, as Spring's {@code RestClientResponseException}), declared to the
 *       classifier as a user's table entry: external_service/503.</li>
 * </ul>
 * The first three are decided by class alone (target: 50 ns, no allocation); the last two need a structured
 * signal (target: 150 ns, no allocation).
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ClassifierBenchmark {

    @Param({"jdk", "wrapped", "faultline", "sqlstate", "downstream"})
    public String exception;

    private ErrorClassifier classifier;
    private Throwable failure;

    @Setup(Level.Trial)
    public void setUp() {
        Logging.off();
        classifier = ErrorClassifier.builder()
                .knowledge("class." + DownstreamException.class.getName(),
                        "external_service signal=http:getStatusCode().value()")
                .build();
        failure = switch (exception) {
            case "jdk" -> new SocketTimeoutException("Read timed out");
            case "wrapped" -> new RuntimeException("loading video 42 failed",
                    new ExecutionException(new SQLException("connection refused", "08001")));
            case "faultline" -> new NotFoundException("No video 42.");
            case "sqlstate" -> new SQLException("duplicate key value violates unique constraint", "23505");
            case "downstream" -> new DownstreamException(new StatusCode(503));
            default -> throw new IllegalArgumentException("unknown case " + exception);
        };
        ErrorType expected = switch (exception) {
            case "jdk" -> ErrorType.TIMEOUT;
            case "wrapped" -> ErrorType.DATABASE;
            case "sqlstate" -> ErrorType.CONFLICT;
            case "downstream" -> ErrorType.EXTERNAL_SERVICE;
            default -> ErrorType.NOT_FOUND;
        };
        Classification c = classifier.classify(failure); // fills the cache: every later call is a hit
        if (c.type() != expected) {
            throw new IllegalStateException(exception + " classified as " + c + ", expected " + expected);
        }
    }

    @Benchmark
    public Classification classifyCached() {
        return classifier.classify(failure);
    }

    /** A status object as an HTTP client library has one ({@code HttpStatusCode.value()}). */
    public record StatusCode(int value) {
    }

    /** An HTTP client's exception for a downstream's error response. */
    public static final class DownstreamException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final StatusCode status;

        public DownstreamException(StatusCode status) {
            super("503 Service Unavailable from GET http://billing/invoices", null, false, false);
            this.status = status;
        }

        public StatusCode getStatusCode() {
            return status;
        }
    }
}
