package dev.faultline.dashboard;

import dev.faultline.error.NotFoundException;
import dev.faultline.http.HttpReply;
import dev.faultline.monitoring.MonitoringResource;
import dev.faultline.http.RequestView;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A live dashboard page of Faultline's monitoring endpoints: error rate per minute over the last hour
 * and the hourly trend, errors by type and severity, the most common error patterns with their
 * recommendations, the latest alerts with their delivery state, latency percentiles and slow requests
 * per endpoint, and the health of each check, refreshed every few seconds.
 *
 * <pre>{@code
 * Faultline faultline = Faultline.builder()
 *         .monitoring(m -> m.resource(Dashboard.create()))                 // at /metrics/dashboard/
 *         .build();
 * // or: m.resource(Dashboard.builder().path("/metrics/ops/").refresh(Duration.ofSeconds(10)).build())
 * }</pre>
 *
 * <p><b>What it serves.</b> A fixed set of files under its {@linkplain Builder#path path}, read from the
 * class path once, when built, and kept in memory (about 95 KB): the HTML page, its script and style
 * sheet, and the charting library uPlot from its WebJar ({@code org.webjars.npm:uplot}). The page holds
 * no data: every number it shows it fetches from the JSON endpoints ({@code /metrics/errors},
 * {@code /metrics/trends}, {@code /metrics/insights}, {@code /metrics/alerts}, {@code /metrics/performance},
 * {@code /health}) by URLs relative to itself, so it works under any {@linkplain
 * dev.faultline.monitoring.MonitoringConfig.Builder#base base}. The path without its final slash redirects to
 * the page. Any other path below it is a 404 problem; names are looked up in the fixed set, so no
 * request can reach another file.
 *
 * <p><b>Headers.</b> Every reply has {@code X-Content-Type-Options: nosniff}, a strict
 * {@code Content-Security-Policy} (only this origin's scripts, styles, images and fetches; no inline
 * script, no framing) and {@code Referrer-Policy: no-referrer}. The page is {@code no-store}; the
 * other files have their content's hash in their name and are cacheable by the browser only
 * ({@code private, immutable}).
 *
 * <p><b>Access.</b> The monitoring endpoints' guard applies: an {@linkplain
 * dev.faultline.monitoring.MonitoringConfig.Builder#access access predicate} to every file of the dashboard
 * as to the data. A browser cannot send a {@linkplain dev.faultline.monitoring.MonitoringConfig.Builder#token
 * bearer token} when it navigates, so the dashboard's files, which are the same for everyone and carry
 * no data, load without it ({@link #requiresToken} is false); the page then sends the token with each
 * of its requests for data, which stay guarded. The user gives the page the token in a form or in the
 * URL's fragment ({@code /metrics/dashboard/#token=...}, never sent to the server); the page keeps it
 * in the tab's {@code sessionStorage} and removes it from the address bar.
 *
 * <p>Immutable and thread-safe.
 */
public final class Dashboard implements MonitoringResource {

    /** The default path: {@value}. */
    public static final String DEFAULT_PATH = "/metrics/dashboard/";
    /** The default refresh interval: 5 seconds. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);
    /** The shortest refresh interval: 1 second. */
    public static final Duration MIN_REFRESH = Duration.ofSeconds(1);
    /** The longest refresh interval: 5 minutes. */
    public static final Duration MAX_REFRESH = Duration.ofMinutes(5);
    /** The default number of hours the trend chart covers (at most the retention): {@value}. */
    public static final int DEFAULT_TREND_HOURS = 24;
    /** The default title: {@value}. */
    public static final String DEFAULT_TITLE = "Faultline";

    private final String path;
    private final Duration refresh;
    private final int trendHours;
    private final String title;
    private final Assets assets;
    private final String bare;
    private final String redirectTarget;

    private Dashboard(Builder b) {
        this.path = b.path;
        this.refresh = b.refresh;
        this.trendHours = b.trendHours;
        this.title = b.title;
        this.assets = Assets.load(new Assets.Page(title, refresh.toMillis(), trendHours, rootOf(path)));
        this.bare = path.substring(0, path.length() - 1);
        this.redirectTarget = bare.substring(bare.lastIndexOf('/') + 1) + "/";
    }

    /**
     * A dashboard with the defaults, at {@value #DEFAULT_PATH}.
     *
     * @return the dashboard, to register as a monitoring resource
     */
    public static Dashboard create() {
        return builder().build();
    }

    /**
     * A dashboard configured by {@code configure}.
     *
     * @param configure sets the options on a builder with the defaults
     * @return the dashboard, to register as a monitoring resource
     */
    public static Dashboard create(Consumer<Builder> configure) {
        Builder b = builder();
        Objects.requireNonNull(configure, "configure").accept(b);
        return b.build();
    }

    /**
     * A builder with the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The path of the page relative to the monitoring base; ends with {@code /}. */
    @Override
    public String path() {
        return path;
    }

    /**
     * How often the page fetches the endpoints again.
     *
     * @return the refresh interval
     */
    public Duration refresh() {
        return refresh;
    }

    /**
     * How many hours the trend chart asks for (fewer when the retention is shorter).
     *
     * @return the hours of the trend chart
     */
    public int trendHours() {
        return trendHours;
    }

    /**
     * The page's title.
     *
     * @return the title
     */
    public String title() {
        return title;
    }

    /**
     * Serves the page at its path, a redirect to it at its path without the final slash, one of its
     * files below it, and a 404 problem for anything else.
     */
    @Override
    public HttpReply serve(String relativePath, RequestView request) {
        if (relativePath.equals(bare)) {
            return Assets.redirect(redirectTarget);
        }
        if (!relativePath.startsWith(path)) {
            throw new NotFoundException("No dashboard file at this path.");
        }
        Assets.Asset asset = assets.get(relativePath.substring(path.length()));
        if (asset == null) {
            throw new NotFoundException("No dashboard file at this path.");
        }
        return asset.reply();
    }

    /**
     * False: the dashboard's files are static and carry no data, so that a browser can load the page
     * when the endpoints want a token; the page's requests for data send it. The access predicate still
     * applies.
     */
    @Override
    public boolean requiresToken(String relativePath) {
        return false;
    }

    /** The names of the files below the path, the page ({@code ""}) first; for tests and diagnostics. */
    List<String> files() {
        return assets.names();
    }

    /** The content of a file below the path, or null; for tests. */
    byte @org.jspecify.annotations.Nullable [] content(String name) {
        Assets.Asset a = assets.get(name);
        return a == null ? null : a.body();
    }

    /** {@code ../} once per segment of {@code path}: from the page's directory back to the base. */
    static String rootOf(String path) {
        int segments = 0;
        for (int i = 1; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                segments++;
            }
        }
        return "../".repeat(segments);
    }

    @Override
    public String toString() {
        return "Dashboard[path=" + path + ", refresh=" + refresh + ", trendHours=" + trendHours + "]";
    }

    /** Builds a {@link Dashboard}. Not thread-safe. */
    public static final class Builder {
        private String path = DEFAULT_PATH;
        private Duration refresh = DEFAULT_REFRESH;
        private int trendHours = DEFAULT_TREND_HOURS;
        private String title = DEFAULT_TITLE;

        private Builder() {
        }

        /**
         * Where the page is, relative to the monitoring base and under {@code /metrics/}; default
         * {@value #DEFAULT_PATH}. A missing final slash is added: the page is a directory, its files
         * are below it.
         *
         * @param path the page's path, such as {@code /metrics/dashboard/}
         * @return this builder
         * @throws IllegalArgumentException unless a plain path under {@code /metrics/} of letters,
         *     digits, {@code -}, {@code _} and {@code .} segments, not a built-in endpoint (names
         *     {@code dashboard.path})
         */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            String p = path.endsWith("/") ? path : path + "/";
            if (!p.startsWith("/metrics/") || p.length() == "/metrics/".length() || !plainSegments(p)) {
                throw new IllegalArgumentException("dashboard.path must be a plain path under /metrics/ "
                        + "(like /metrics/dashboard/), was '" + path + "'");
            }
            String bare = p.substring(0, p.length() - 1);
            if (List.of("/metrics/errors", "/metrics/trends", "/metrics/insights", "/metrics/alerts",
                    "/metrics/performance").contains(bare)) {
                throw new IllegalArgumentException("dashboard.path must not be a built-in endpoint, was '" + path + "'");
            }
            this.path = p;
            return this;
        }

        private static boolean plainSegments(String p) {
            for (String segment : p.substring(1, p.length() - 1).split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    return false;
                }
                for (int i = 0; i < segment.length(); i++) {
                    char c = segment.charAt(i);
                    boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                            || c == '-' || c == '_' || c == '.';
                    if (!ok) {
                        return false;
                    }
                }
            }
            return true;
        }

        /**
         * How often the page fetches the endpoints again, from {@link #MIN_REFRESH 1 s} to
         * {@link #MAX_REFRESH 5 min}; default {@link #DEFAULT_REFRESH 5 s}. The page pauses while its tab
         * is hidden.
         *
         * @param refresh the refresh interval
         * @return this builder
         * @throws IllegalArgumentException outside that range or not whole milliseconds (names
         *     {@code dashboard.refresh})
         */
        public Builder refresh(Duration refresh) {
            Objects.requireNonNull(refresh, "refresh");
            if (refresh.compareTo(MIN_REFRESH) < 0 || refresh.compareTo(MAX_REFRESH) > 0
                    || refresh.toNanos() % 1_000_000 != 0) {
                throw new IllegalArgumentException("dashboard.refresh must be whole milliseconds from 1 s to 5 min, was "
                        + refresh);
            }
            this.refresh = refresh;
            return this;
        }

        /**
         * How many hours the trend chart covers, 1 to 720; default {@value #DEFAULT_TREND_HOURS}. The page
         * asks for fewer when Faultline keeps fewer ({@code retention_hours} of {@code /metrics/errors}).
         *
         * @param hours the hours the trend chart covers
         * @return this builder
         * @throws IllegalArgumentException outside 1..720 (names {@code dashboard.trend_hours})
         */
        public Builder trendHours(int hours) {
            if (hours < 1 || hours > 720) {
                throw new IllegalArgumentException("dashboard.trend_hours must be between 1 and 720, was " + hours);
            }
            this.trendHours = hours;
            return this;
        }

        /**
         * The page's title and heading, to tell services apart, 1 to 80 characters without control
         * characters; default {@value #DEFAULT_TITLE}. Shown as text, never as markup.
         *
         * @param title the title
         * @return this builder
         * @throws IllegalArgumentException if blank, longer or with control characters (names
         *     {@code dashboard.title})
         */
        public Builder title(String title) {
            Objects.requireNonNull(title, "title");
            if (title.isBlank() || title.length() > 80 || title.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(
                        "dashboard.title must be 1 to 80 characters without control characters");
            }
            this.title = title.strip();
            return this;
        }

        /**
         * The dashboard.
         *
         * @return the dashboard
         * @throws IllegalStateException if its files are missing from the class path (the uPlot WebJar
         *     excluded, for instance)
         */
        public Dashboard build() {
            return new Dashboard(this);
        }
    }
}
