package dev.faultline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.Faultline;
import dev.faultline.alert.AlertLevel;
import dev.faultline.alert.AlertRecord;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import dev.faultline.metrics.ErrorStats;
import dev.faultline.metrics.PerformanceStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The invariants every hostile request owes, shared by {@link HostileKit} and {@link HostileFuzz}, for
 * adapters' own hostile tests too. Each method fails with a message that names what broke.
 */
public final class HostileChecks {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A well-formed request id, as Faultline keeps or generates it. */
    public static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /** What a body must never hold: markup, stack frames, exception class names, server internals. */
    private static final List<Pattern> LEAKS = List.of(
            Pattern.compile("(?i)<\\s*(html|body|head|title|h1|pre|!doctype)"),
            Pattern.compile("\\bat [a-zA-Z_$][\\w$]*(\\.[\\w$]+)+\\("), // a stack frame
            Pattern.compile("\\b[a-z_$][\\w$]*(\\.[a-z_$][\\w$]*)+\\.[A-Z][\\w$]*(Exception|Error|Throwable)\\b"),
            Pattern.compile("\\b[A-Z][\\w$]*(Exception|Error)\\b(?!\")"), // a bare class name, not a JSON key
            Pattern.compile("\\bUT0\\d{5}"), // Undertow's message codes
            Pattern.compile("(?i)\\b(grizzly|jetty|tomcat|undertow|helidon|resteasy|jersey)\\b"),
            Pattern.compile(KitApp.SECRET));

    private HostileChecks() {
    }

    /** The body holds no markup, stack trace, exception class name, server name or internal message. */
    public static void assertNoLeak(String what, String body) {
        for (Pattern p : LEAKS) {
            assertFalse(p.matcher(body).find(), () -> what + ": the body leaks (" + p + "): " + abbreviate(body));
        }
    }

    /**
     * The body holds no stack frame, no qualified exception class name and no internal message: what even a
     * known server defect (an error page the adapter cannot reach) must not show.
     */
    public static void assertNoStackTrace(String what, String body) {
        for (Pattern p : List.of(LEAKS.get(1), LEAKS.get(2), LEAKS.get(6))) {
            assertFalse(p.matcher(body).find(), () -> what + ": the body leaks (" + p + "): " + abbreviate(body));
        }
    }

    /**
     * One response's invariants: never a 5xx; no leak; a well-formed request id when there is one; and,
     * for a 4xx the adapter did not declare as the server's own answer, an {@code application/problem+json}
     * body whose {@code status} and {@code request_id} match the response.
     *
     * @param serverLevel whether the server may answer this case itself (a 4xx without a problem body)
     */
    public static void assertClean(String what, RawHttp.Response r, boolean serverLevel) {
        assertTrue(r.status() >= 100 && r.status() < 500, () -> what + ": status must not be a 5xx (or unparsable): " + r);
        assertNoLeak(what, r.body());
        for (Map.Entry<String, List<String>> h : r.headers().entrySet()) { // a Server header may name the server
            for (Pattern p : LEAKS.subList(0, 4)) {
                assertFalse(p.matcher(String.valueOf(h.getValue())).find(), () -> what + ": header " + h + " leaks");
            }
        }
        String id = r.header("X-Request-Id");
        if (id != null) {
            assertTrue(REQUEST_ID.matcher(id).matches(), () -> what + ": malformed X-Request-Id echoed: " + id);
        }
        if (r.status() >= 400 && !serverLevel) {
            String type = String.valueOf(r.header("Content-Type"));
            assertTrue(type.startsWith("application/problem+json"),
                    () -> what + ": a 4xx must be a problem (or be declared answered by the server): " + r);
            JsonNode body;
            try {
                body = JSON.readTree(r.body());
            } catch (IOException e) {
                throw new AssertionError(what + ": the problem is not JSON: " + r, e);
            }
            assertEquals(r.status(), body.path("status").asInt(), () -> what + ": status member: " + r);
            assertNotNull(id, () -> what + ": X-Request-Id header on a problem");
            assertEquals(id, body.path("request_id").asText(), () -> what + ": request_id member = header");
        }
    }

    /** At most {@code requests} responses and no status line beyond them. */
    public static void assertOneResponsePerRequest(String what, RawHttp.Result r, int requests) {
        assertTrue(r.responses().size() <= requests, () -> what + ": more responses than requests: " + r);
        assertEquals(0, r.extraStatusLines(), () -> what + ": a second status line on the connection: " + r);
        assertTrue(r.unparsable().isEmpty() || !r.unparsable().contains("HTTP/1."),
                () -> what + ": a response that is not HTTP/1.x: " + r);
    }

    /** The server still answers {@code /health} with a 200. */
    public static void assertHealthy(String what, RawHttp raw) throws IOException, InterruptedException {
        RawHttp.Response health = raw.get("/health");
        assertNotNull(health, () -> what + ": /health did not answer afterwards");
        assertEquals(200, health.status(), () -> what + ": /health afterwards: " + health);
    }

