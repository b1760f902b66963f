package dev.faultline.internal.metrics;

import dev.faultline.metrics.PerformanceConfig;
import dev.faultline.metrics.PerformanceStats;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Latency and outcome statistics per endpoint and overall, over the last minute, five minutes and
 * hour: count, server errors (5xx), client errors (4xx), slow requests, mean, p50/p90/p99 (relative
 * error ≤ 1/64) and max.
 *
 * <p><b>Endpoints</b> are a method and a route template ({@code GET /videos/{id}}); requests no route
 * matched count as {@value PerformanceStats#UNMATCHED}. At most {@link PerformanceConfig#maxEndpoints()} endpoints are
 * tracked; later ones, of any method, are folded into one {@value PerformanceStats#OTHER}, and how many distinct endpoints were folded is
 * estimated in fixed memory (linear counting over a 64 Kbit bitmap, accurate to a few percent up to
 * about 100,000 names).
 *
 * <p><b>Windows.</b> Each endpoint keeps five one-minute slots (the 1 min and 5 min spans; a span
 * includes the current, partly elapsed minute) and twelve five-minute slots (the 1 h span), all with
 * latency histograms: about 120 KB per endpoint once every slot has traffic, so at most about
 * {@code 120 KB × (maxEndpoints + 2)}, whatever the traffic. The overall figures are not kept apart:
 * {@link #stats()} adds up the windows of every endpoint ({@value PerformanceStats#OTHER} included), which hold each
 * recording exactly once.
 *
 * <p><b>Cost.</b> {@link #record} is O(1), lock-free and allocation-free once the endpoint and the
 * current slots exist: one clock reading, two windows. {@link #stats()} is O(endpoints × 866).
 * Thread-safe.
 */
public final class PerformanceMonitor {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration FIVE = Duration.ofMinutes(5);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final int CLIENT_ERRORS = 0;
    private static final int BITMAP_BITS = 1 << 16;

    private final PerformanceConfig config;
    private final Clock clock;
    private final long slowNanos;
    /** Never recorded into: the shape (and clock) of the overall sums, which add up every endpoint's windows. */
    private final Stats overall;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Stats>> byMethod = new ConcurrentHashMap<>();
    private final AtomicInteger endpoints = new AtomicInteger();
    private final Stats other;
    private final LongAdder foldedRequests = new LongAdder();
    private final java.util.concurrent.atomic.AtomicLongArray foldedBitmap =
            new java.util.concurrent.atomic.AtomicLongArray(BITMAP_BITS / 64);

    public PerformanceMonitor(PerformanceConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.slowNanos = config.slowRequestThreshold().toNanos();
        this.overall = new Stats(clock);
        this.other = new Stats(clock);
    }

    /** The configuration. */
    public PerformanceConfig config() {
        return config;
    }

    /**
     * Records one finished exchange.
     *
     * @param method the HTTP method
     * @param endpoint the route template, {@value PerformanceStats#UNMATCHED}, or the path when the server knows no templates
     * @param nanos how long it took
     * @param status the status sent
     * @return whether it was slow (at or over the threshold)
     */
    public boolean record(String method, String endpoint, long nanos, int status) {
        return record(method, endpoint, nanos, status, clock.millis());
    }

    /**
     * {@link #record(String, String, long, int)} at {@code nowMillis}, a reading of this monitor's clock
     * taken by the caller: for a caller that records one request in several monitors on the same
     * clock and reads it once (a clock reading costs about as much as a recording).
     *
     * @param nowMillis the time of the recording, from the clock this monitor was built with
     */
    public boolean record(String method, String endpoint, long nanos, int status, long nowMillis) {
        boolean slow = nanos >= slowNanos;
        boolean error = status >= 500;
        boolean clientError = status >= 400 && status < 500;
        // into the endpoint's windows only: the overall figures are their sum, added up when read
        stats(method, endpoint).record(nowMillis, nanos, error, slow, clientError);
        return slow;
    }

    private Stats stats(String method, String endpoint) {
        ConcurrentHashMap<String, Stats> byEndpoint = byMethod.get(method);
        if (byEndpoint != null) {
            Stats s = byEndpoint.get(endpoint);
            if (s != null) {
                return s;
            }
        } else if (endpoints.get() >= config.maxEndpoints()) {
            // At the cap. Read the method's map again: a racing first request of this method publishes
            // the map before it takes its slot, so seeing the full count means seeing the map too.
            byEndpoint = byMethod.get(method);
            if (byEndpoint == null) {
                return fold(method, endpoint); // a new method at the cap: nothing to create
            }
        } else {
            byEndpoint = byMethod.computeIfAbsent(method, m -> new ConcurrentHashMap<>());
        }
        // Reserve inside the per-key computation: threads racing for one new endpoint wait for the
        // first and share its slot; at the cap the computation creates nothing and the request folds.
        Stats s = byEndpoint.computeIfAbsent(endpoint, e -> {
            int taken = endpoints.getAndUpdate(n -> n < config.maxEndpoints() ? n + 1 : n);
            return taken < config.maxEndpoints() ? new Stats(clock) : null;
        });
        return s != null ? s : fold(method, endpoint);
    }

    private Stats fold(String method, String endpoint) {
        foldedRequests.increment();
        int h = (method.hashCode() * 31 + endpoint.hashCode()) * 0x9E3779B9;
        int bit = (h >>> 16) ^ (h & 0xFFFF);
        foldedBitmap.getAndUpdate(bit >>> 6, w -> w | (1L << (bit & 63)));
        return other;
    }

    /** How many distinct endpoints were folded into {@value PerformanceStats#OTHER} (an estimate). */
    public long foldedEndpoints() {
        int zeros = 0;
        for (int i = 0; i < foldedBitmap.length(); i++) {
            zeros += 64 - Long.bitCount(foldedBitmap.get(i));
        }
        if (zeros == 0) {
            return BITMAP_BITS; // saturated: at least this many
        }
        return Math.round(-BITMAP_BITS * Math.log((double) zeros / BITMAP_BITS));
    }

    /** How many requests were recorded under {@value PerformanceStats#OTHER}. */
    public long foldedRequests() {
        return foldedRequests.sum();
    }

    /**
     * Whether {@code method} and {@code endpoint} are counted on their own, as opposed to folded into
     * {@value PerformanceStats#OTHER} (or not recorded yet). Records nothing. Once a pair is tracked it stays tracked,
     * and once the cap is reached no new pair is, so the answer for a pair just {@linkplain #record
     * recorded} is final. O(1), lock-free, allocation-free.
     */
    public boolean tracks(String method, String endpoint) {
        ConcurrentHashMap<String, Stats> byEndpoint = byMethod.get(method);
        return byEndpoint != null && byEndpoint.containsKey(endpoint);
    }

    /** The number of endpoints tracked on their own. */
    public int trackedEndpoints() {
        return endpoints.get();
    }

    /**
     * The statistics now, overall and per endpoint. O(endpoints × 866).
     */
    public PerformanceStats stats() {
        List<Stats> all = all();
        PerformanceStats.Windows overallWindows = new PerformanceStats.Windows(
                window(TimeWindow.sum(overall.minutes, minutes(all), MINUTE)),
                window(TimeWindow.sum(overall.minutes, minutes(all), FIVE)),
                window(TimeWindow.sum(overall.hour, hours(all), HOUR)));
        List<PerformanceStats.Endpoint> list = new ArrayList<>();
        byMethod.forEach((method, byEndpoint) -> byEndpoint.forEach(
                (endpoint, s) -> list.add(new PerformanceStats.Endpoint(method, endpoint, s.windows()))));
        if (foldedRequests.sum() > 0) {
            list.add(new PerformanceStats.Endpoint("*", PerformanceStats.OTHER, other.windows())); // folded endpoints may have any method
        }
        list.sort((a, b) -> Long.compare(b.windows().lastHour().totalRequests(), a.windows().lastHour().totalRequests()));
        return new PerformanceStats(config.slowRequestThreshold(), overallWindows, list, endpoints.get(),
                config.maxEndpoints(), foldedEndpoints(), foldedRequests());
    }

    /** Every endpoint's statistics, {@value PerformanceStats#OTHER} included: each recording is in exactly one of them. */
    private List<Stats> all() {
        List<Stats> all = new ArrayList<>();
        byMethod.forEach((method, byEndpoint) -> all.addAll(byEndpoint.values()));
        all.add(other);
        return all;
    }

    private static List<TimeWindow> minutes(List<Stats> all) {
        List<TimeWindow> out = new ArrayList<>(all.size());
        all.forEach(s -> out.add(s.minutes));
        return out;
    }

    private static List<TimeWindow> hours(List<Stats> all) {
        List<TimeWindow> out = new ArrayList<>(all.size());
        all.forEach(s -> out.add(s.hour));
        return out;
    }

    static PerformanceStats.Window window(TimeWindow.Snapshot s) {
        return new PerformanceStats.Window(s.count(), s.errors(), s.keyCount(CLIENT_ERRORS), s.slow(),
                ms(Math.round(s.meanNanos())), ms(s.count() == 0 ? 0 : s.latencyAtQuantile(0.50)),
                ms(s.count() == 0 ? 0 : s.latencyAtQuantile(0.90)), ms(s.count() == 0 ? 0 : s.latencyAtQuantile(0.99)),
                ms(s.maxNanos()));
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    /** One endpoint's windows. */
    private static final class Stats {
        final TimeWindow minutes;
        final TimeWindow hour;

        Stats(Clock clock) {
            minutes = TimeWindow.builder().slots(5).slotWidth(MINUTE).latencyHistogram(true).keys(1).clock(clock).build();
            hour = TimeWindow.builder().slots(12).slotWidth(FIVE).latencyHistogram(true).keys(1).clock(clock).build();
        }

        void record(long nowMillis, long nanos, boolean error, boolean slow, boolean clientError) {
            TimeWindow.Slot m = minutes.current(nowMillis);
            m.record(nanos, error, slow);
            TimeWindow.Slot h = hour.current(nowMillis);
            h.record(nanos, error, slow);
            if (clientError) {
                m.increment(CLIENT_ERRORS);
                h.increment(CLIENT_ERRORS);
            }
        }

        PerformanceStats.Windows windows() {
            return new PerformanceStats.Windows(window(minutes.snapshot(MINUTE)), window(minutes.snapshot(FIVE)),
                    window(hour.snapshot(HOUR)));
        }
    }

    /** The endpoint name for the monitor: the template, {@value PerformanceStats#UNMATCHED} for a 404 without one, else the path. */
    public static String endpointOf(@Nullable String template, String path, int status) {
        if (template != null && !template.isEmpty()) {
            return template;
        }
        return status == 404 ? PerformanceStats.UNMATCHED : path;
    }
}
