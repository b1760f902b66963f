package dev.faultline.benchmarks.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a server's CPU samples went, from a JFR recording ({@code jdk.ExecutionSample}), by component:
 * each sample is charged to the innermost frame of its stack that belongs to a known component
 * (Faultline's security monitor, its metrics, ...), else to the server and JVM. Then the Faultline
 * methods that were innermost most often. Markdown on standard output.
 *
 * <pre>java -cp ... dev.faultline.benchmarks.load.ProfileSummary RECORDING.jfr</pre>
 *
 * <p>A component's share includes what it calls in the JDK (a {@code String.indexOf} under the
 * scanner counts as the scanner's) and, for an adapter, the server calls it makes (writing a problem
 * body to the socket counts as the adapter's), except the server's own completion work that Undertow
 * runs inside Faultline's completion listener ({@link #SERVER_THROUGH_HOOKS}). The shares are of
 * samples of threads running Java code: time in system calls (socket reads and writes) is not in
 * them, so they overstate every Java component's share of the process's whole CPU time. Record with
 * {@code -XX:+DebugNonSafepoints} for frames that match the code.
 */
public final class ProfileSummary {

    /** Components by the prefix of a frame's {@code class.method}, tried in order. */
    static final List<Map.Entry<String, List<String>>> COMPONENTS = List.of(
            Map.entry("Faultline: security monitor (signatures, rate limit, client IP)", List.of("dev.faultline.security.")),
            Map.entry("Faultline: metrics, error patterns, alert rules",
                    List.of("dev.faultline.metrics.", "dev.faultline.analysis.", "dev.faultline.alert.")),
            Map.entry("Faultline: problem replies and classification",
                    List.of("dev.faultline.Problems.", "dev.faultline.error.", "dev.faultline.internal.Json")),
            Map.entry("Faultline: exchange log events (building them, handing them to Logback)",
                    List.of("dev.faultline.ExchangeEvents.")),
            Map.entry("Faultline: request ids", List.of("dev.faultline.internal.RequestIds.")),
            Map.entry("Faultline: monitoring endpoint checks", List.of("dev.faultline.monitoring.Monitoring")),
            Map.entry("Faultline: exchange lifecycle (open, bind/MDC, close) and config",
                    List.of("dev.faultline.DefaultExchange", "dev.faultline.Faultline", "dev.faultline.logging.",
                            "dev.faultline.recovery.", "dev.faultline.http.")),
            Map.entry("Faultline: adapter (with the server calls it makes)",
                    List.of("dev.faultline.undertow.", "dev.faultline.servlet.")),
            Map.entry("Logbook", List.of("org.zalando.")),
            Map.entry("application (routing, handlers, servlets, and the server calls they make)",
                    List.of("dev.faultline.benchmarks.", "io.undertow.server.RoutingHandler.",
                            "io.undertow.server.handlers.PathHandler.", "jakarta.servlet.http.HttpServlet.",
                            "org.eclipse.jetty.ee10.servlet.ServletHolder.",
                            "org.eclipse.jetty.ee10.servlet.ServletHandler$ChainEnd.")));

    private static final String APPENDER = "Logback AsyncAppender thread (formatting, file writes)";
    private static final String REST = "server, JVM (JIT, GC) and the rest";

    private ProfileSummary() {
    }

    /** Prints the summary of the recording given. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ProfileSummary RECORDING.jfr");
            System.exit(2);
        }
        Map<String, Long> byComponent = new LinkedHashMap<>();
        Map<String, Long> byMethod = new LinkedHashMap<>();
        long total = 0;
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = e.getStackTrace();
                if (stack == null) {
                    continue;
                }
                total++;
                RecordedThread thread = e.getThread("sampledThread");
                String threadName = thread == null ? "" : String.valueOf(thread.getJavaName());
                String component = null;
                String method = null;
                if (threadName.startsWith("AsyncAppender-Worker")) {
                    component = APPENDER;
                } else {
                    for (RecordedFrame frame : stack.getFrames()) {
                        if (!frame.isJavaFrame() || frame.getMethod() == null) {
                            continue;
                        }
                        String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                        component = componentOf(name);
                        if (component != null) {
                            if (component.startsWith("Faultline")) {
                                method = name;
                            }
                            break;
                        }
                    }
                }
                byComponent.merge(component == null ? REST : component, 1L, Long::sum);
                if (method != null) {
                    byMethod.merge(method, 1L, Long::sum);
                }
            }
        }
        System.out.print(render(byComponent, byMethod, total));
    }

    /**
     * The server's own work reached through a Faultline hook, charged to the server: Undertow finishes
     * the exchange (and reads the next request) inside the completion listener chain that Faultline's
     * listener passes on with {@code nextListener.proceed()}.
     */
    static final List<String> SERVER_THROUGH_HOOKS = List.of("io.undertow.server.HttpServerExchange$ExchangeCompleteNextListener.");

    static String componentOf(String frame) {
        for (String prefix : SERVER_THROUGH_HOOKS) {
            if (frame.startsWith(prefix)) {
                return REST;
            }
        }
        for (Map.Entry<String, List<String>> c : COMPONENTS) {
            for (String prefix : c.getValue()) {
                if (frame.startsWith(prefix)) {
                    return c.getKey();
                }
            }
        }
        return null;
    }

    private static String render(Map<String, Long> byComponent, Map<String, Long> byMethod, long total) {
        StringBuilder out = new StringBuilder();
        out.append("CPU samples: ").append(total).append("\n\n");
        out.append("| component | share of the server's CPU samples |\n|---|---:|\n");
        byComponent.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.append("| ").append(e.getKey()).append(" | ")
                        .append(percent(e.getValue(), total)).append(" |\n"));
        long faultline = byComponent.entrySet().stream().filter(e -> e.getKey().startsWith("Faultline"))
                .mapToLong(Map.Entry::getValue).sum();
        out.append("| **all of Faultline** | **").append(percent(faultline, total)).append("** |\n\n");
        out.append("Faultline methods innermost on the stack most often (with what they call outside Faultline):\n\n");
        out.append("| method | share |\n|---|---:|\n");
        byMethod.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                .forEach(e -> out.append("| `").append(e.getKey()).append("` | ")
                        .append(percent(e.getValue(), total)).append(" |\n"));
        return out.toString();
    }

    private static String percent(long n, long total) {
        return total == 0 ? "—" : String.format(Locale.ROOT, "%.1f%%", 100.0 * n / total);
    }
}
