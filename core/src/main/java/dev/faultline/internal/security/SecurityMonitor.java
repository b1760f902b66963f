package dev.faultline.internal.security;

import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import dev.faultline.error.RateLimitedException;
import dev.faultline.http.RequestView;
import dev.faultline.internal.JsonMap;
import dev.faultline.internal.LogLines;
import dev.faultline.security.AttackCategory;
import dev.faultline.security.ClientIpResolver;
import dev.faultline.security.Finding;
import dev.faultline.security.RequestScanner;
import dev.faultline.security.ScanReport;
import dev.faultline.security.SecurityConfig;
import dev.faultline.security.SecurityStats;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The security monitor: per-client rate limiting and attack signatures on every request, with
 * findings logged on {@code faultline.security} (rule ids, categories and locations — never the
 * offending value) and counted by category. {@link #check(RequestView)} runs the signature scan alone,
 * for direct use. Built from {@link SecurityConfig}; only core's pipeline admits, inspects and reports
 * client faults through it. Thread-safe; no lock shared across requests.
 */
public final class SecurityMonitor {

    private static final Logger LOG = LoggerFactory.getLogger("faultline.security");

    private final SecurityConfig config;
    private final ClientIpResolver resolver;
    private final @Nullable TokenBucketRateLimiter limiter;
    private final @Nullable RequestScanner scanner;
    private final EnumMap<AttackCategory, LongAdder> findings = new EnumMap<>(AttackCategory.class);
    private final LongAdder blocked = new LongAdder();
    private final LongAdder keyFailures = new LongAdder();
    private final LongSupplier ticker;
    /** Client faults per client in the current window (bounded: at most {@value #MAX_FAULT_CLIENTS} clients). */
    private final com.github.benmanes.caffeine.cache.Cache<String, FaultWindow> faults =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(MAX_FAULT_CLIENTS)
                    .executor(Runnable::run).build();
    private final LongAdder faultBursts = new LongAdder();

    private static final long FAULT_WINDOW_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_FAULT_CLIENTS = 10_000;

    /** A monitor with the settings of {@code config}; {@code ticker} times the rate limits and fault windows. */
    public SecurityMonitor(SecurityConfig config, LongSupplier ticker) {
        this.config = Objects.requireNonNull(config, "config");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.resolver = ClientIpResolver.builder().trustedProxies(config.trustedProxies())
                .forwardedHeader(config.forwardedHeader()).build();
        this.limiter = config.rateLimit() ? TokenBucketRateLimiter.builder()
                .maxRequestsPerMinute(config.maxRequestsPerMinute()).ticker(ticker).build() : null;
        RequestScanner s = config.scanner();
        this.scanner = config.signatures() ? (s != null ? s : RequestScanner.create()) : null;
        for (AttackCategory c : AttackCategory.values()) {
            findings.put(c, new LongAdder());
        }
    }

    /** The configuration. */
    public SecurityConfig config() {
        return config;
    }

    /** The client's address: the peer, or what trusted proxies report. */
    public @Nullable String clientIp(RequestView request) {
        return resolver.resolve(request).orElse(null);
    }

    /**
     * Scans a request for attack signatures and returns what it found, as {@code Faultline.checkSecurity}
     * does. Counts nothing, logs nothing, takes no rate-limit token; an empty report when signatures are
     * off.
     */
    public ScanReport check(RequestView request) {
        return scanner == null ? ScanReport.empty() : scanner.scan(request);
    }

    /**
     * Decides on a request before the application runs: takes a rate-limit token and scans it. Logs and
     * counts findings. Returns the exception to refuse the request with (429 or 403), or {@code null}.
     */
    public @Nullable FaultlineException admit(RequestView request, @Nullable String clientIp, String requestId) {
        if (limiter != null) {
            String key = rateLimitKey(request, clientIp);
            TokenBucketRateLimiter.Decision d = limiter.tryAcquire(key);
            if (!d.allowed()) {
                boolean block = config.rateLimitMode() == SecurityConfig.Mode.BLOCK;
                findings.get(AttackCategory.RATE_LIMIT).increment();
                LoggingEventBuilder line = log(requestId, request, clientIp, List.of(Finding.rateLimitExceeded("client")), block)
                        .addKeyValue("retry_after_s", d.retryAfter().toSeconds());
                LogLines.log(line, "rate limit exceeded", true, false);
                if (block) {
                    blocked.increment();
                    return new RateLimitedException("Too many requests; retry later.", d.retryAfter());
                }
            }
        }
        if (scanner != null) {
            ScanReport report = scanner.scan(request);
            if (report.hasIssues()) {
                boolean block = config.signatureMode() == SecurityConfig.Mode.BLOCK;
                count(report);
                LogLines.log(log(requestId, request, clientIp, report.issues(), block), "security issues detected", true, false);
                if (block) {
                    blocked.increment();
                    return new FaultlineException(ErrorType.AUTHORIZATION, "The request was refused.",
                            "blocked by security rules " + ruleIds(report), null);
                }
            }
        }
        return null;
    }

    /** Scans a captured request body after the fact (detect only). */
    public void inspectBody(RequestView request, @Nullable String clientIp, String requestId, String body) {
        if (scanner == null || !config.scanBodies()) {
            return;
        }
        ScanReport report = scanner.scan(new BodyOnly(request), body);
        if (report.hasIssues()) {
            count(report);
            LogLines.log(log(requestId, request, clientIp, report.issues(), false), "security issues detected", true, false);
        }
    }

    /**
     * Counts a client fault — a client that went away, a malformed or an oversized request — against
     * its client. {@value #SecurityStats.CLIENT_FAULT_BURST} of them within a minute from one client are a security
     * finding, logged once per minute on {@code faultline.security} at WARN ({@code client fault burst},
     * with {@code ip_address}, {@code kind} of the latest, {@code count}); never an error alert, which an
     * anonymous client must not be able to fire. O(1), bounded memory, never throws.
     *
     * @param kind {@code client_closed}, {@code malformed}, {@code payload_too_large}...
     */
    public void clientFault(@Nullable String clientIp, String kind, String requestId) {
        try {
            String key = clientIp != null ? clientIp : "unknown";
            long now = ticker.getAsLong();
            FaultWindow w = faults.get(key, k -> new FaultWindow(now));
            long count = w.add(now);
            if (count == SecurityStats.CLIENT_FAULT_BURST) {
                faultBursts.increment();
                LOG.atWarn()
                        .addKeyValue("request_id", requestId)
                        .addKeyValue("ip_address", clientIp)
                        .addKeyValue("kind", kind)
                        .addKeyValue("count", count)
                        .addKeyValue("window_s", 60)
                        .addKeyValue("action", "logged")
                        .log("client fault burst");
            }
        } catch (RuntimeException e) {
            LOG.debug("client fault accounting failed", e);
        }
    }

    /** One client's faults in its current one-minute window. */
    private static final class FaultWindow {
        private long start;
        private long count;

        FaultWindow(long start) {
            this.start = start;
        }

        synchronized long add(long now) {
            if (now - start >= FAULT_WINDOW_NANOS) {
                start = now;
                count = 0;
            }
            return ++count;
        }
    }

    private String rateLimitKey(RequestView request, @Nullable String clientIp) {
        var custom = config.rateLimitKey();
        if (custom != null) {
            try {
                String key = custom.apply(request);
                if (key != null) {
                    return key;
                }
            } catch (RuntimeException e) {
                keyFailures.increment();
                LOG.warn("the rate-limit key function failed; the client IP is used instead", e);
            }
        }
        return clientIp != null ? clientIp : "unknown";
    }

    private void count(ScanReport report) {
        for (Finding f : report.issues()) {
            findings.get(f.category()).increment();
        }
    }

    private static List<String> ruleIds(ScanReport report) {
        List<String> ids = new ArrayList<>();
        for (Finding f : report.issues()) {
            ids.add(f.ruleId());
        }
        return ids;
    }

    private static LoggingEventBuilder log(String requestId, RequestView request, @Nullable String clientIp,
            List<Finding> issues, boolean blocked) {
        List<Object> list = new ArrayList<>(issues.size());
        for (Finding f : issues) {
            JsonMap m = new JsonMap(); // the log shape of a finding, as ScanReport's
            m.put("rule_id", f.ruleId());
            m.put("category", f.category().id());
            m.put("location", f.location());
            list.add(m);
        }
        boolean pathFinding = false;
        for (Finding f : issues) {
            pathFinding |= f.location().equals("path");
        }
        return LOG.atWarn()
                .addKeyValue("request_id", requestId)
                .addKeyValue("method", dev.faultline.internal.LogText.clean(request.method()))
                // the path itself is the offending value when a finding is in it: never logged then
                .addKeyValue("path", pathFinding ? "[path withheld]" : dev.faultline.internal.LogText.clean(request.path()))
                .addKeyValue("ip_address", clientIp)
                .addKeyValue("issues_found", issues.size())
                .addKeyValue("issues", new JsonList(list))
                .addKeyValue("action", blocked ? "blocked" : "logged");
    }

    /** The counters now: findings by category, requests refused, rate-limit figures. */
    public SecurityStats stats() {
        Map<AttackCategory, Long> byCategory = new EnumMap<>(AttackCategory.class);
        long total = 0;
        for (Map.Entry<AttackCategory, LongAdder> e : findings.entrySet()) {
            long n = e.getValue().sum();
            total += n;
            byCategory.put(e.getKey(), n);
        }
        return new SecurityStats(total, byCategory, blocked.sum(), keyFailures.sum(), faultBursts.sum(),
                limiter == null ? 0 : limiter.maxRequestsPerMinute(), limiter == null ? 0 : limiter.trackedKeys());
    }

    /** Findings of one category so far. */
    public long findings(AttackCategory category) {
        return findings.get(category).sum();
    }

    /** A list whose {@code toString()} is JSON, like {@link JsonMap}. */
    private static final class JsonList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        JsonList(List<Object> items) {
            super(items);
        }

        @Override
        public String toString() {
            return new String(dev.faultline.internal.Json.bytes(this), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** A request view that hides path, query and headers, so that a body scan reports only the body. */
    private static final class BodyOnly implements RequestView {
        private final RequestView request;

        BodyOnly(RequestView request) {
            this.request = request;
        }

        @Override
        public String method() {
            return request.method();
        }

        @Override
        public String path() {
            return "/";
        }

        @Override
        public @Nullable String query() {
            return null;
        }

        @Override
        public @Nullable String header(String name) {
            return null;
        }

        @Override
        public void forEachHeader(java.util.function.BiConsumer<String, String> action) {
        }

        @Override
        public @Nullable String remoteAddress() {
            return request.remoteAddress();
        }
    }
}
