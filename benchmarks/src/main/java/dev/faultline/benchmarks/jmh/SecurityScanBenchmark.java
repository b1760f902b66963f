package dev.faultline.benchmarks.jmh;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.security.ScanReport;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The signature scan of a request ({@link Faultline#checkSecurity}, the same scan {@code rejection()}
 * runs) whose query string is exactly 1, 10 or 100 KiB ({@link Inputs#queryString}: parameters of about
 * 512 characters of search text with {@code +} and percent escapes), plus the path and the typical
 * request's headers. Benign input, so no finding is logged; every parameter is scanned (the setup checks
 * that nothing was truncated). Linear time is the promise: the 100 KiB time should be about 10 times
 * the 10 KiB time.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(3) // as for redaction: three JVMs per size, so that the size ratios compare averages of JIT outcomes
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SecurityScanBenchmark {

    @Param({"1", "10", "100"})
    public int kib;

    private Faultline faultline;
    private ServerRequest request;

    @Setup(Level.Trial)
    public void setUp() {
        Logging.off();
        faultline = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION).build();
        ServerRequest typical = ServerRequest.typicalGet("198.51.100.7");
        String[] pairs = new String[typical.names.length * 2];
        for (int i = 0; i < typical.names.length; i++) {
            pairs[2 * i] = typical.names[i];
            pairs[2 * i + 1] = typical.values[i];
        }
        request = ServerRequest.get("/videos/search", "/videos/search", Inputs.queryString(kib * 1024),
                typical.remoteAddress, pairs);
        requireClean(faultline, request);
    }

    /** Fails the trial unless {@code request} scans clean and whole: the scan benchmarks measure benign input. */
    static void requireClean(Faultline faultline, ServerRequest request) {
        ScanReport report = faultline.checkSecurity(request.view());
        if (report.hasIssues() || !report.truncated().isEmpty()) {
            throw new IllegalStateException("benign input expected to scan clean and whole: " + report);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        faultline.close();
    }

    @Benchmark
    public ScanReport scanQuery() {
        return faultline.checkSecurity(request.view());
    }
}
