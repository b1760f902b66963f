package dev.faultline.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import dev.faultline.testkit.TestRequest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Prometheus rules ({@code dev/faultline/micrometer/prometheus/faultline-rules.yml}) pass
 * {@code promtool check rules} and their unit tests ({@code promtool test rules}), and read only
 * series that {@link FaultlineMetrics} exports. Needs Debian's {@code prometheus} package (promtool):
 * skipped without it, failed without it under {@code FAULTLINE_CI=1}.
 */
@DisplayName("Prometheus rules for the fleet")
class PrometheusRulesTest {

    static final String RULES = "dev/faultline/micrometer/prometheus/faultline-rules.yml";

    @TempDir
    Path dir;

    static Path promtool() {
        for (String candidate : List.of("/usr/bin/promtool", "/usr/local/bin/promtool")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(d, "promtool");
                if (!d.isEmpty() && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        String message = "promtool not found: install Debian's package 'prometheus' (apt-get install prometheus)";
        if ("1".equals(System.getenv("FAULTLINE_CI"))) {
            fail(message + "; FAULTLINE_CI=1 requires it");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** Copies the shipped rules and the unit tests into {@code dir}, as promtool finds them beside each other. */
    void stage() throws IOException {
        copy(RULES, dir.resolve("faultline-rules.yml"));
        copy("prometheus/faultline-rules.test.yml", dir.resolve("faultline-rules.test.yml"));
    }

    static void copy(String resource, Path to) throws IOException {
        try (InputStream in = PrometheusRulesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is on the class path");
            Files.copy(in, to);
        }
    }

    String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool finished");
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + ":\n" + out);
        return out;
    }

    @Test
    @DisplayName("promtool check rules: the rules are valid")
    void check() throws Exception {
        Path promtool = promtool();
        stage();
        String out = run(promtool.toString(), "check", "rules", "faultline-rules.yml");
        assertTrue(out.contains("SUCCESS: 23 rules found"), out);
    }

    @Test
    @DisplayName("promtool test rules: each alert fires and stays quiet as Faultline's own rule would")
    void unitTests() throws Exception {
        Path promtool = promtool();
        stage();
        String out = run(promtool.toString(), "test", "rules", "faultline-rules.test.yml");
        assertTrue(out.contains("SUCCESS"), out);
    }

    /** One instance's request rates per minute on {@code /videos}: served, client faults, server faults. */
    record Rates(int success, int clientFaults, int serverFaults) {
    }

    /**
     * A promtool test file of the burn-rate cases, with {@code instances} instances each at the same
     * rates: the expectations do not depend on the fleet's size, since the alerts read ratios.
     */
    static String fleetTests(int instances, String objective) {
        StringBuilder y = new StringBuilder("rule_files:\n  - faultline-rules.yml\n\nevaluation_interval: 1m\n\ntests:\n");
        boolean strict = objective.equals("0.999");
        // 3.333 % server faults (4xx not counted as faults): pages at 99.9 %; at 99 % only the slow burn fires
        scenario(y, "fast burn, " + instances + " instances", instances, new Rates(480, 100, 20), "10m",
                strict ? List.of("FaultlineErrorBudgetBurn", "FaultlineEndpointErrorBudgetBurn",
                        "FaultlineErrorBudgetBurnSlow", "FaultlineEndpointErrorBudgetBurnSlow")
                        : List.of("FaultlineErrorBudgetBurnSlow", "FaultlineEndpointErrorBudgetBurnSlow"),
                "3.333%", false);
        if (strict) {
            // 0.2 %: twice the budget, a ticket (1 time over 3d and 6h), no page
            scenario(y, "slow burn, " + instances + " instances", instances, new Rates(898, 100, 2), "30m",
                    List.of("FaultlineErrorBudgetBurnSlow", "FaultlineEndpointErrorBudgetBurnSlow"), "0.2%", false);
            // 0.05 %, and one high-severity error a minute per instance: within the budget, nothing fires
            // (the former count rule summed them: 50 instances paged at once on what one never noticed)
            scenario(y, "within the budget, " + instances + " instances", instances, new Rates(1899, 100, 1), "30m",
                    List.of(), "", true);
        }
        return y.toString();
    }

    static final List<String> BURN_ALERTS = List.of("FaultlineErrorBudgetBurn", "FaultlineEndpointErrorBudgetBurn",
            "FaultlineErrorBudgetBurnSlow", "FaultlineEndpointErrorBudgetBurnSlow", "FaultlineCriticalErrors");

    static void scenario(StringBuilder y, String name, int instances, Rates r, String at, List<String> firing,
            String percent, boolean highSeverityNoise) {
        y.append("  - name: ").append(name).append("\n    interval: 1m\n    input_series:\n");
        for (int i = 1; i <= instances; i++) {
            String labels = "job=\"videos\",instance=\"10.0.0." + i + ":8080\",method=\"GET\",endpoint=\"/videos\"";
            series(y, "faultline_requests_seconds_count{" + labels + ",outcome=\"SUCCESS\"}", r.success());
            series(y, "faultline_requests_seconds_count{" + labels + ",outcome=\"CLIENT_ERROR\"}", r.clientFaults());
            series(y, "faultline_requests_seconds_count{" + labels + ",outcome=\"SERVER_ERROR\"}", r.serverFaults());
            if (highSeverityNoise) {
                series(y, "faultline_errors_total{job=\"videos\",instance=\"10.0.0." + i + ":8080\","
                        + "type=\"external_service\",severity=\"high\",endpoint=\"/videos\"}", r.serverFaults());
            }
        }
        y.append("    alert_rule_test:\n");
        for (String alert : BURN_ALERTS) {
            y.append("      - eval_time: ").append(at).append("\n        alertname: ").append(alert).append('\n');
            if (!firing.contains(alert)) {
                y.append("        exp_alerts: []\n");
                continue;
            }
            boolean endpoint = alert.contains("Endpoint");
            boolean fast = !alert.endsWith("Slow");
            y.append("        exp_alerts:\n          - exp_labels:\n")
                    .append("              severity: ").append(fast ? "critical" : "warning").append('\n')
                    .append("              faultline_rule: ").append(endpoint ? "endpoint_" : "")
                    .append(fast ? "error_budget_burn" : "error_budget_burn_slow").append('\n')
                    .append("              job: videos\n");
            if (endpoint) {
                y.append("              endpoint: /videos\n");
            }
            String summary = endpoint
                    ? "/videos of videos burns the error budget" + (fast ? " fast" : "") + ": " + percent
                            + " of its requests failed with a server fault"
                    : "videos burns its error budget" + (fast ? " fast" : "") + ": " + percent
                            + " of requests failed with a server fault";
            String windows = fast ? "At least 14.4 times the error budget over 1h and 5m, or 6 times over 6h and 30m"
                    : "At least 3 times the error budget over 1d and 2h, or 1 time over 3d and 6h";
            y.append("            exp_annotations:\n              summary: \"").append(summary).append("\"\n")
                    .append("              description: \"").append(windows).append(endpoint ? ", at /videos" : ",")
                    .append(" across the instances of videos (4xx and abandoned requests not counted).\"\n");
        }
        y.append('\n');
    }

    static void series(StringBuilder y, String series, int perMinute) {
        y.append("      - series: '").append(series).append("'\n        values: '0+").append(perMinute).append("x40'\n");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} instance(s)")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 50})
    @DisplayName("promtool test rules: the burn-rate alerts fire and stay quiet alike for 1 and 50 instances at the same rates")
    void fleetOfAnySize(int instances) throws Exception {
        Path promtool = promtool();
        copy(RULES, dir.resolve("faultline-rules.yml"));
        Files.writeString(dir.resolve("fleet.test.yml"), fleetTests(instances, "0.999"));
        String out = run(promtool.toString(), "test", "rules", "fleet.test.yml");
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    @DisplayName("promtool test rules: the objective is one number to change (99 % instead of 99.9 %: no page, a ticket)")
    void configurableObjective() throws Exception {
        Path promtool = promtool();
        copy(RULES, dir.resolve("shipped.yml"));
        String rules = Files.readString(dir.resolve("shipped.yml"));
        String line = "          0.999 * group by (job) (faultline_requests_seconds_count)\n";
        assertTrue(rules.contains(line), "the objective's line");
        Files.writeString(dir.resolve("faultline-rules.yml"), rules.replace(line, line.replace("0.999", "0.99")));
        Files.writeString(dir.resolve("fleet.test.yml"), fleetTests(50, "0.99"));
        String out = run(promtool.toString(), "test", "rules", "fleet.test.yml");
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    @DisplayName("the rules read only series FaultlineMetrics exports to Prometheus")
    void seriesExist() throws Exception {
        String rules;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(RULES)) {
            assertNotNull(in);
            rules = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> read = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(faultline_[a-z_]+_(?:total|count|sum|bucket|max))\\b").matcher(rules.replaceAll("(?m)^\\s*#.*$", ""));
        while (m.find()) {
            read.add(m.group(1));
        }
        assertEquals(Set.of("faultline_alerts_deliveries_total", "faultline_errors_total",
                "faultline_requests_seconds_count"), read);

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Faultline faultline = Faultline.builder().settings(n -> null).environment(Environment.PRODUCTION)
                .alertingEnabled(false).build();
                FaultlineMetrics metrics = FaultlineMetrics.create(faultline)) {
            metrics.bindTo(registry);
            Exchange x = faultline.open(TestRequest.get("/a"));
            x.close(ResponseView.of(x.fail(new SQLException("down")).status(), 0));
            String scrape = registry.scrape();
            for (String series : read) {
                assertTrue(Pattern.compile("(?m)^" + series + "\\{").matcher(scrape).find(), series + " in\n" + scrape);
            }
        }
    }
}
