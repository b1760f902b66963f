package dev.faultline.benchmarks.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns JMH's JSON results ({@code -rf json}) into the markdown of {@code benchmarks/results/jmh.md}:
 * the run's settings, one row per benchmark and parameter (ns/op with its 99.9 % error, B/op from
 * {@code -prof gc}, the target and whether it is met), and the linearity ratios of redaction and the
 * security scan against their targets.
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.faultline.benchmarks.jmh.JmhReport results.json jmh.md}</pre>
 *
 * <p>The targets are issue #8's: an exchange's open and close with logging off at most 300 ns/op and
 * 256 B/op; a cached classification at most 50 ns/op (150 ns/op where a structured signal decides, issue 21)
 * and no allocation (under 1 B/op, JMH's
 * allocation figure being an average that is never exactly 0); redaction and the security scan linear in
 * their input: the time ratio between two sizes at most 1.25 times the size ratio (64 KiB / 8 KiB at
 * most 10×, as the issue puts it; 100 KiB / 10 KiB at most 12.5×). Issue 16's: Faultline's share of a
 * failed request ({@code openCloseThrowing − throwOnly}, a difference of two benchmarks of the same run) at
 * most 2 µs and 1 KiB, with what one {@code Throwable.getStackTrace()} costs beside it. Issue 17's: the scan
 * of a 1 KiB query at most 2 µs, of 100 KiB at most 200 µs, both at most 64 B; {@code openCloseSecured} at
 * most 1 µs. A verdict compares the point estimate with the target. Not thread-safe; a one-shot tool.
 */
public final class JmhReport {

    /** A target on one benchmark's time and allocation per operation; {@code null} means no bound. */
    record Target(String benchmark, Double maxNanos, Double maxBytes, String text) {
    }

    /** A target that holds only for one parameter setting ({@code params} as a row prints it, e.g. {@code kib=1}). */
    record ParamTarget(String params, Target target) {
    }

    /**
     * A cost that is the difference of two benchmarks measured in the same run ({@code minuend − subtrahend},
     * time and allocation), with an optional target ({@code null}: shown without a verdict).
     */
    record Difference(String label, String minuend, String subtrahend, Target target) {
    }

    /** A target on the time ratio of one benchmark between two values of a parameter. */
    record RatioTarget(String benchmark, String param, String numerator, String denominator, double maxRatio,
            String unit) {
    }

    /** One result: a benchmark (class.method) with its parameters. */
    record Row(String benchmark, String params, int threads, double nanos, double error, Double bytes) {
    }

    static final List<Target> TARGETS = List.of(
            new Target("ExchangeBenchmark.openClose", 300.0, 256.0, "≤ 300 ns/op, ≤ 256 B/op"),
            // issue 17: an exchange with the default security monitor (rate limit and signature scan)
            new Target("ExchangeBenchmark.openCloseSecured", 1000.0, null, "≤ 1 µs/op"),
            new Target("ClassifierBenchmark.classifyCached", 50.0, 1.0, "≤ 50 ns/op, no allocation"));

    /** Issue 17's targets on the signature scan of a benign query, by size. */
    static final List<ParamTarget> PARAM_TARGETS = List.of(
            new ParamTarget("kib=1", new Target("SecurityScanBenchmark.scanQuery", 2000.0, 64.0, "≤ 2 µs/op, ≤ 64 B/op")),
            new ParamTarget("kib=100", new Target("SecurityScanBenchmark.scanQuery", 200_000.0, 64.0,
                    "≤ 200 µs/op, ≤ 64 B/op")));

    /**
     * Issue 16: a failed request's cost to Faultline is the throwing exchange less the same throw and catch
     * without Faultline ({@code throwOnly}). Beside it, what one {@code Throwable.getStackTrace()} costs
     * ({@code throwAndStackTrace − throwOnly}): what a fingerprint pays when it reads the throw site, on a
     * pattern's first occurrences and a random 1 in 64 after them.
     */
    static final List<Difference> DIFFERENCES = List.of(
            new Difference("Faultline's share of a failed request", "ExchangeBenchmark.openCloseThrowing",
                    "ExchangeBenchmark.throwOnly", new Target("", 2000.0, 1024.0, "≤ 2 µs/op, ≤ 1 KiB/op")),
            new Difference("one `Throwable.getStackTrace()` (a reading of the throw site)",
                    "ExchangeBenchmark.throwAndStackTrace", "ExchangeBenchmark.throwOnly", null));

    /**
     * Issue 21's target for the classifications a structured signal decides (an SQLState, a downstream's
     * status), by the cases of {@code ClassifierBenchmark} that need one: it replaces the 50 ns target there.
     */
    static final Target SIGNAL_TARGET = new Target("ClassifierBenchmark.classifyCached", 150.0, 1.0,
            "≤ 150 ns/op (signal), no allocation");

