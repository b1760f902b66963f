package dev.faultline.benchmarks.jmh;

import dev.faultline.logging.Redactor;
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
 * {@link Redactor#body} (the default redactor: names and the shape detectors of every
 * {@link dev.faultline.logging.SecretKind} on by default) of a JSON request body of exactly 1, 8 or
 * 64 KiB ({@link Inputs#jsonBody}): video records with a {@code password}, a nested {@code access_token}
 * and an {@code api_key} inside embedded JSON per record, all replaced, and every other string and
 * long number scanned by the detectors. Linear time is the promise: the 64 KiB time should be about
 * 8 times the 8 KiB time. {@link #redactJsonNamesOnly} is the same pass with the detectors off, to
 * show what they cost.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(3) // the JIT compiles this pass in one of two shapes, about 1.5x apart, from one JVM to the next:
// three JVMs per size, so that the size ratios compare averages, not one draw each
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RedactionBenchmark {

    @Param({"1", "8", "64"})
    public int kib;

    private Redactor redactor;
    private Redactor namesOnly;
    private String body;

    @Setup(Level.Trial)
    public void setUp() {
        Logging.off();
        redactor = Redactor.create();
        namesOnly = Redactor.builder().detectors("").build();
        if (!redactor.detects(dev.faultline.logging.SecretKind.JWT) || namesOnly.detects(dev.faultline.logging.SecretKind.JWT)) {
            throw new IllegalStateException("the detectors must be on by default, and off for namesOnly");
        }
        body = Inputs.jsonBody(kib * 1024);
        String redacted = redactor.body("application/json", body);
        if (redacted.contains("correct horse") || redacted.contains("eyJhbGci") || redacted.contains("k-900")) {
            throw new IllegalStateException("a secret survived redaction: the benchmark input is wrong");
        }
    }

    @Benchmark
    public String redactJson() {
        return redactor.body("application/json", body);
    }

    @Benchmark
    public String redactJsonNamesOnly() {
        return namesOnly.body("application/json", body);
    }
}
