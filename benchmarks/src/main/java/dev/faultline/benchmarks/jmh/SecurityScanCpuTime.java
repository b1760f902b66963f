package dev.faultline.benchmarks.jmh;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.security.ScanReport;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * {@link SecurityScanBenchmark}'s scan (the same request: a 1, 10 or 100 KiB query of search text with
 * {@code +} and percent escapes, plus path and headers) timed in thread CPU time rather than wall
 * time, so that a figure taken on a shared, loaded machine still means something: time the thread
 * waited for a core is not counted (cache and frequency effects of the load still are). Not a JMH
 * benchmark: a warm-up, then rounds of a fixed number of scans, the best and the median round printed.
 *
 * <p>Then {@link SecurityScanSmallBenchmark}'s small requests ({@code GET /hello} and
 * {@code GET /api/videos/42} with a Host header only) and its typical browser GET, and
 * {@link ExchangeBenchmark#openClose} and {@link ExchangeBenchmark#openCloseSecured} the same
 * way (their states set up as JMH would, the benchmark methods called in a loop). Each line also gives
 * the bytes the thread allocated per request or exchange (last round), as JMH's {@code -prof gc} would.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.faultline.benchmarks.jmh.SecurityScanCpuTime [rounds]</pre>
 */
public final class SecurityScanCpuTime {

    private SecurityScanCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Logging.off();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) mx;
        try (Faultline faultline = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .build()) {
            ServerRequest typical = ServerRequest.typicalGet("198.51.100.7");
            String[] pairs = new String[typical.names.length * 2];
            for (int i = 0; i < typical.names.length; i++) {
                pairs[2 * i] = typical.names[i];
                pairs[2 * i + 1] = typical.values[i];
            }
            for (int kib : new int[] {1, 10, 100}) {
                ServerRequest request = ServerRequest.get("/videos/search", "/videos/search",
                        Inputs.queryString(kib * 1024), typical.remoteAddress, pairs);
                ScanReport check = faultline.checkSecurity(request.view());
                if (check.hasIssues() || !check.truncated().isEmpty()) {
                    throw new IllegalStateException("benign input expected to scan clean and whole: " + check);
                }
                int n = Math.max(50, 4_000 / kib);
                for (int i = 0; i < 20 * n; i++) {
                    faultline.checkSecurity(request.view());
                }
                long[] perScan = new long[rounds];
                long bytes = 0;
                for (int r = 0; r < rounds; r++) {
                    long b0 = alloc.getCurrentThreadAllocatedBytes();
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        faultline.checkSecurity(request.view());
                    }
                    perScan[r] = (mx.getCurrentThreadCpuTime() - t0) / n;
                    bytes = (alloc.getCurrentThreadAllocatedBytes() - b0) / n;
                }
                java.util.Arrays.sort(perScan);
                System.out.printf(Locale.ROOT, "scanQuery kib=%d: best %,d ns, median %,d ns CPU, %,d B allocated per request%n",
                        kib, perScan[0], perScan[rounds / 2], bytes);
            }
            // SecurityScanSmallBenchmark's requests: GET <path> with Host only, then the typical browser GET
            for (String path : new String[] {"/hello", "/api/videos/42"}) {
                ServerRequest request = ServerRequest.get(path, null, null, "127.0.0.1", "Host", "127.0.0.1:8080");
                exchange(alloc, rounds, "scanSmall " + path, () -> faultline.checkSecurity(request.view()));
            }
            exchange(alloc, rounds, "scanTypical", () -> faultline.checkSecurity(typical.view()));
        }
        ExchangeBenchmark bench = new ExchangeBenchmark();
        ExchangeBenchmark.Base base = new ExchangeBenchmark.Base();
        base.setUp();
        ExchangeBenchmark.Secured secured = new ExchangeBenchmark.Secured();
        secured.setUp();
        try {
            exchange(alloc, rounds, "openClose", () -> bench.openClose(base));
            exchange(alloc, rounds, "openCloseSecured", () -> bench.openCloseSecured(secured));
        } finally {
            base.tearDown();
            secured.tearDown();
        }
    }

    private static void exchange(com.sun.management.ThreadMXBean mx, int rounds, String name, Runnable op) {
        int n = 200_000;
        for (int i = 0; i < 5 * n; i++) {
            op.run();
        }
        long[] per = new long[rounds];
        long bytes = 0;
        for (int r = 0; r < rounds; r++) {
            long b0 = mx.getCurrentThreadAllocatedBytes();
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                op.run();
            }
            per[r] = (mx.getCurrentThreadCpuTime() - t0) / n;
            bytes = (mx.getCurrentThreadAllocatedBytes() - b0) / n;
        }
        java.util.Arrays.sort(per);
        System.out.printf(Locale.ROOT, "%s: best %,d ns, median %,d ns CPU, %,d B allocated per call%n", name,
                per[0], per[rounds / 2], bytes);
    }
}
