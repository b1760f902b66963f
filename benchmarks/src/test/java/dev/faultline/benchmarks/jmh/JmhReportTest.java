package dev.faultline.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JmhReport turns JMH's JSON results into the markdown table")
class JmhReportTest {

    private static String result(String benchmark, String params, String score, String error, String unit,
            String bytes) {
        return """
                {"jmhVersion":"1.37","benchmark":"dev.faultline.benchmarks.jmh.%s","mode":"avgt","threads":1,
                 "forks":1,"jvm":"/usr/bin/java","jvmArgs":["-Xmx1g"],"jdkVersion":"25","vmName":"OpenJDK 64-Bit Server VM",
                 "vmVersion":"25+1","warmupIterations":5,"warmupTime":"1 s","measurementIterations":5,
                 "measurementTime":"2 s","params":%s,
                 "primaryMetric":{"score":%s,"scoreError":%s,"scoreUnit":"%s"},
                 "secondaryMetrics":{%s}}
                """.formatted(benchmark, params, score, error, unit,
                bytes == null ? "" : "\"gc.alloc.rate.norm\":{\"score\":" + bytes + ",\"scoreUnit\":\"B/op\"}");
    }

    private static String run(String... results) {
        return "[" + String.join(",", results) + "]";
    }

    private static String line(String markdown, String start) {
        return markdown.lines().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with " + start + " in\n" + markdown));
    }

    @Test
    @DisplayName("one row per result with ns/op ± error, B/op, the target and whether it is met")
    void rows() throws IOException {
        String md = JmhReport.render(run(
                result("ExchangeBenchmark.openClose", "{}", "281.4", "12.25", "ns/op", "248.0"),
                result("ClassifierBenchmark.classifyCached", "{\"exception\":\"jdk\"}", "0.0612", "0.002", "us/op", "0.0001"),
                result("ClassifierBenchmark.classifyCached", "{\"exception\":\"sqlstate\"}", "0.1612", "0.002", "us/op", "0.0001"),
                result("ExchangeBenchmark.openCloseLogged", "{}", "912", "\"NaN\"", "ns/op", null)));
        assertEquals("| ExchangeBenchmark.openClose | – | 1 | 281 ± 12.3 | 248 | ≤ 300 ns/op, ≤ 256 B/op | pass |",
                line(md, "| ExchangeBenchmark.openClose |"));
        assertEquals("| ClassifierBenchmark.classifyCached | exception=jdk | 1 | 61.2 ± 2.00 | 0.00 "
                + "| ≤ 50 ns/op, no allocation | **miss** (time) |", line(md, "| ClassifierBenchmark.classifyCached | exception=jdk"));
        assertEquals("| ClassifierBenchmark.classifyCached | exception=sqlstate | 1 | 161 ± 2.00 | 0.00 "
                + "| ≤ 150 ns/op (signal), no allocation | **miss** (time) |",
                line(md, "| ClassifierBenchmark.classifyCached | exception=sqlstate"));
        assertEquals("| ExchangeBenchmark.openCloseLogged | – | 1 | 912 ± NaN | n/a | – | – |",
                line(md, "| ExchangeBenchmark.openCloseLogged"));
        assertTrue(md.contains("- JMH 1.37, OpenJDK 64-Bit Server VM 25+1 (JDK 25)"), md);
        assertTrue(md.contains("- forks 1, warm-up 5 × 1 s, measurement 5 × 2 s"), md);
        assertTrue(md.contains("- JVM options: `-Xmx1g`"), md);
    }

    @Test
    @DisplayName("lists each distinct run setting with the benchmark classes that used it")
    void settingsPerClass() throws IOException {
        String three = result("RedactionBenchmark.redactJson", "{\"kib\":\"8\"}", "10", "1", "ns/op", "1")
                .replace("\"forks\":1", "\"forks\":3");
        String md = JmhReport.render(run(
                result("ExchangeBenchmark.openClose", "{}", "250", "5", "ns/op", "200"),
                result("ClassifierBenchmark.classifyCached", "{}", "20", "1", "ns/op", "0"), three));
        assertTrue(md.contains("- forks 1, warm-up 5 × 1 s, measurement 5 × 2 s (ExchangeBenchmark, ClassifierBenchmark)\n"), md);
        assertTrue(md.contains("- forks 3, warm-up 5 × 1 s, measurement 5 × 2 s (RedactionBenchmark)\n"), md);
    }

    @Test
    @DisplayName("an allocation over the bound is a miss, and so is a bound that was not measured")
    void allocationMiss() throws IOException {
        String md = JmhReport.render(run(result("ExchangeBenchmark.openClose", "{}", "250", "5", "ns/op", "312")));
        assertTrue(line(md, "| ExchangeBenchmark.openClose").endsWith("| **miss** (allocation) |"), md);
        String unmeasured = JmhReport.render(run(result("ExchangeBenchmark.openClose", "{}", "250", "5", "ns/op", null)));
        assertTrue(line(unmeasured, "| ExchangeBenchmark.openClose").endsWith("| **miss** (B/op not measured) |"), unmeasured);
    }

