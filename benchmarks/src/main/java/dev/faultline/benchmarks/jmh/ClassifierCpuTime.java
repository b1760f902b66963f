package dev.faultline.benchmarks.jmh;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/**
 * The cases of {@link ClassifierBenchmark} measured in thread CPU time rather than wall time, for a machine
 * shared with other work: time the thread spends descheduled is not counted, so the figure stays close to
 * an idle machine's where JMH's wall-clock scores do not. Each case is warmed up with 20 million calls
 * (C2-compiled), then timed over five rounds of 20 million; the best round is printed with the bytes the
 * thread allocated in the worst. Not a replacement for JMH (no forks, no blackhole): a cross-check.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.faultline.benchmarks.jmh.ClassifierCpuTime jdk wrapped faultline sqlstate downstream</pre>
 */
public final class ClassifierCpuTime {

    private static final int CALLS = 20_000_000;

    private ClassifierCpuTime() {
    }

    public static void main(String[] args) {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (String name : args.length > 0 ? args : new String[] {"jdk", "wrapped", "faultline", "sqlstate", "downstream"}) {
            ClassifierBenchmark b = new ClassifierBenchmark();
            b.exception = name;
            b.setUp();
            for (int i = 0; i < CALLS; i++) {
                sink += b.classifyCached().status();
            }
            long best = Long.MAX_VALUE;
            long allocated = 0;
            for (int round = 0; round < 5; round++) {
                long cpu = mx.getCurrentThreadCpuTime();
                long bytes = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < CALLS; i++) {
                    sink += b.classifyCached().status();
                }
                best = Math.min(best, mx.getCurrentThreadCpuTime() - cpu);
                allocated = Math.max(allocated, mx.getCurrentThreadAllocatedBytes() - bytes);
            }
            System.out.printf("%-11s %6.1f ns/op (thread CPU, best of 5 x %,d calls), %d B allocated per %,d calls%n",
                    name, (double) best / CALLS, CALLS, allocated, CALLS);
        }
        if (sink == 42) {
            System.out.println(); // keeps the results alive
        }
    }
}
