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
        assertTrue(out.contains("SUCCESS: 11 rules found"), out);
    }

    @Test
    @DisplayName("promtool test rules: each alert fires and stays quiet as Faultline's own rule would")
    void unitTests() throws Exception {
        Path promtool = promtool();
        stage();
        String out = run(promtool.toString(), "test", "rules", "faultline-rules.test.yml");
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