    @Test
    @DisplayName("linearity: the time ratio of the larger to the smaller input against 1.25 times the size ratio")
    void ratios() throws IOException {
        String md = JmhReport.render(run(
                result("RedactionBenchmark.redactJson", "{\"kib\":\"8\"}", "10000", "100", "ns/op", "1"),
                result("RedactionBenchmark.redactJson", "{\"kib\":\"64\"}", "105000", "100", "ns/op", "1"),
                result("SecurityScanBenchmark.scanQuery", "{\"kib\":\"10\"}", "0.2", "0.01", "ms/op", "1"),
                result("SecurityScanBenchmark.scanQuery", "{\"kib\":\"100\"}", "2.1", "0.01", "ms/op", "1")));
        assertEquals("| RedactionBenchmark.redactJson | 64 KiB / 8 KiB | 8.00× | 10.50× | ≤ 10.00× | **miss** |",
                line(md, "| RedactionBenchmark.redactJson | 64"));
        assertEquals("| SecurityScanBenchmark.scanQuery | 100 KiB / 10 KiB | 10.00× | 10.50× | ≤ 12.50× | pass |",
                line(md, "| SecurityScanBenchmark.scanQuery | 100"));
    }

    @Test
    @DisplayName("a ratio whose sizes were not run says so")
    void ratioNotRun() throws IOException {
        String md = JmhReport.render(run(result("ExchangeBenchmark.openClose", "{}", "250", "5", "ns/op", "200")));
        assertEquals("| RedactionBenchmark.redactJson | 64 KiB / 8 KiB | 8.00× | not run | ≤ 10.00× | – |",
                line(md, "| RedactionBenchmark.redactJson"));
    }

    @Test
    @DisplayName("rejects what is not JMH's result array, and a score that is not a time per operation")
    void rejects() {
        assertThrows(IllegalArgumentException.class, () -> JmhReport.render("{}"));
        assertThrows(IllegalArgumentException.class, () -> JmhReport.render(run(
                result("ExchangeBenchmark.openClose", "{}", "3000000", "5", "ops/s", "200"))));
    }

    @Test
    @DisplayName("names each benchmark by class and method, parameters in JMH's order")
    void names() throws IOException {
        JmhReport.Row r = JmhReport.row(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                result("SecurityScanBenchmark.scanQuery", "{\"kib\":\"100\",\"mode\":\"x\"}", "1", "0", "ns/op", "5")));
        assertEquals("SecurityScanBenchmark.scanQuery", r.benchmark());
        assertEquals("kib=100, mode=x", r.params());
        assertEquals(List.of("pass"), List.of(JmhReport.verdict(
                new JmhReport.Target("x", 2.0, 10.0, "t"), r)));
    }

    @Test
    @DisplayName("a failed request's cost to Faultline is the throwing exchange less the throw, against 2 µs and 1 KiB")
    void differences() throws IOException {
        String md = JmhReport.render(run(
                result("ExchangeBenchmark.openCloseThrowing", "{}", "9343", "100", "ns/op", "5777"),
                result("ExchangeBenchmark.throwOnly", "{}", "3088", "50", "ns/op", "2912"),
                result("ExchangeBenchmark.throwAndStackTrace", "{}", "8735", "50", "ns/op", "4912")));
        assertEquals("| Faultline's share of a failed request | `ExchangeBenchmark.openCloseThrowing` − "
                + "`ExchangeBenchmark.throwOnly` | 6,255 | 2,865 | ≤ 2 µs/op, ≤ 1 KiB/op | **miss** (time, allocation) |",
                line(md, "| Faultline's share"));
        assertEquals("| one `Throwable.getStackTrace()` (a reading of the throw site) | "
                + "`ExchangeBenchmark.throwAndStackTrace` − `ExchangeBenchmark.throwOnly` | 5,647 | 2,000 | – | – |",
                line(md, "| one `Throwable"));
        String notRun = JmhReport.render(run(result("ExchangeBenchmark.throwOnly", "{}", "3088", "50", "ns/op", "2912")));
        assertTrue(line(notRun, "| Faultline's share").endsWith("| not run | not run | ≤ 2 µs/op, ≤ 1 KiB/op | – |"), notRun);
    }

    @Test
    @DisplayName("the scan's targets hold per input size; openCloseSecured has its own")
    void parameterTargets() throws IOException {
        String md = JmhReport.render(run(
                result("SecurityScanBenchmark.scanQuery", "{\"kib\":\"1\"}", "1.9", "0.1", "us/op", "16"),
                result("SecurityScanBenchmark.scanQuery", "{\"kib\":\"10\"}", "19", "1", "us/op", "16"),
                result("SecurityScanBenchmark.scanQuery", "{\"kib\":\"100\"}", "210", "5", "us/op", "21"),
                result("ExchangeBenchmark.openCloseSecured", "{}", "720", "30", "ns/op", "338")));
        assertTrue(line(md, "| SecurityScanBenchmark.scanQuery | kib=1 ").endsWith("| ≤ 2 µs/op, ≤ 64 B/op | pass |"), md);
        assertTrue(line(md, "| SecurityScanBenchmark.scanQuery | kib=10 ").endsWith("| – | – |"), md);
        assertTrue(line(md, "| SecurityScanBenchmark.scanQuery | kib=100 ")
                .endsWith("| ≤ 200 µs/op, ≤ 64 B/op | **miss** (time) |"), md);
        assertTrue(line(md, "| ExchangeBenchmark.openCloseSecured").endsWith("| ≤ 1 µs/op | pass |"), md);
    }
}
