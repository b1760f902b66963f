package dev.faultline.benchmarks.jmh;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.ToIntFunction;

/**
 * The failing cases of {@link ExchangeBenchmark} (and {@code openClose} beside them) measured in thread
 * CPU time rather than wall time, for a machine shared with other work: time the thread spends
 * descheduled is not counted. Each case is warmed up with 300,000 calls (C2-compiled), then timed over
 * five rounds of 300,000; the best round is printed with the bytes the thread allocated per call in the
 * worst. Not a replacement for JMH (no forks, no blackhole): a cross-check.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.faultline.benchmarks.jmh.ExchangeCpuTime throwing throwOnly throwAndStackTrace openClose</pre>
 */
public final class ExchangeCpuTime {

    private static final int CALLS = 300_000;

    private ExchangeCpuTime() {
    }

    public static void main(String[] args) {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (String name : args.length > 0 ? args : new String[] {"throwing", "throwOnly", "throwAndStackTrace", "openClose"}) {
            ExchangeBenchmark.Pipeline state;
            ToIntFunction<ExchangeBenchmark.Pipeline> call;
            if (name.equals("openClose")) {
                ExchangeBenchmark.Base b = new ExchangeBenchmark.Base();
                b.setUp();
                state = b;
                call = p -> p.exchange().isClosed() ? 1 : 0;
            } else {
                ExchangeBenchmark.Throwing t = new ExchangeBenchmark.Throwing();
                t.setUp();
                state = t;
                call = switch (name) {
                    case "throwing" -> p -> ((ExchangeBenchmark.Throwing) p).failingExchange().status();
                    case "throwOnly" -> p -> ((ExchangeBenchmark.Throwing) p).throwOnly().hashCode();
                    case "throwAndStackTrace" -> p -> ((ExchangeBenchmark.Throwing) p).throwOnly().getStackTrace().length;
                    default -> throw new IllegalArgumentException("unknown case " + name
                            + " (throwing, throwOnly, throwAndStackTrace, openClose)");
                };
            }
            for (int i = 0; i < CALLS; i++) {
                sink += call.applyAsInt(state);
            }
            long best = Long.MAX_VALUE;
            long allocated = 0;
            for (int round = 0; round < 5; round++) {
                long cpu = mx.getCurrentThreadCpuTime();
                long bytes = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < CALLS; i++) {
                    sink += call.applyAsInt(state);
                }
                best = Math.min(best, mx.getCurrentThreadCpuTime() - cpu);
                allocated = Math.max(allocated, mx.getCurrentThreadAllocatedBytes() - bytes);
            }
            state.tearDown();
            System.out.printf("%-19s %8.1f ns/op (thread CPU, best of 5 x %,d calls), %7.1f B/op%n",
                    name, (double) best / CALLS, CALLS, (double) allocated / CALLS);
        }
        if (sink == 42) {
            System.out.println(); // keeps the results alive
        }
    }
}
