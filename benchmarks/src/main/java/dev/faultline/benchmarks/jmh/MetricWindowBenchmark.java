package dev.faultline.benchmarks.jmh;

import dev.faultline.metrics.PerformanceConfig;
import dev.faultline.internal.metrics.PerformanceMonitor;
import dev.faultline.internal.metrics.TimeWindow;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recording one finished request into the metric windows from two threads at once, both on the same
 * endpoint (the contended case: a hot route on a two-core server). The time per operation is per
 * thread, as JMH reports it for {@code @Threads(2)}.
 * <ul>
 *   <li>{@code performanceRecord}: {@link PerformanceMonitor#record} — the overall and the endpoint's
 *       1-minute and 5-minute rings, each slot with its latency histogram (what {@code close()} does);</li>
 *   <li>{@code timeWindowRecord}: {@link TimeWindow#record} on one ring of one-minute slots with
 *       histograms (the primitive under it).</li>
 * </ul>
 * Latencies come from a fixed pseudo-random log-normal-like spread between about 0.2 ms and 200 ms,
 * so that recordings land in many histogram buckets, as real ones do.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class MetricWindowBenchmark {

    /** The monitor and window both threads record into. */
    @State(Scope.Benchmark)
    public static class Shared {
        PerformanceMonitor monitor;
        TimeWindow window;

        @Setup(Level.Trial)
        public void setUp() {
            Logging.off();
            monitor = new PerformanceMonitor(PerformanceConfig.builder().build(), Clock.systemUTC());
            window = TimeWindow.builder().slots(60).slotWidth(Duration.ofMinutes(1)).latencyHistogram(true).build();
        }
    }

    /** Each thread's own sequence of latencies. */
    @State(Scope.Thread)
    public static class Latencies {
        final long[] nanos = new long[1024];
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
            for (int i = 0; i < nanos.length; i++) {
                // 2^(17.6 .. 27.6) ns, denser in the middle: about 0.2 ms to 200 ms
                double exponent = 17.6 + 5 * (random.nextDouble() + random.nextDouble());
                nanos[i] = (long) Math.pow(2, exponent);
            }
        }

        long next() {
            return nanos[next++ & (nanos.length - 1)];
        }
    }

    @Benchmark
    public boolean performanceRecord(Shared shared, Latencies latencies) {
        return shared.monitor.record("GET", "/videos/{id}", latencies.next(), 200);
    }

    @Benchmark
    public void timeWindowRecord(Shared shared, Latencies latencies) {
        shared.window.record(latencies.next(), false, false);
    }
}
