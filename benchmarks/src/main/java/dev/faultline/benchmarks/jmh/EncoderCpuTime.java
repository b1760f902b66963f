package dev.faultline.benchmarks.jmh;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link EncoderBenchmark}'s encodings (the same events, the same encoders) timed in thread CPU time
 * rather than wall time, so that a figure taken on a shared, loaded machine still means something (as
 * {@link SecurityScanCpuTime}): a warm-up, then rounds of a fixed number of encodings, the best and the
 * median round printed with the bytes allocated and written per event (last round).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.faultline.benchmarks.jmh.EncoderCpuTime [rounds]</pre>
 */
public final class EncoderCpuTime {

    /** The last line encoded: stored, so that the JIT cannot drop the array an encoder returns. */
    static byte[] last = new byte[0];

    private EncoderCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        System.out.println("event        encoder       best ns  median ns  B allocated  B written  (CPU time per event)");
        for (String kind : new String[] {"completion", "error", "error_trace"}) {
            ILoggingEvent[] events = EncoderBenchmark.events(kind);
            int n = kind.equals("error_trace") ? 20_000 : 100_000;
            for (String name : new String[] {"logback_json", "logstash", "logstash_lean", "pattern"}) {
                Encoder<ILoggingEvent> encoder = EncoderBenchmark.encoder(name, Logging.reset());
                for (int i = 0; i < 5 * n; i++) {
                    last = encoder.encode(events[i & (EncoderBenchmark.EVENTS - 1)]);
                    sink += last.length;
                }
                long[] per = new long[rounds];
                long allocated = 0;
                long written = 0;
                for (int r = 0; r < rounds; r++) {
                    long b0 = mx.getCurrentThreadAllocatedBytes();
                    long t0 = mx.getCurrentThreadCpuTime();
                    long w = 0;
                    for (int i = 0; i < n; i++) {
                        last = encoder.encode(events[i & (EncoderBenchmark.EVENTS - 1)]);
                        w += last.length;
                    }
                    per[r] = (mx.getCurrentThreadCpuTime() - t0) / n;
                    allocated = (mx.getCurrentThreadAllocatedBytes() - b0) / n;
                    written = w / n;
                    sink += w;
                }
                Arrays.sort(per);
                System.out.printf(Locale.ROOT, "%-12s %-12s %,8d %,10d %,12d %,10d%n", kind, name, per[0],
                        per[rounds / 2], allocated, written);
            }
        }
        System.out.println("(checksum " + sink + ")");
    }
}
