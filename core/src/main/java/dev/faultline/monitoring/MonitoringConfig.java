package dev.faultline.monitoring;

import dev.faultline.http.RequestView;
import dev.faultline.internal.Preconditions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the monitoring endpoints. Immutable and thread-safe; built through
 * {@code Faultline.builder().monitoring(m -> ...)}.
 *
 * <p>Paths, under {@link Builder#base(String) base} (default none):
 * {@code /metrics/errors}, {@code /metrics/trends?hours=N}, {@code /metrics/insights},
 * {@code /metrics/alerts?hours=N}, {@code /metrics/performance}, {@code /health},
 * {@code /health/live}, {@code /health/ready}.
 *
 * <p>Access: with a {@linkplain Builder#token token}, callers must send
 * {@code Authorization: Bearer <token>} (compared in constant time); with an
 * {@linkplain Builder#access access predicate}, it must accept the request. With neither, the
 * endpoints are <b>closed</b>: every endpoint but the health probes answers a 401 problem, unless
 * {@link Builder#anonymous(Anonymous)} opens them (the {@code development} preset opens them to
 * loopback callers). The health probes ({@code /health}, {@code /health/live},
 * {@code /health/ready}) stay open unless {@link Builder#guardProbes(boolean)} says otherwise, so that
 * load balancers and orchestrators need no secret.
 *
 * <p>Extra {@linkplain MonitoringResource resources} (a dashboard, a metrics scrape) are served under
 * the same base and guard; a resource may exempt static content without data (a page's shell) from the
 * token, never from the access predicate ({@link MonitoringResource#requiresToken}).
 */
public final class MonitoringConfig {

    /** The longest window {@code hours} may ask for on {@code /metrics/alerts}. */
    public static final int MAX_ALERT_HOURS = 720;

    private final boolean enabled;
    private final String base;
    private final byte @Nullable [] token;
    private final @Nullable Predicate<RequestView> access;
    private final boolean guardProbes;
    private final @Nullable Anonymous anonymous;
    private final List<MonitoringResource> resources;

    /**
     * Who may read the endpoints without a credential when neither a {@linkplain Builder#token token}
     * nor an {@linkplain Builder#access access predicate} is configured.
     */
    public enum Anonymous {
        /** Nobody: every endpoint but the health probes answers 401 (the default and production presets). */
        NONE,
        /**
         * Callers connected from a loopback address (127.0.0.0/8, ::1), by the connection's own peer
         * address, never a forwarded one (the development preset). Behind a reverse proxy on the same
         * host every caller is loopback: do not use it there.
         */
        LOOPBACK,
        /** Everybody, as before the endpoints were closed by default; for a network that is itself guarded. */
        ALL
    }

    /** Paths of the built-in endpoints, relative to the base. */
    static final Set<String> BUILT_IN = Set.of("/metrics/errors", "/metrics/trends", "/metrics/insights",
            "/metrics/alerts", "/metrics/performance", "/health", "/health/ready", "/health/live");

    private MonitoringConfig(Builder b) {
        this.enabled = b.enabled;
        this.base = b.base;
        this.token = b.token == null ? null : b.token.getBytes(StandardCharsets.UTF_8);
        this.access = b.access;
        this.guardProbes = b.guardProbes;
        this.anonymous = b.anonymous;
        this.resources = List.copyOf(b.resources);
    }

    /**
     * The configuration with its open questions answered: a token or an anonymous access set in code
     * stays; else {@code tokenSetting} (the named setting {@code faultline.monitoring.token}) when
     * given; else anonymous access is {@code preset} (the environment's).
     *
     * @throws IllegalArgumentException if {@code tokenSetting} is not a valid token (names {@code monitoring.token})
     */
    public MonitoringConfig resolve(Anonymous preset, @Nullable String tokenSetting) {
        Objects.requireNonNull(preset, "preset");
        Builder b = new Builder();
        b.enabled = enabled;
        b.base = base;
        b.token = token == null ? null : new String(token, StandardCharsets.UTF_8);
        b.access = access;
        b.guardProbes = guardProbes;
        b.resources.addAll(resources);
        if (b.token == null && tokenSetting != null) {
            b.token(tokenSetting);
        }
        b.anonymous = anonymous != null ? anonymous : preset;
        return b.build();
    }

    /** Whether a bearer token guards the endpoints. */
    public boolean hasToken() {
        return token != null;
    }

    /** Whether an access predicate guards the endpoints. */
    public boolean hasAccessPredicate() {
        return access != null;
    }

    /**
     * Who may read without a credential when neither a token nor a predicate is configured
     * ({@link Anonymous#NONE} unless set or {@linkplain #resolve resolved}).
     */
    public Anonymous anonymous() {
        return anonymous != null ? anonymous : Anonymous.NONE;
    }

    /** Whether the health probes need the credential too. */
    public boolean guardsProbes() {
        return guardProbes;
    }

    /**
     * One sentence for the start-up log: which resources are served and how they are guarded, e.g.
     * {@code /metrics/errors, /metrics/trends, ... need a bearer token; /health, /health/live, /health/ready
     * are open}. Never the token itself.
     */
    public String describe() {
        if (!enabled) {
            return "monitoring endpoints disabled";
        }
        StringBuilder guarded = new StringBuilder();
        for (String p : List.of("/metrics/errors", "/metrics/trends", "/metrics/insights", "/metrics/alerts",
                "/metrics/performance")) {
            guarded.append(guarded.length() == 0 ? "" : ", ").append(base).append(p);
        }
        for (MonitoringResource r : resources) {
            guarded.append(", ").append(base).append(r.path());
        }
        String probes = base + "/health, " + base + "/health/live, " + base + "/health/ready";
        String guard = guard();
        if (guardProbes) {
            return guarded + ", " + probes + ": " + guard;
        }
        return guarded + ": " + guard + "; " + probes + ": open";
    }

    /** How the endpoints other than the probes are guarded, in words. */
    public String guard() {
        if (token != null && access != null) {
            return "bearer token and access predicate required";
        }
        if (token != null) {
            return "bearer token required";
        }
        if (access != null) {
            return "access predicate required";
        }
        return switch (anonymous()) {
            case NONE -> "closed (401; configure monitoring.token or an access predicate)";
            case LOOPBACK -> "open to loopback callers only (development preset)";
            case ALL -> "open to every caller, without a credential";
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the endpoints are served. */
    public boolean enabled() {
        return enabled;
    }

    /** The prefix of every endpoint path ({@code ""} by default). */
    public String base() {
        return base;
    }

    /** Whether the paths under {@code base + "/metrics"} and {@code base + "/health"} are ours. */
    public boolean owns(String path) {
        int b = base.length();
        // every request asks: rule out the application's paths by the letter after the base first
        if (!enabled || path.length() < b + 7 || path.charAt(b) != '/') {
            return false;
        }
        char first = path.charAt(b + 1);
        if ((first != 'm' && first != 'h') || !path.startsWith(base)) {
            return false;
        }
        String rest = path.substring(base.length());
        return rest.equals("/metrics") || rest.startsWith("/metrics/") || rest.equals("/health")
                || rest.startsWith("/health/");
    }

    /** The extra resources, in the order registered. */
    public List<MonitoringResource> resources() {
        return resources;
    }

    /**
     * The resource answering {@code relativePath}: an exact path, else the longest directory path
     * ({@code /metrics/dashboard/}) containing it; null if none.
     */
    @Nullable MonitoringResource resourceFor(String relativePath) {
        MonitoringResource best = null;
        int bestLength = -1;
        for (MonitoringResource r : resources) {
            String p = r.path();
            boolean match;
            if (p.endsWith("/")) {
                match = relativePath.startsWith(p) || relativePath.equals(p.substring(0, p.length() - 1));
            } else {
                match = relativePath.equals(p);
            }
            if (match && p.length() > bestLength) {
                best = r;
                bestLength = p.length();
            }
        }
        return best;
    }

    /**
     * Whether a request may read the endpoint at {@code relativePath} (under the base); the token is checked only when
     * {@code tokenRequired} (a resource's static shell, see {@link MonitoringResource#requiresToken}).
     */
    boolean permits(String relativePath, RequestView request, boolean tokenRequired) {
        boolean probe = relativePath.equals("/health") || relativePath.equals("/health/live")
                || relativePath.equals("/health/ready");
        if (probe && !guardProbes) {
            return true;
        }
        if (token == null && access == null) {
            return switch (anonymous()) {
                case NONE -> false;
                case LOOPBACK -> isLoopback(request.remoteAddress());
                case ALL -> true;
            };
        }
        if (token != null && tokenRequired) {
            String auth = request.header("Authorization");
            if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return false;
            }
            byte[] given = auth.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(given, token)) {
                return false;
            }
        }
        if (access != null) {
            try {
                return access.test(request);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger("faultline.security")
                        .warn("the monitoring access predicate failed; the request is refused", e);
                return false; // a failing guard refuses
            }
        }
        return true;
    }

    /** Whether an IP literal (as adapters give the peer address) is a loopback address; no lookup. */
    static boolean isLoopback(@Nullable String address) {
        if (address == null) {
            return false;
        }
        String a = address.trim();
        if (a.startsWith("/")) {
            a = a.substring(1);
        }
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        String lower = a.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("::1") || lower.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        for (String mapped : new String[] {"::ffff:", "0:0:0:0:0:ffff:"}) {
            if (lower.startsWith(mapped)) {
                lower = lower.substring(mapped.length());
                break;
            }
        }
        if (!lower.startsWith("127.")) {
            return false;
        }
        String[] parts = lower.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Builds a {@link MonitoringConfig}. Not thread-safe. */
    public static final class Builder {
        private boolean enabled = true;
        private String base = "";
        private @Nullable String token;
        private @Nullable Predicate<RequestView> access;
        private boolean guardProbes;
        private @Nullable Anonymous anonymous;
        private final List<MonitoringResource> resources = new ArrayList<>();

        private Builder() {
        }

        /**
         * Who may read the endpoints without a credential while neither a {@linkplain #token token} nor
         * an {@linkplain #access access predicate} is configured; default: the environment preset
         * ({@link Anonymous#NONE} in the default and production presets, {@link Anonymous#LOOPBACK} in
         * development), and {@link Anonymous#NONE} for a configuration built without Faultline. A token
         * or predicate, once configured, always decides.
         */
        public Builder anonymous(Anonymous anonymous) {
            this.anonymous = Objects.requireNonNull(anonymous, "anonymous");
            return this;
        }

        /** Serve the endpoints; default on. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * A prefix for every endpoint path ({@code /ops} gives {@code /ops/metrics/errors}); default none.
         *
         * @throws IllegalArgumentException unless empty or starting with {@code /} and not ending with one
         *     (names {@code monitoring.base})
         */
        public Builder base(String base) {
            Objects.requireNonNull(base, "base");
            if (!base.isEmpty() && (!base.startsWith("/") || base.endsWith("/") || base.contains("*"))) {
                throw Preconditions.invalid("monitoring.base", "must be empty or like /ops (a leading slash, "
                        + "no trailing slash), was '" + base + "'");
            }
            this.base = base;
            return this;
        }

        /**
         * Require {@code Authorization: Bearer <token>}; default: the named setting
         * {@code faultline.monitoring.token} ({@code FAULTLINE_MONITORING_TOKEN}) when Faultline builds
         * this configuration, else none.
         *
         * @throws IllegalArgumentException if shorter than 16 characters (names {@code monitoring.token})
         */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            if (token.length() < 16 || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw Preconditions.invalid(
                        "monitoring.token", "must be at least 16 printable ASCII characters without spaces");
            }
            this.token = token;
            return this;
        }

        /** Require {@code access} to accept the request (e.g. a source-address check); default none. */
        public Builder access(Predicate<RequestView> access) {
            this.access = Objects.requireNonNull(access, "access");
            return this;
        }

        /** Guard the health probes ({@code /health}, {@code /health/live}, {@code /health/ready}) too; default off. */
        public Builder guardProbes(boolean guard) {
            this.guardProbes = guard;
            return this;
        }

        /**
         * Serves an extra resource under the base and guard (see {@link MonitoringResource}).
         *
         * @throws IllegalArgumentException if its path is not under {@code /metrics/}, contains
         *     {@code ..}, {@code //}, a query or fragment, is a built-in endpoint, or is already registered
         *     (names {@code monitoring.resources})
         */
        public Builder resource(MonitoringResource resource) {
            Objects.requireNonNull(resource, "resource");
            String p = Objects.requireNonNull(resource.path(), "resource.path()");
            if (!p.startsWith("/metrics/") || p.length() == "/metrics/".length() || p.contains("..")
                    || p.contains("//") || p.indexOf('?') >= 0 || p.indexOf('#') >= 0
                    || p.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw Preconditions.invalid("monitoring.resources", ": a resource path must be a plain path "
                        + "under /metrics/ (like /metrics/prometheus or /metrics/dashboard/), was '" + p + "'");
            }
            String bare = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            if (BUILT_IN.contains(bare)) {
                throw Preconditions.invalid("monitoring.resources", ": '" + p + "' is a built-in endpoint");
            }
            for (MonitoringResource r : resources) {
                if (r.path().equals(p)) {
                    throw Preconditions.invalid("monitoring.resources", ": '" + p + "' is registered twice");
                }
            }
            resources.add(resource);
            return this;
        }

        public MonitoringConfig build() {
            return new MonitoringConfig(this);
        }
    }
}
