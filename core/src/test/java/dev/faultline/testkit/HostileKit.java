package dev.faultline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.security.SecurityConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hostile part of the conformance kit: what an adapter owes requests that real clients and
 * attackers send first, sent over raw sockets ({@link RawHttp}) to a real server.
 *
 * <p><b>How an adapter uses it.</b> Its test extends this class and implements {@link #start(Faultline)}
 * exactly as for {@link ConformanceKit} (usually by calling the same method): the server on 127.0.0.1 and a
 * free port, the adapter in front of the kit's routes. The hostile cases need {@value KitApp#OK},
 * {@value KitApp#ITEM_TEMPLATE}, POST {@value KitApp#ECHO} and POST {@value KitApp#JSON}
 * ({@link KitApp#json(String, byte[])}, which reads the whole body first) and GET {@value KitApp#BIG}. The fuzz
 * property is a separate
 * base class, {@link HostileFuzz}, because it runs on jqwik.
 *
 * <p><b>Server-level answers.</b> Some requests never reach an adapter: the server's own parser refuses
 * them before any handler runs. An adapter declares those cases in {@link #answeredByServer()}; for
 * them the kit accepts a 4xx without a problem body, or a clean close without an answer, and still
 * requires everything else (no 5xx, no leak, one response, the server stays up). Declare only what the
 * server really answers itself, and say why in the adapter's README.
 *
 * <p><b>What every case owes</b> (see {@link HostileCase} for the cases and what each expects): the server
 * still answers {@code /health}; the answer is a 4xx problem, a 2xx/3xx where the request is legal, or a
 * clean close where the server cannot answer, never a 5xx; the body holds no HTML, stack trace,
 * exception class name or internal message; at most one response per request; no Faultline log line
 * holds a control character; the request is logged as completed at most once, never at ERROR; and the
 * server's figures show no 5xx, no high or critical error and no alert above {@code info}.
 *
 * <p>Bounded: each case uses one connection with 5 s read timeouts; the slow client stalls for about 2 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class HostileKit {

    /** Every log event of the run. */
    protected LogCapture logs;
    /** A production server (alerting on, the default alert rules) that sees only the hostile cases. */
    protected KitServer hostile;
    /** The Faultline of {@link #hostile}. */
    protected Faultline hostileFaultline;
    /** A production server with a 3/min rate limit and blocking signatures. */
    protected KitServer rejecting;
    /** The Faultline of {@link #rejecting}. */
    protected Faultline rejectingFaultline;
    /** The raw client of {@link #hostile}. */
    protected RawHttp raw;

    /**
     * Starts the adapter's server with the kit's routes on 127.0.0.1 and a free port, as
     * {@link ConformanceKit#start(Faultline)} does.
     */
    protected abstract KitServer start(Faultline faultline) throws Exception;

    /**
     * The cases this adapter's server answers itself, before any adapter code runs (a bad-message 400
     * from its parser, a clean close): for them a 4xx without a problem body, or no answer at all, is
     * accepted. None by default.
     */
    protected Set<HostileCase> answeredByServer() {
        return Set.of();
    }

    /**
     * Known defects: the cases this adapter's server answers wrongly (a 5xx, an HTML page, a second
     * response) before any adapter code runs and where the adapter has no hook to change it, each with the
     * reason. The kit does not hide them: for each it requires that the wrong answer still happens (so
     * that a fix shows up as a failure asking to remove the entry), and that everything Faultline owns
     * still holds (the server stays up, no forged log line, no 5xx counted, no alert). Each entry belongs
     * in the adapter's README under "What is not reachable", and keeps the adapter's hostile kit from being
     * called passed. None by default.
     */
    protected Map<HostileCase, String> knownDefects() {
        return Map.of();
    }

    /**
     * Whether the server's own error page for a {@linkplain #knownDefects() known defect} may hold a stack
     * trace (Undertow-servlet's default {@code ServletStackTraces.LOCAL_ONLY} shows one to a client on the
     * same machine, as the kit's is). {@code false} by default: even a known defect must not show one.
     */
    protected boolean knownDefectsShowStackTraces() {
        return false;
    }

    private void knownDefect(HostileCase c, String reason) throws Exception {
        String id = requestId(c);
        boolean serverLevel = answeredByServer().contains(c);
        int before = logs.events().size();
        HostileChecks.Figures figures = HostileChecks.Figures.of(hostileFaultline);
        RawHttp.Result r = raw.exchange(c.bytes(new HostileCase.Target(raw.authority(), id)), c.options());
        AssertionError strict = null;
        try {
            HostileChecks.assertOneResponsePerRequest(c.name(), r, c.requests());
            for (RawHttp.Response response : r.all()) {
                HostileChecks.assertClean(c.name(), response, serverLevel);
            }
            if (c.expect() == HostileCase.Expect.REFUSED) {
                assertTrue(r.responses().isEmpty() && serverLevel
                        || !r.responses().isEmpty() && r.response().status() >= 400 && r.response().status() < 500,
                        () -> c + ": must be refused with a 4xx: " + r);
            }
        } catch (AssertionError wrong) {
            strict = wrong;
        }
        if (!knownDefectsShowStackTraces()) {
            for (RawHttp.Response response : r.all()) {
                HostileChecks.assertNoStackTrace(c.name(), response.body());
            }
        }
        assertNotNull(strict, () -> c + " is listed in knownDefects() (" + reason + ") but is now answered cleanly: "
                + r + "; remove it from the list and from the README");
        settle(c, r, id);
        HostileChecks.assertHealthy(c.name(), raw);
        List<ILoggingEvent> during = logs.events();
        HostileChecks.assertNoForgedLogLine(c.name(), during.subList(Math.min(before, during.size()), during.size()));
        HostileChecks.assertNoNewServerFaultsNorAlerts(c.name(), hostileFaultline, figures);
    }

    /** The Faultline of {@link #hostile}: production, default alert rules, the per-client rate limit lifted. */
    protected Faultline hostileFaultline() {
        return Faultline.builder().environment(Environment.PRODUCTION).settings(name -> null)
                .security(s -> s.maxRequestsPerMinute(1_000_000))
                .build();
    }

    /** The Faultline of {@link #rejecting}: production, 3 requests per minute per client, blocking signatures. */
    protected Faultline rejectingFaultline() {
        return Faultline.builder().environment(Environment.PRODUCTION).settings(name -> null)
                .security(s -> s.maxRequestsPerMinute(3).signatureMode(SecurityConfig.Mode.BLOCK))
                .build();
    }

    @BeforeAll
    void startHostileServers() throws Exception {
        logs = LogCapture.attach();
        hostileFaultline = hostileFaultline();
        hostile = start(hostileFaultline);
        raw = RawHttp.to(hostile.baseUri());
        rejectingFaultline = rejectingFaultline();
        rejecting = start(rejectingFaultline);
    }

    @AfterAll
    void stopHostileServers() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {hostile, rejecting, hostileFaultline, rejectingFaultline, logs}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** The request id a case sends. */
    protected static String requestId(HostileCase c) {
        return "hk-" + c.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HostileCase.class)
    @Order(1)
    @DisplayName("each hostile request gets a clean answer, never a 5xx, a leak, a second response or an alert")
    void hostileRequest(HostileCase c) throws Exception {
        String defect = knownDefects().get(c);
        if (defect != null) {
            knownDefect(c, defect);
            return;
        }
        String id = requestId(c);
        boolean serverLevel = answeredByServer().contains(c);
        int before = logs.events().size();
        HostileChecks.Figures figures = HostileChecks.Figures.of(hostileFaultline);
        RawHttp.Result r = raw.exchange(c.bytes(new HostileCase.Target(raw.authority(), id)), c.options());
        String what = c + " " + r;

        HostileChecks.assertOneResponsePerRequest(c.name(), r, c.requests());
        for (RawHttp.Response response : r.all()) {
            HostileChecks.assertClean(c.name(), response, serverLevel);
        }
        switch (c.expect()) {
            case REFUSED -> {
                if (r.responses().isEmpty()) {
                    assertTrue(serverLevel, () -> c + ": no answer; the server closed the connection without a 4xx"
                            + " (declare the case in answeredByServer() if the server does it): " + r);
                } else {
                    int status = r.response().status();
                    assertTrue(status >= 400 && status < 500, () -> c + ": must be refused with a 4xx: " + what);
                }
            }
            case ANSWERED -> assertTrue(!r.responses().isEmpty() || serverLevel,
                    () -> c + ": no answer; the server closed the connection without one (declare the case in"
                            + " answeredByServer() if the server does it): " + r);
            case GONE, SLOW -> {
                // nothing to read: the client went away or stalled
            }
        }
        settle(c, r, id);

        HostileChecks.assertHealthy(c.name(), raw);
        List<ILoggingEvent> during = logs.events();
        HostileChecks.assertNoForgedLogLine(c.name(), during.subList(Math.min(before, during.size()), during.size()));
        HostileChecks.assertLoggedOnceAsClientFault(c.name(), logs, id);
        for (RawHttp.Response response : r.all()) {
            if (response.status() >= 400 && id.equals(response.header("X-Request-Id"))) {
                // answered through Faultline: counted as a classified client fault, with the status sent
                Map<String, Object> kv = LogCapture.kv(logs.completion(id));
                assertNotNull(kv.get("error_type"), () -> c + ": a 4xx counted without an error type: " + kv);
                assertEquals(String.valueOf(response.status()), String.valueOf(kv.get("status")),
                        () -> c + ": the status logged is not the status sent: " + kv);
            }
        }
        if (c == HostileCase.PIPELINED) {
            HostileChecks.assertLoggedOnceAsClientFault(c.name(), logs, id + "-2");
            assertEquals(2, r.responses().size(), () -> "both pipelined requests answered: " + r);
            assertEquals(200, r.responses().get(0).status(), what);
            assertEquals(200, r.responses().get(1).status(), what);
            assertEquals(id, r.responses().get(0).header("X-Request-Id"), what);
            assertEquals(id + "-2", r.responses().get(1).header("X-Request-Id"), what);
        }
        if ((c == HostileCase.SHORT_BODY_THEN_CLOSE || c == HostileCase.BIG_RESPONSE_THEN_CLOSE) && !serverLevel) {
            ILoggingEvent completion = logs.completion(id);
            Map<String, Object> kv = LogCapture.kv(completion);
            assertEquals("client_closed", kv.get("error_type"), () -> "classified as the client going away: " + kv);
            assertFalse(completion.getLevel().isGreaterOrEqual(Level.WARN), () -> "logged at INFO or below: " + completion);
        }
        HostileChecks.assertNoNewServerFaultsNorAlerts(c.name(), hostileFaultline, figures);
    }

    /**
     * Waits until the request's log events are all there: its completion when the application answered
     * it, else a short grace for a server that notices a gone client late; then a little longer, so that a
     * second completion of the same request would be seen.
     */
    private void settle(HostileCase c, RawHttp.Result r, String id) throws InterruptedException {
        boolean reachedFaultline = r.responses().stream().anyMatch(x -> id.equals(x.header("X-Request-Id")));
        Duration wait = reachedFaultline ? Duration.ofSeconds(10)
                : c.expect() == HostileCase.Expect.GONE ? Duration.ofSeconds(3) : Duration.ofMillis(300);
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline && completions(id) == 0) {
            Thread.sleep(20);
        }
        long grace = System.nanoTime() + Duration.ofMillis(200).toNanos();
        while (System.nanoTime() < grace) {
            Thread.sleep(20);
        }
    }

    private long completions(String id) {
        return logs.events("faultline.http", id).stream().filter(e -> "request completed".equals(e.getMessage())).count();
    }

    @Test
    @Order(2)
    @DisplayName("refused requests to distinct paths create no endpoint: they count under _rejected")
    void refusedRequestsTakeNoEndpoint() throws Exception {
        RawHttp rejectingRaw = RawHttp.to(rejecting.baseUri());
        RawHttp.Response first = rejectingRaw.get(KitApp.OK);
        assertNotNull(first);
        assertEquals(200, first.status(), first::toString);
        await(() -> rejectingFaultline.performance().endpoint("GET", KitApp.OK).isPresent());
        Set<String> before = endpointNames(rejectingFaultline);
        int refused = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String[] methods = {"GET", "POST", "DELETE", "PUT"};
        for (int i = 0; i < 40; i++) {
            String path = "/r" + Long.toHexString(random.nextLong()) + "/" + i
                    + (i % 4 == 0 ? "?q=%3Cscript%3Ealert(1)%3C/script%3E" : "");
            String method = methods[i % methods.length];
            RawHttp.Result r = rejectingRaw.exchange(method + " " + path + " HTTP/1.1\r\nHost: " + rejectingRaw.authority()
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", RawHttp.Options.standard().linger(Duration.ZERO));
            RawHttp.Response response = r.response();
            assertNotNull(response, () -> "refused request answered: " + r);
            HostileChecks.assertClean("refused " + path, response, false);
            if (response.status() == 429 || response.status() == 403) {
                refused++;
            }
        }
        assertTrue(refused >= 30, "most were refused: " + refused);
        int expectedRefused = refused;
        await(() -> rejectedCount(rejectingFaultline) >= expectedRefused);
        Set<String> after = endpointNames(rejectingFaultline);
        Set<String> allowed = new TreeSet<>(before);
        for (String m : methods) {
            allowed.add(m + " " + dev.faultline.metrics.PerformanceStats.REJECTED);
            allowed.add(m + " " + dev.faultline.metrics.PerformanceStats.UNMATCHED);
        }
        Set<String> added = new TreeSet<>(after);
        added.removeAll(allowed);
        assertTrue(added.isEmpty(), () -> "refused requests created endpoints " + added + "; before " + before);
        Map<String, Long> byEndpoint = rejectingFaultline.errors().byEndpoint();
        for (String name : byEndpoint.keySet()) {
            assertFalse(name.startsWith("/r"), () -> "error metrics by raw path: " + byEndpoint);
        }
    }

    @Test
    @Order(3)
    @DisplayName("a burst of clients going away from one address is one security finding, never an alert")
    void burstOfClientFaults() throws Exception {
        HostileChecks.Figures figures = HostileChecks.Figures.of(hostileFaultline);
        for (int i = 0; i < dev.faultline.security.SecurityStats.CLIENT_FAULT_BURST + 5; i++) {
            String id = "hk-burst-" + i;
            raw.exchange(HostileCase.SHORT_BODY_THEN_CLOSE.bytes(new HostileCase.Target(raw.authority(), id)),
                    HostileCase.SHORT_BODY_THEN_CLOSE.options());
        }
        ILoggingEvent finding = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (finding == null && System.nanoTime() < deadline) {
            // this client's finding: requests refused where the server gives no client address (Helidon's direct
            // handlers) count together under an unknown client and may have made a finding of their own
            finding = logs.events().stream().filter(e -> e.getLoggerName().equals("faultline.security")
                    && "client fault burst".equals(e.getMessage())
                    && "127.0.0.1".equals(LogCapture.kv(e).get("ip_address"))).findFirst().orElse(null);
            Thread.sleep(20);
        }
        assertNotNull(finding, "a 'client fault burst' finding for 127.0.0.1 on faultline.security");
        Map<String, Object> kv = LogCapture.kv(finding);
        assertEquals("127.0.0.1", kv.get("ip_address"), kv::toString);
        assertNotNull(kv.get("kind"), kv::toString);
        HostileChecks.assertNoNewServerFaultsNorAlerts("burst", hostileFaultline, figures);
    }

    @Test
    @Order(4)
    @DisplayName("after every hostile case: no 5xx, no high or critical error, no alert above info")
    void noAlertAfterAll() {
        HostileChecks.assertNoServerFaultsNorAlerts("all cases", hostileFaultline);
        HostileChecks.assertNoServerFaultsNorAlerts("refused requests", rejectingFaultline);
    }

    /** {@code METHOD endpoint} of every endpoint the performance monitor tracks. */
    protected static Set<String> endpointNames(Faultline f) {
        Set<String> out = new HashSet<>();
        for (PerformanceStats.Endpoint e : f.performance().endpoints()) {
            out.add(e.method() + " " + e.endpoint());
        }
        return out;
    }

    private static long rejectedCount(Faultline f) {
        long n = 0;
        for (PerformanceStats.Endpoint e : f.performance().endpoints()) {
            if (dev.faultline.metrics.PerformanceStats.REJECTED.equals(e.endpoint())) {
                n += e.windows().lastHour().totalRequests();
            }
        }
        return n;
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 10 s");
            }
            Thread.sleep(20);
        }
    }

    /** The ids of the requests the kit sent, for adapters' own checks. */
    protected static List<String> requestIds() {
        List<String> out = new ArrayList<>();
        for (HostileCase c : HostileCase.values()) {
            out.add(requestId(c));
        }
        return out;
    }
}
