package dev.faultline.http;

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
 * {@linkplain Builder#access access predicate}, it must accept the request. The liveness and
 * readiness probes stay open unless {@link Builder#guardProbes(boolean)} says otherwise, so that load
 * balancers and orchestrators need no secret.
 *
 * <p>Extra {@linkplain MonitoringResource resources} (a dashboard, a metrics scrape) are served under
 * the same base and guard.
 */
public final class MonitoringConfig {

    /** The longest window {@code hours} may ask for on {@code /metrics/alerts}. */
    public static final int MAX_ALERT_HOURS = 720;

    private final boolean enabled;
    private final String base;
    private final byte @Nullable [] token;
    private final @Nullable Predicate<RequestView> access;
    private final boolean guardProbes;
    private final List<MonitoringResource> resources;

    /** Paths of the built-in endpoints, relative to the base. */
    static final Set<String> BUILT_IN = Set.of("/metrics/errors", "/metrics/trends", "/metrics/insights",
            "/metrics/alerts", "/metrics/performance", "/health", "/health/ready", "/health/live");

    private MonitoringConfig(Builder b) {
        this.enabled = b.enabled;
        this.base = b.base;
        this.token = b.token == null ? null : b.token.getBytes(StandardCharsets.UTF_8);
        this.access = b.access;
        this.guardProbes = b.guardProbes;
        this.resources = List.copyOf(b.resources);
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
        if (!enabled || !path.startsWith(base)) {
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

    /** Whether a request may read the endpoint at {@code relativePath} (under the base). */
    boolean permits(String relativePath, RequestView request) {
        boolean probe = relativePath.equals("/health/live") || relativePath.equals("/health/ready");
        if (probe && !guardProbes) {
            return true;
        }
        if (token != null) {
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

    /** Builds a {@link MonitoringConfig}. Not thread-safe. */
    public static final class Builder {
        private boolean enabled = true;
        private String base = "";
        private @Nullable String token;
        private @Nullable Predicate<RequestView> access;
        private boolean guardProbes;
        private final List<MonitoringResource> resources = new ArrayList<>();

        private Builder() {
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
                throw new IllegalArgumentException("monitoring.base must be empty or like /ops (a leading slash, "
                        + "no trailing slash), was '" + base + "'");
            }
            this.base = base;
            return this;
        }

        /**
         * Require {@code Authorization: Bearer <token>}; default none.
         *
         * @throws IllegalArgumentException if shorter than 16 characters (names {@code monitoring.token})
         */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            if (token.length() < 16 || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalArgumentException(
                        "monitoring.token must be at least 16 printable ASCII characters without spaces");
            }
            this.token = token;
            return this;
        }

        /** Require {@code access} to accept the request (e.g. a source-address check); default none. */
        public Builder access(Predicate<RequestView> access) {
            this.access = Objects.requireNonNull(access, "access");
            return this;
        }

        /** Guard the liveness and readiness probes too; default off. */
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
                throw new IllegalArgumentException("monitoring.resources: a resource path must be a plain path "
                        + "under /metrics/ (like /metrics/prometheus or /metrics/dashboard/), was '" + p + "'");
            }
            String bare = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            if (BUILT_IN.contains(bare)) {
                throw new IllegalArgumentException("monitoring.resources: '" + p + "' is a built-in endpoint");
            }
            for (MonitoringResource r : resources) {
                if (r.path().equals(p)) {
                    throw new IllegalArgumentException("monitoring.resources: '" + p + "' is registered twice");
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
