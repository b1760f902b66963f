package dev.faultline.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Turns the raw measurements of {@code benchmarks/load.sh} into the Markdown tables of
 * {@code benchmarks/results/load.md}: per endpoint and configuration the median over the rounds of
 * throughput, p50 and p99 latency, their ratios to the bare server of the same round (the median of the
 * per-round ratios, so that a slow moment of a shared machine hits both sides of a ratio alike), the log
 * lines written per request, and pass or miss against the targets of issues 16 and 17.
 *
 * <pre>java -cp ... dev.faultline.benchmarks.load.LoadReport RAW.tsv [PAIRS.tsv]</pre>
 *
 * <p>{@code PAIRS.tsv}, when given and not empty: the paired {@code /hello} runs (the same columns, the
 * pair's number as the round). The {@code /hello} targets are then judged on them (the median of the
 * per-pair ratios), and the rounds' figure is shown beside it.
 *
 * <p>{@code RAW.tsv}: a header line, then one line per wrk run: {@code round endpoint config requests
 * duration_us p50_us p99_us socket_errors non_2xx log_lines server_cpu_us} ({@code log_lines} -1 when
 * the configuration does not log; {@code server_cpu_us} the CPU time the server's process used during
 * the run). The Markdown goes to standard output.
 */
public final class LoadReport {

    /** The configurations in the order the tables show them, with what each is compared against. */
    static final List<String> CONFIGS = List.of("undertow", "undertow-faultline", "undertow-faultline-nosig",
            "undertow-faultline-log",
            "jetty", "jetty-faultline", "jetty-faultline-log", "jetty-logbook-log");

