package dev.faultline.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
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
 */
public final class MonitoringConfig {

    /** The longest window {@code hours} may ask for on {@code /metrics/alerts}. */
    public static final int MAX_ALERT_HOURS = 720;

    private final boolean enabled;
    private final String base;
    private final byte @Nullable [] token;
    private final @Nullable Predicate<RequestView> access;
    private final boolean guardProbes;

    private MonitoringConfig(Builder b) {
        this.enabled = b.enabled;
        this.base = b.base;
        this.token = b.token == null ? null : b.token.getBytes(StandardCharsets.UTF_8);
        this.access = b.access;
        this.guardProbes = b.guardProbes;
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

        public MonitoringConfig build() {
            return new MonitoringConfig(this);
        }
    }
}