    static final List<String> SIGNAL_CASES = List.of("exception=wrapped", "exception=sqlstate", "exception=downstream");

    static final List<RatioTarget> RATIOS = List.of(
            new RatioTarget("RedactionBenchmark.redactJson", "kib", "64", "8", 10.0, "KiB"),
            new RatioTarget("SecurityScanBenchmark.scanQuery", "kib", "100", "10", 12.5, "KiB"));

    private JmhReport() {
    }

    /**
     * Reads {@code args[0]} (JMH's JSON results) and writes the markdown to {@code args[1]} (and to
     * standard output). Exits with status 2 on bad arguments.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: JmhReport <jmh-results.json> <report.md>");
            System.exit(2);
        }
        String markdown = render(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        Path out = Path.of(args[1]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, markdown, StandardCharsets.UTF_8);
        System.out.print(markdown);
    }

    /** The markdown report of JMH's JSON results. */
    static String render(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("JMH JSON results are an array of benchmark results");
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode result : root) {
            rows.add(row(result));
        }
        StringBuilder md = new StringBuilder();
        md.append("# JMH results\n\n");
        if (!root.isEmpty()) {
            settings(md, root);
        }
        md.append("| Benchmark | Parameter | Threads | ns/op ± error | B/op | Target | Result |\n");
        md.append("|---|---|---:|---:|---:|---|---|\n");
        for (Row r : rows) {
            Optional<Target> t = target(r);
            md.append("| ").append(r.benchmark())
                    .append(" | ").append(r.params().isEmpty() ? "–" : r.params())
                    .append(" | ").append(r.threads())
                    .append(" | ").append(number(r.nanos())).append(" ± ").append(number(r.error()))
                    .append(" | ").append(r.bytes() == null ? "n/a" : number(r.bytes()))
                    .append(" | ").append(t.map(Target::text).orElse("–"))
                    .append(" | ").append(t.map(x -> verdict(x, r)).orElse("–"))
                    .append(" |\n");
        }
        md.append("\nns/op: mean time per operation (per thread for multi-threaded benchmarks) with JMH's 99.9 % ")
                .append("confidence half-width; B/op: `gc.alloc.rate.norm` from `-prof gc`. ")
                .append("Verdicts compare the point estimate with the target.\n");
        differences(md, rows);
        md.append("\n## Linearity\n\n");
        md.append("| Benchmark | Sizes | Size ratio | Time ratio | Target | Result |\n");
        md.append("|---|---|---:|---:|---|---|\n");
        for (RatioTarget rt : RATIOS) {
            Row num = find(rows, rt.benchmark(), rt.param(), rt.numerator());
            Row den = find(rows, rt.benchmark(), rt.param(), rt.denominator());
            double sizes = Double.parseDouble(rt.numerator()) / Double.parseDouble(rt.denominator());
            md.append("| ").append(rt.benchmark())
                    .append(" | ").append(rt.numerator()).append(' ').append(rt.unit()).append(" / ")
                    .append(rt.denominator()).append(' ').append(rt.unit())
                    .append(" | ").append(ratio(sizes));
            if (num == null || den == null) {
                md.append(" | not run | ≤ ").append(ratio(rt.maxRatio())).append(" | – |\n");
                continue;
            }
            double time = num.nanos() / den.nanos();
            md.append(" | ").append(ratio(time))
                    .append(" | ≤ ").append(ratio(rt.maxRatio()))
                    .append(" | ").append(time <= rt.maxRatio() ? "pass" : "**miss**")
                    .append(" |\n");
        }
        return md.toString();
    }

    private static void settings(StringBuilder md, JsonNode results) {
        JsonNode first = results.get(0);
        md.append("- JMH ").append(text(first, "jmhVersion"))
                .append(", ").append(text(first, "vmName")).append(' ').append(text(first, "vmVersion"))
                .append(" (JDK ").append(text(first, "jdkVersion")).append(")\n");
        // one line per distinct setting, with the benchmark classes that ran with it
        Map<String, List<String>> bySetting = new java.util.LinkedHashMap<>();
        for (JsonNode r : results) {
            String setting = "forks " + text(r, "forks")
                    + ", warm-up " + text(r, "warmupIterations") + " × " + text(r, "warmupTime")
                    + ", measurement " + text(r, "measurementIterations") + " × " + text(r, "measurementTime");
            String[] parts = text(r, "benchmark").split("\\.");
            String owner = parts.length >= 2 ? parts[parts.length - 2] : parts[0];
            List<String> owners = bySetting.computeIfAbsent(setting, k -> new ArrayList<>());
            if (!owners.contains(owner)) {
                owners.add(owner);
            }
        }
        for (Map.Entry<String, List<String>> e : bySetting.entrySet()) {
            md.append("- ").append(e.getKey());
            if (bySetting.size() > 1) {
                md.append(" (").append(String.join(", ", e.getValue())).append(')');
            }
            md.append('\n');
        }
        JsonNode args = first.get("jvmArgs");
        if (args != null && args.isArray() && !args.isEmpty()) {
            List<String> list = new ArrayList<>();
            args.forEach(a -> list.add(a.asText()));
            md.append("- JVM options: `").append(String.join(" ", list)).append("`\n");
        }
        md.append('\n');
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "?" : v.asText();
    }

    static Row row(JsonNode result) {
        String full = Objects.requireNonNull(result.get("benchmark"), "benchmark").asText();
        String[] parts = full.split("\\.");
        String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : full;
        StringBuilder params = new StringBuilder();
        JsonNode p = result.get("params");
        if (p != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (params.length() > 0) {
                    params.append(", ");
                }
                params.append(e.getKey()).append('=').append(e.getValue().asText());
            }
        }
        JsonNode primary = result.get("primaryMetric");
        double score = number(primary.get("score"));
        double error = number(primary.get("scoreError"));
        String unit = primary.get("scoreUnit").asText();
        double toNanos = switch (unit) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> throw new IllegalArgumentException(name + ": unit " + unit + " is not a time per operation");
        };
        Double bytes = null;
        JsonNode secondary = result.get("secondaryMetrics");
        if (secondary != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = secondary.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey().startsWith("·") ? e.getKey().substring(1) : e.getKey();
                if (key.equals("gc.alloc.rate.norm")) {
                    bytes = number(e.getValue().get("score"));
                }
            }
        }
        int threads = result.has("threads") ? result.get("threads").asInt() : 1;
        return new Row(name, params.toString(), threads, score * toNanos, error * toNanos, bytes);
    }

    private static double number(JsonNode v) {
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText()); // JMH writes "NaN" as text
    }

    static Optional<Target> target(String benchmark) {
        return TARGETS.stream().filter(t -> t.benchmark().equals(benchmark)).findFirst();
    }

    /** The target of one row: a parameter's own target first, then the benchmark's. */
    static Optional<Target> target(Row r) {
        if (SIGNAL_TARGET.benchmark().equals(r.benchmark()) && SIGNAL_CASES.contains(r.params())) {
            return Optional.of(SIGNAL_TARGET);
        }
        for (ParamTarget pt : PARAM_TARGETS) {
            if (pt.target().benchmark().equals(r.benchmark()) && List.of(r.params().split(", ")).contains(pt.params())) {
                return Optional.of(pt.target());
            }
        }
        return target(r.benchmark());
    }

    private static void differences(StringBuilder md, List<Row> rows) {
        md.append("\n## Differences\n\n");
        md.append("| Cost | Measured as | ns/op | B/op | Target | Result |\n");
        md.append("|---|---|---:|---:|---|---|\n");
        for (Difference d : DIFFERENCES) {
            Row a = single(rows, d.minuend());
            Row b = single(rows, d.subtrahend());
            md.append("| ").append(d.label())
                    .append(" | `").append(d.minuend()).append("` − `").append(d.subtrahend()).append('`');
            String text = d.target() == null ? "–" : d.target().text();
            if (a == null || b == null) {
                md.append(" | not run | not run | ").append(text).append(" | – |\n");
                continue;
            }
            Double bytes = a.bytes() == null || b.bytes() == null ? null : a.bytes() - b.bytes();
            Row diff = new Row(d.label(), "", 1, a.nanos() - b.nanos(), Double.NaN, bytes);
            md.append(" | ").append(number(diff.nanos()))
                    .append(" | ").append(bytes == null ? "n/a" : number(bytes))
                    .append(" | ").append(text)
                    .append(" | ").append(d.target() == null ? "–" : verdict(d.target(), diff))
                    .append(" |\n");
        }
        md.append("\nEach difference subtracts two benchmarks of this run (point estimates; their errors add).\n");
    }

    private static Row single(List<Row> rows, String benchmark) {
        for (Row r : rows) {
            if (r.benchmark().equals(benchmark) && r.params().isEmpty()) {
                return r;
            }
        }
        return null;
    }

    static String verdict(Target t, Row r) {
        boolean time = t.maxNanos() == null || r.nanos() <= t.maxNanos();
        boolean bytes = t.maxBytes() == null || (r.bytes() != null && r.bytes() <= t.maxBytes());
        if (time && bytes) {
            return "pass";
        }
        List<String> missed = new ArrayList<>();
        if (!time) {
            missed.add("time");
        }
        if (!bytes) {
            missed.add(r.bytes() == null ? "B/op not measured" : "allocation");
        }
        return "**miss** (" + String.join(", ", missed) + ")";
    }

    private static Row find(List<Row> rows, String benchmark, String param, String value) {
        String wanted = param + "=" + value;
        for (Row r : rows) {
            if (r.benchmark().equals(benchmark) && List.of(r.params().split(", ")).contains(wanted)) {
                return r;
            }
        }
        return null;
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2f×", v);
    }
}