    /**
     * No Faultline log event holds a CR, LF or other control character in its message or in a string
     * field: a plain-text log backend would print it raw, and a client could forge lines.
     */
    public static void assertNoForgedLogLine(String what, List<ILoggingEvent> events) {
        for (ILoggingEvent e : events) {
            if (!e.getLoggerName().startsWith("faultline")) {
                continue;
            }
            assertFalse(hasControl(e.getFormattedMessage()), () -> what + ": a control character in the message of " + e);
            for (Map.Entry<String, Object> kv : LogCapture.kv(e).entrySet()) {
                if (kv.getValue() instanceof CharSequence s) {
                    assertFalse(hasControl(s.toString()), () -> what + ": a control character in " + kv.getKey() + " of "
                            + e.getLoggerName() + " " + e.getMessage() + ": " + escape(s.toString()));
                }
            }
        }
    }

    /**
     * What one request id left in the log: at most one completion and one failure, none at ERROR, and a
     * 5xx nowhere.
     */
    public static void assertLoggedOnceAsClientFault(String what, LogCapture logs, String requestId) {
        List<ILoggingEvent> completions = new ArrayList<>();
        List<ILoggingEvent> failures = new ArrayList<>();
        for (ILoggingEvent e : logs.eventsOf(requestId)) {
            if (e.getLoggerName().equals("faultline.http") && "request completed".equals(e.getMessage())) {
                completions.add(e);
            }
            if (e.getLoggerName().equals("faultline.error")) {
                failures.add(e);
            }
            if (e.getLoggerName().startsWith("faultline")) {
                Object status = LogCapture.kv(e).get("status");
                assertFalse(status instanceof Number n && n.intValue() >= 500,
                        () -> what + ": a 5xx logged for " + requestId + ": " + LogCapture.everything(e));
                assertFalse(e.getLevel().isGreaterOrEqual(Level.ERROR),
                        () -> what + ": logged at ERROR for " + requestId + ": " + LogCapture.everything(e));
            }
        }
        assertTrue(completions.size() <= 1, () -> what + ": completed " + completions.size() + " times: " + completions);
        assertTrue(failures.size() <= 1, () -> what + ": failed " + failures.size() + " times: " + failures);
        if (completions.size() == 1 && failures.size() == 1) {
            Object completed = LogCapture.kv(completions.get(0)).get("status");
            Object failed = LogCapture.kv(failures.get(0)).get("status");
            assertEquals(String.valueOf(failed), String.valueOf(completed),
                    () -> what + ": logged with two statuses: " + LogCapture.everything(failures.get(0)) + " / "
                            + LogCapture.everything(completions.get(0)));
        }
    }

    /**
     * What the Faultline of a server that saw only hostile traffic must show: no 5xx in the performance
     * figures, no high or critical error, no internal error, and no alert above {@code info}.
     */
    public static void assertNoServerFaultsNorAlerts(String what, Faultline f) {
        PerformanceStats perf = f.performance();
        assertEquals(0L, perf.overall().lastHour().errorRequests(), () -> what + ": 5xx counted: " + perf);
        ErrorStats errors = f.errors();
        assertEquals(0L, errors.bySeverity(ErrorSeverity.HIGH) + errors.bySeverity(ErrorSeverity.CRITICAL),
                () -> what + ": high or critical errors counted: " + errors);
        assertEquals(0L, errors.byType(ErrorType.INTERNAL), () -> what + ": internal errors counted: " + errors.byType());
        for (AlertRecord a : f.alerts(24).alerts()) {
            assertFalse(a.alert().level().compareTo(AlertLevel.INFO) > 0, () -> what + ": an alert fired: " + a);
        }
    }

    /**
     * The server-fault figures of a Faultline at one moment, so that a check after one hostile request can
     * name that request (and not every later one) when it adds a 5xx, a high or critical error or an alert.
     *
     * @param serverErrors 5xx in the performance figures
     * @param seriousErrors high and critical errors, and internal ones
     * @param alerts alerts above {@code info} in the history
     */
    public record Figures(long serverErrors, long seriousErrors, long alerts) {

        /** The figures of {@code f} now. */
        public static Figures of(Faultline f) {
            long serverErrors = f.performance().overall().lastHour().errorRequests();
            ErrorStats errors = f.errors();
            long serious = errors.bySeverity(ErrorSeverity.HIGH) + errors.bySeverity(ErrorSeverity.CRITICAL)
                    + errors.byType(ErrorType.INTERNAL);
            long alerts = f.alerts(24).alerts().stream()
                    .filter(a -> a.alert().level().compareTo(AlertLevel.INFO) > 0).count();
            return new Figures(serverErrors, serious, alerts);
        }
    }

    /** Nothing {@link Figures counts} as a server fault or an alert was added since {@code before}. */
    public static void assertNoNewServerFaultsNorAlerts(String what, Faultline f, Figures before) {
        Figures now = Figures.of(f);
        assertEquals(before, now, () -> what + ": added 5xx, serious errors or alerts (before " + before + ", after "
                + now + "): " + f.errors().byType() + " alerts " + f.alerts(24).alerts());
    }

    /** Whether {@code s} holds a control character other than a tab. */
    public static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : abbreviate(s).toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
