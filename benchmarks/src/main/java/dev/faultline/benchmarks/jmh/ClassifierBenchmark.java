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
 *   <li>{@code faultline}: the application's own {@code NotFoundException} (no cache lookup at all).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ClassifierBenchmark {

    @Param({"jdk", "wrapped", "faultline"})
    public String exception;

    private ErrorClassifier classifier;
    private Throwable failure;

    @Setup(Level.Trial)
    public void setUp() {
        Logging.off();
        classifier = ErrorClassifier.create();
        failure = switch (exception) {
            case "jdk" -> new SocketTimeoutException("Read timed out");
            case "wrapped" -> new RuntimeException("loading video 42 failed",
                    new ExecutionException(new SQLException("connection refused", "08001")));
            case "faultline" -> new NotFoundException("No video 42.");
            default -> throw new IllegalArgumentException("unknown case " + exception);
        };
        ErrorType expected = switch (exception) {
            case "jdk" -> ErrorType.TIMEOUT;
            case "wrapped" -> ErrorType.DATABASE;
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
}