    static final List<String> ENDPOINTS = List.of("hello", "missing", "boom");

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "undertow", "Undertow, bare",
            "undertow-faultline", "Undertow + FaultlineHandler, logging off",
            "undertow-faultline-nosig", "Undertow + FaultlineHandler, logging off, signature scan off",
            "undertow-faultline-log", "Undertow + FaultlineHandler, one line per exchange (async file)",
            "jetty", "Jetty 12, bare",
            "jetty-faultline", "Jetty 12 + FaultlineFilter, logging off",
            "jetty-faultline-log", "Jetty 12 + FaultlineFilter, one line per exchange (async file)",
            "jetty-logbook-log", "Jetty 12 + LogbookFilter, one line per exchange (async file)");

    /** One wrk run. */
    record Run(int round, String endpoint, String config, long requests, long durationUs, long p50Us, long p99Us,
            long socketErrors, long non2xx, long logLines, long serverCpuUs) {

        double throughput() {
            return requests * 1_000_000.0 / durationUs;
        }

        /** The server's CPU time (all its threads: request handling, logging, JIT, GC) per request, in µs. */
        double cpuPerRequest() {
            return requests == 0 ? Double.NaN : (double) serverCpuUs / requests;
        }
    }

    private LoadReport() {
    }

    /** Prints the report of the raw file given. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1 && args.length != 2) {
            System.err.println("usage: LoadReport RAW.tsv [PAIRS.tsv]");
            System.exit(2);
        }
        System.out.print(render(read(Path.of(args[0])), args.length == 2 ? read(Path.of(args[1])) : List.of()));
    }

    static List<Run> read(Path raw) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (String line : Files.readAllLines(raw)) {
            if (line.isBlank() || line.startsWith("round")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 11) {
                throw new IllegalArgumentException("bad line in " + raw + ": " + line);
            }
            runs.add(new Run(Integer.parseInt(f[0]), f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4]),
                    Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]),
                    Long.parseLong(f[9]), Long.parseLong(f[10])));
        }
        return runs;
    }

    /** The bare server a configuration is compared with. */
    static String bareOf(String config) {
        return config.startsWith("undertow") ? "undertow" : "jetty";
    }

    static String render(List<Run> runs) {
        return render(runs, List.of());
    }

    /** The report of the rounds, and of the paired {@code /hello} runs when there are any. */
    static String render(List<Run> runs, List<Run> pairs) {
        StringBuilder out = new StringBuilder();
        int rounds = (int) runs.stream().mapToInt(Run::round).distinct().count();
        out.append("Medians over ").append(rounds).append(rounds == 1 ? " round" : " rounds")
                .append("; ratios are medians of the per-round ratios to the bare server of the same round ")
                .append("(throughput: higher is better; latency: lower is better). Spread: min–max of the rounds.\n\n");
        for (String endpoint : ENDPOINTS) {
            out.append("### ").append(switch (endpoint) {
                case "hello" -> "`GET /hello` (200 text)";
                case "missing" -> "`GET /missing` (404: the server's own when bare, a problem with Faultline)";
                default -> "`GET /boom` (the application throws: 500)";
            }).append("\n\n");
            out.append("| configuration | req/s (spread) | × bare | p50 ms | × bare | p99 ms | × bare | server CPU µs/req | × bare | log lines / req | checks |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (String config : CONFIGS) {
                List<Run> mine = select(runs, endpoint, config);
                if (mine.isEmpty()) {
                    continue;
                }
                String bare = bareOf(config);
                boolean isBare = config.equals(bare);
                out.append("| ").append(DESCRIPTIONS.getOrDefault(config, config))
                        .append(" | ").append(String.format(Locale.ROOT, "%,.0f", median(mine, Run::throughput)))
                        .append(String.format(Locale.ROOT, " (%,.0f–%,.0f)", min(mine, Run::throughput), max(mine, Run::throughput)))
                        .append(" | ").append(isBare ? "1" : ratio(runs, endpoint, config, bare, Run::throughput))
                        .append(" | ").append(ms(median(mine, r -> r.p50Us())))
                        .append(" | ").append(isBare ? "1" : ratio(runs, endpoint, config, bare, r -> r.p50Us()))
                        .append(" | ").append(ms(median(mine, r -> r.p99Us())))
                        .append(" | ").append(isBare ? "1" : ratio(runs, endpoint, config, bare, r -> r.p99Us()))
                        .append(" | ").append(String.format(Locale.ROOT, "%.2f", median(mine, Run::cpuPerRequest)))
                        .append(" | ").append(isBare ? "1" : ratio(runs, endpoint, config, bare, Run::cpuPerRequest))
                        .append(" | ").append(linesPerRequest(mine))
                        .append(" | ").append(checks(mine, config, endpoint))
                        .append(" |\n");
            }
            out.append('\n');
        }

        out.append("### Jetty + Faultline vs Jetty + Logbook, logging alike\n\n");
        out.append("| endpoint | Faultline req/s | Logbook req/s | throughput × Logbook | p50 × Logbook | p99 × Logbook | CPU/req × Logbook |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String endpoint : ENDPOINTS) {
            List<Run> f = select(runs, endpoint, "jetty-faultline-log");
            List<Run> l = select(runs, endpoint, "jetty-logbook-log");
            if (f.isEmpty() || l.isEmpty()) {
                continue;
            }
            out.append("| ").append(endpoint)
                    .append(" | ").append(String.format(Locale.ROOT, "%,.0f", median(f, Run::throughput)))
                    .append(" | ").append(String.format(Locale.ROOT, "%,.0f", median(l, Run::throughput)))
                    .append(" | ").append(ratio(runs, endpoint, "jetty-faultline-log", "jetty-logbook-log", Run::throughput))
                    .append(" | ").append(ratio(runs, endpoint, "jetty-faultline-log", "jetty-logbook-log", r -> r.p50Us()))
                    .append(" | ").append(ratio(runs, endpoint, "jetty-faultline-log", "jetty-logbook-log", r -> r.p99Us()))
                    .append(" | ").append(ratio(runs, endpoint, "jetty-faultline-log", "jetty-logbook-log", Run::cpuPerRequest))
                    .append(" |\n");
        }
        out.append('\n');

        if (!pairs.isEmpty()) {
            int n = (int) pairs.stream().mapToInt(Run::round).distinct().count();
            out.append("### `GET /hello`, paired runs\n\n");
            out.append(n).append(n == 1 ? " pair" : " pairs").append(" of runs back to back; medians over the pairs, ratios the medians of")
                    .append(" the per-pair ratios to bare Undertow (quartiles of the ratios in brackets).\n\n");
            out.append("| configuration | req/s (spread) | × bare | server CPU µs/req | × bare | log lines / req | checks |\n");
            out.append("|---|---:|---:|---:|---:|---:|---|\n");
            for (String config : CONFIGS) {
                List<Run> mine = select(pairs, "hello", config);
                if (mine.isEmpty()) {
                    continue;
                }
                boolean isBare = config.equals("undertow");
                out.append("| ").append(DESCRIPTIONS.getOrDefault(config, config))
                        .append(" | ").append(String.format(Locale.ROOT, "%,.0f", median(mine, Run::throughput)))
                        .append(String.format(Locale.ROOT, " (%,.0f–%,.0f)", min(mine, Run::throughput), max(mine, Run::throughput)))
                        .append(" | ").append(isBare ? "1" : quartiles(ratios(pairs, "hello", config, "undertow", Run::throughput)))
                        .append(" | ").append(String.format(Locale.ROOT, "%.2f", median(mine, Run::cpuPerRequest)))
                        .append(" | ").append(isBare ? "1" : ratio(pairs, "hello", config, "undertow", Run::cpuPerRequest))
                        .append(" | ").append(linesPerRequest(mine))
                        .append(" | ").append(checks(mine, config, "hello"))
                        .append(" |\n");
            }
            out.append('\n');
        }

        out.append("### Targets (issues 16 and 17)\n\n");
        if (!pairs.isEmpty()) {
            out.append("The `/hello` targets are judged on the paired runs; the rounds' figure follows.\n\n");
        }
        out.append("| target | measured | result |\n|---|---:|---|\n");
        pairedTarget(out, runs, pairs, "Undertow + Faultline (default security monitor), logging off, `/hello` throughput"
                + " ≥ 0.97× bare Undertow (issue 17)", "undertow-faultline", 0.97);
        target(out, runs, "(for the line above: the same with the signature scan off, no target)", "hello",
                "undertow-faultline-nosig", "undertow", Double.NaN);
        target(out, runs, "Undertow + Faultline, logging off, `/boom` throughput ≥ 0.80× bare Undertow (issue 16)",
                "boom", "undertow-faultline", "undertow", 0.80);
        cpuTarget(out, runs, "Undertow + Faultline, logging off, `/boom` server CPU per request ≤ bare + 4 µs (issue 16)",
                "boom", "undertow-faultline", "undertow", 4.0);
        target(out, runs, "Undertow + Faultline, logging off, `/missing` throughput ≥ 0.90× bare Undertow (issue 16)",
                "missing", "undertow-faultline", "undertow", 0.90);
        pairedTarget(out, runs, pairs, "Undertow + Faultline, one completion line per request to an async file appender,"
                + " `/hello` ≥ 0.85× bare Undertow (issue 16)", "undertow-faultline-log", 0.85);
        for (String endpoint : ENDPOINTS) {
            double goal = endpoint.equals("boom") ? 0.9 : 1.2;
            target(out, runs, "Jetty + Faultline ≥ " + (endpoint.equals("boom") ? "0.9" : "1.2")
                    + "× Jetty + Logbook throughput, logging alike, `/" + endpoint + "` (issue 16)",
                    endpoint, "jetty-faultline-log", "jetty-logbook-log", goal);
        }
        out.append('\n');
        return out.toString();
    }

    private static void target(StringBuilder out, List<Run> runs, String what, String endpoint, String config,
            String base, double goal) {
        double[] ratios = ratios(runs, endpoint, config, base, Run::throughput);
        if (ratios.length == 0) {
            out.append("| ").append(what).append(" | not measured | — |\n");
            return;
        }
        double r = median(ratios);
        out.append("| ").append(what).append(" | ").append(String.format(Locale.ROOT, "%.2f×", r))
                .append(String.format(Locale.ROOT, " (rounds: %s)", join(ratios)))
                .append(" | ").append(Double.isNaN(goal) ? "—" : r >= goal ? "**pass**" : "**miss**").append(" |\n");
    }

    /** A {@code /hello} throughput target: judged on the pairs when there are any, else on the rounds. */
    private static void pairedTarget(StringBuilder out, List<Run> runs, List<Run> pairs, String what, String config,
            double goal) {
        double[] paired = ratios(pairs, "hello", config, "undertow", Run::throughput);
        if (paired.length == 0) {
            target(out, runs, what, "hello", config, "undertow", goal);
            return;
        }
        double r = median(paired);
        double[] rounds = ratios(runs, "hello", config, "undertow", Run::throughput);
        double[] interval = medianInterval(paired);
        out.append("| ").append(what).append(" | ")
                .append(String.format(Locale.ROOT, "%.3f× over %d pairs", r, paired.length))
                .append(paired.length < 4 ? "" : " (quartiles " + quartileRange(paired)
                        + (interval == null ? "" : String.format(Locale.ROOT, "; 95 %% interval of the median %.3f–%.3f",
                                interval[0], interval[1])) + ")")
                .append(rounds.length == 0 ? "" : String.format(Locale.ROOT, "; the rounds: %.2f× (%s)", median(rounds), join(rounds)))
                .append(" | ").append(verdict(r, interval, goal)).append(" |\n");
    }

    /**
     * A paired target's result: with an interval, a pass only when all of it is at or above the goal,
     * a miss only when all of it is below, else on the bound (the runs cannot tell); without one, the
     * median alone decides.
     */
    static String verdict(double median, double @Nullable [] interval, double goal) {
        if (interval == null) {
            return median >= goal ? "**pass**" : "**miss**";
        }
        if (interval[0] >= goal) {
            return "**pass**";
        }
        return interval[1] < goal ? "**miss**" : "**on the bound**";
    }

    /**
     * A distribution-free confidence interval of at least 95 % for the median of {@code values}: the
     * order statistics of ranks {@code l} and {@code n + 1 - l}, {@code l} the largest rank with
     * {@code P(B < l) ≤ 2.5 %} for {@code B ~ Binomial(n, 1/2)} (which makes no assumption about how
     * the values are distributed: each falls below the true median with probability one half). For 30
     * values, ranks 10 and 21 (95.7 %). {@code null} under 6 values, where no such interval exists.
     */
    static double @Nullable [] medianInterval(double[] values) {
        int n = values.length;
        // P(B = k) kept as a logarithm: 0.5^n underflows to 0 from about 1,075 values on, and a product
        // started at 0 would stay 0 (the loop would then run to l = n); terms that underflow now are
        // those too small to count
        double logP = n * Math.log(0.5); // log P(B = 0)
        double below = 0;                // P(B < l)
        int l = 0;
        for (int k = 0; k < n; k++) {
            double p = Math.exp(logP);
            if (below + p > 0.025) {
                break;
            }
            below += p;
            l = k + 1;
            logP += Math.log(n - k) - Math.log(k + 1); // log P(B = k + 1)
        }
        if (l < 1) {
            return null;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return new double[] {v[l - 1], v[n - l]};
    }

    /** The median of {@code ratios}, with its quartiles from four values on: {@code 0.980 (0.960–1.000)}. */
    static String quartiles(double[] ratios) {
        if (ratios.length == 0) {
            return "—";
        }
        String median = String.format(Locale.ROOT, "%.3f", median(ratios));
        return ratios.length < 4 ? median : median + " (" + quartileRange(ratios) + ")";
    }

    /** The lower and upper quartiles of {@code values} (the medians of the lower and upper halves): {@code 0.960–1.000}. */
    static String quartileRange(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return String.format(Locale.ROOT, "%.3f–%.3f", median(Arrays.copyOfRange(v, 0, n / 2)),
                median(Arrays.copyOfRange(v, (n + 1) / 2, n)));
    }

    /** A bound on the server CPU a configuration adds per request: the median of the per-round differences. */
    private static void cpuTarget(StringBuilder out, List<Run> runs, String what, String endpoint, String config,
            String base, double maxExtraMicros) {
        Map<Integer, Double> mine = new LinkedHashMap<>();
        Map<Integer, Double> theirs = new LinkedHashMap<>();
        for (Run r : runs) {
            if (r.endpoint().equals(endpoint) && r.config().equals(config)) {
                mine.put(r.round(), r.cpuPerRequest());
            } else if (r.endpoint().equals(endpoint) && r.config().equals(base)) {
                theirs.put(r.round(), r.cpuPerRequest());
            }
        }
        double[] extra = new TreeSet<>(mine.keySet()).stream().filter(theirs::containsKey)
                .mapToDouble(round -> mine.get(round) - theirs.get(round)).toArray();
        if (extra.length == 0) {
            out.append("| ").append(what).append(" | not measured | — |\n");
            return;
        }
        double d = median(extra);
        out.append("| ").append(what).append(" | ").append(String.format(Locale.ROOT, "+%.2f µs", d))
                .append(String.format(Locale.ROOT, " (rounds: %s)", join(extra)))
                .append(" | ").append(d <= maxExtraMicros ? "**pass**" : "**miss**").append(" |\n");
    }

    private static String join(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(String.format(Locale.ROOT, "%.2f", v));
        }
        return b.toString();
    }

    /**
     * The log events each request of {@code endpoint} should write in {@code config}, or -1 where the
     * configuration logs nothing: one completion line; on {@code /boom} Faultline's error line too, and
     * no line at all from Logbook (the exception passes its filter and Jetty answers, see BENCHMARKS.md).
     */
    static int expectedLines(String config, String endpoint) {
        if (!config.endsWith("-log")) {
            return -1;
        }
        if (endpoint.equals("boom")) {
            return config.contains("logbook") ? 0 : 2;
        }
        return 1;
    }

    private static String checks(List<Run> runs, String config, String endpoint) {
        long socket = runs.stream().mapToLong(Run::socketErrors).sum();
        long non2xx = runs.stream().mapToLong(Run::non2xx).sum();
        long requests = runs.stream().mapToLong(Run::requests).sum();
        long unexpected = endpoint.equals("hello") ? non2xx : requests - non2xx;
        List<String> notes = new ArrayList<>();
        if (socket > 0) {
            notes.add(socket + " socket errors");
        }
        if (unexpected > 0) {
            notes.add(unexpected + " unexpected statuses");
        }
        int expected = expectedLines(config, endpoint);
        long lines = runs.stream().mapToLong(Run::logLines).sum();
        // wrk counts the responses it received in its time: the few requests in flight when it stops
        // were logged but not counted, hence the tolerance
        if (expected >= 0 && requests > 0 && runs.stream().allMatch(r -> r.logLines() >= 0)
                && Math.abs((double) lines / requests - expected) > 0.01) {
            notes.add(String.format(Locale.ROOT, "%.2f log lines per request, expected %d", (double) lines / requests,
                    expected));
        }
        return notes.isEmpty() ? "ok" : String.join(", ", notes);
    }

    private static String linesPerRequest(List<Run> runs) {
        long lines = 0;
        long requests = 0;
        for (Run r : runs) {
            if (r.logLines() < 0) {
                return "—";
            }
            lines += r.logLines();
            requests += r.requests();
        }
        return requests == 0 ? "—" : String.format(Locale.ROOT, "%.2f", (double) lines / requests);
    }

    private static List<Run> select(List<Run> runs, String endpoint, String config) {
        return runs.stream().filter(r -> r.endpoint().equals(endpoint) && r.config().equals(config)).toList();
    }

    /** The ratio {@code config / base} of each round that measured both, in round order. */
    private static double[] ratios(List<Run> runs, String endpoint, String config, String base, ToDoubleFunction<Run> value) {
        Map<Integer, Double> mine = new LinkedHashMap<>();
        Map<Integer, Double> theirs = new LinkedHashMap<>();
        for (Run r : runs) {
            if (r.endpoint().equals(endpoint) && r.config().equals(config)) {
                mine.put(r.round(), value.applyAsDouble(r));
            } else if (r.endpoint().equals(endpoint) && r.config().equals(base)) {
                theirs.put(r.round(), value.applyAsDouble(r));
            }
        }
        return new TreeSet<>(mine.keySet()).stream().filter(theirs::containsKey)
                .mapToDouble(round -> mine.get(round) / theirs.get(round)).toArray();
    }

    private static String ratio(List<Run> runs, String endpoint, String config, String base, ToDoubleFunction<Run> value) {
        double[] r = ratios(runs, endpoint, config, base, value);
        return r.length == 0 ? "—" : String.format(Locale.ROOT, "%.2f", median(r));
    }

    private static String ms(double micros) {
        return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }

    static double median(List<Run> runs, ToDoubleFunction<Run> value) {
        return median(runs.stream().mapToDouble(value).toArray());
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static double min(List<Run> runs, ToDoubleFunction<Run> value) {
        return runs.stream().mapToDouble(value).min().orElse(Double.NaN);
    }

    private static double max(List<Run> runs, ToDoubleFunction<Run> value) {
        return runs.stream().mapToDouble(value).max().orElse(Double.NaN);
    }
}
