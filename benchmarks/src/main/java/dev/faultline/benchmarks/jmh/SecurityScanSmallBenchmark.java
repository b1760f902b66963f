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
 * The signature scan ({@link Faultline#checkSecurity}) of a small request, the case a load test of a
 * "hello" endpoint runs request after request: {@code GET <path>} without a query and with one header,
 * {@code Host: 127.0.0.1:8080}, as a load generator sends it (none of the headers scanned by default).
 * What is measured is the scan's fixed cost per request and per value: the scratch taken and given back,
 * the header names matched against the configured ones, the path decoded and matched. The paths: a word
 * ({@code /hello}) and a REST path with an id ({@code /api/videos/42}). {@link #scanTypical} is the
 * typical browser GET of {@link ServerRequest#typicalGet} (a short query, six headers, User-Agent among
 * them).
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(3)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SecurityScanSmallBenchmark {

    @Param({"/hello", "/api/videos/42"})
    public String path;

    private Faultline faultline;
    private ServerRequest small;
    private ServerRequest typical;

    @Setup(Level.Trial)
    public void setUp() {
        Logging.off();
        faultline = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION).build();
        small = ServerRequest.get(path, null, null, "127.0.0.1", "Host", "127.0.0.1:8080");
        typical = ServerRequest.typicalGet("198.51.100.7");
        SecurityScanBenchmark.requireClean(faultline, small);
        SecurityScanBenchmark.requireClean(faultline, typical);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        faultline.close();
    }

    @Benchmark
    public ScanReport scanSmall() {
        return faultline.checkSecurity(small.view());
    }

    @Benchmark
    public ScanReport scanTypical() {
        return faultline.checkSecurity(typical.view());
    }
}
