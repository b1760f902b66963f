package dev.faultline.security;

import dev.faultline.http.RequestView;
import dev.faultline.internal.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the security monitor. Immutable and thread-safe; built through
 * {@code Faultline.builder().security(s -> ...)}.
 *
 * <p>Defaults: a per-client rate limit of {@value #DEFAULT_MAX_REQUESTS_PER_MINUTE} requests per minute
 * that <em>blocks</em> (429 with {@code Retry-After}), attack signatures that only <em>detect</em> (logged
 * on {@code faultline.security} and counted), no trusted proxy. Behind a load balancer or reverse
 * proxy, configure {@link Builder#trustedProxies} — otherwise every request comes from the proxy's
 * address and shares one rate limit.
 */
public final class SecurityConfig {

    /** Default rate limit: requests a minute per client (its IP, or {@link Builder#rateLimitKey}), refilled continuously. */
    public static final int DEFAULT_MAX_REQUESTS_PER_MINUTE = 100;

    /** What a finding leads to. */
    public enum Mode {
        /** Log and count; the request goes on. */
        DETECT,
        /** Log, count and refuse: 429 for the rate limit, 403 for an attack signature. */
        BLOCK
    }

    private final boolean rateLimit;
    private final int maxRequestsPerMinute;
    private final Mode rateLimitMode;
    private final @Nullable Function<RequestView, @Nullable String> rateLimitKey;
    private final boolean signatures;
    private final Mode signatureMode;
    private final boolean scanBodies;
    private final List<String> trustedProxies;
    private final ClientIpResolver.ForwardedHeader forwardedHeader;
    private final @Nullable RequestScanner scanner;

    private SecurityConfig(Builder b) {
        this.rateLimit = b.rateLimit;
        this.maxRequestsPerMinute = b.maxRequestsPerMinute;
        this.rateLimitMode = b.rateLimitMode;
        this.rateLimitKey = b.rateLimitKey;
        this.signatures = b.signatures;
        this.signatureMode = b.signatureMode;
        this.scanBodies = b.scanBodies;
        this.trustedProxies = List.copyOf(b.trustedProxies);
        this.forwardedHeader = b.forwardedHeader;
        this.scanner = b.scanner;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean rateLimit() {
        return rateLimit;
    }

    public int maxRequestsPerMinute() {
        return maxRequestsPerMinute;
    }

    public Mode rateLimitMode() {
        return rateLimitMode;
    }

    public @Nullable Function<RequestView, @Nullable String> rateLimitKey() {
        return rateLimitKey;
    }

    public boolean signatures() {
        return signatures;
    }

    public Mode signatureMode() {
        return signatureMode;
    }

    public boolean scanBodies() {
        return scanBodies;
    }

    public List<String> trustedProxies() {
        return trustedProxies;
    }

    public ClientIpResolver.ForwardedHeader forwardedHeader() {
        return forwardedHeader;
    }

    /** The request scanner set with {@link Builder#scanner(RequestScanner)}; {@code null} for {@link RequestScanner#create()}. */
    public @Nullable RequestScanner scanner() {
        return scanner;
    }

    /** Builds a {@link SecurityConfig}. Not thread-safe. */
    public static final class Builder {
        private boolean rateLimit = true;
        private int maxRequestsPerMinute = DEFAULT_MAX_REQUESTS_PER_MINUTE;
        private Mode rateLimitMode = Mode.BLOCK;
        private @Nullable Function<RequestView, @Nullable String> rateLimitKey;
        private boolean signatures = true;
        private Mode signatureMode = Mode.DETECT;
        private boolean scanBodies = true;
        private final List<String> trustedProxies = new ArrayList<>();
        private ClientIpResolver.ForwardedHeader forwardedHeader = ClientIpResolver.ForwardedHeader.X_FORWARDED_FOR;
        private @Nullable RequestScanner scanner;

        private Builder() {
        }

        /** Rate-limit each client; default on. */
        public Builder rateLimit(boolean on) {
            this.rateLimit = on;
            return this;
        }

        /**
         * The per-client budget ({@code max_requests_per_minute}); default
         * {@value SecurityConfig#DEFAULT_MAX_REQUESTS_PER_MINUTE}.
         *
         * @throws IllegalArgumentException outside 1..10,000,000 (names {@code security.max_requests_per_minute})
         */
        public Builder maxRequestsPerMinute(int max) {
            if (max < 1 || max > 10_000_000) {
                throw Preconditions.invalid(
                        "security.max_requests_per_minute", "must be between 1 and 10000000, was " + max);
            }
            this.maxRequestsPerMinute = max;
            return this;
        }

        /** What exceeding the rate limit does; default {@link Mode#BLOCK}. */
        public Builder rateLimitMode(Mode mode) {
            this.rateLimitMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The rate-limit key of a request (an API key, a tenant); {@code null} from it falls back to the
         * client IP. Default: the client IP. The function is guarded: one that throws counts as {@code null}.
         */
        public Builder rateLimitKey(Function<RequestView, @Nullable String> key) {
            this.rateLimitKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** Scan requests for attack signatures; default on. */
        public Builder signatures(boolean on) {
            this.signatures = on;
            return this;
        }

        /** What a signature finding does; default {@link Mode#DETECT}. */
        public Builder signatureMode(Mode mode) {
            this.signatureMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Also scan captured request bodies (when request bodies are logged); default on. The body is
         * only seen after the application ran, so body findings are always detect-only.
         */
        public Builder scanBodies(boolean on) {
            this.scanBodies = on;
            return this;
        }

        /**
         * Proxies whose forwarding headers are believed: IP literals and CIDR ranges ({@code 10.0.0.0/8},
         * {@code 2001:db8::/32}); default none.
         *
         * @throws IllegalArgumentException for anything else (names {@code security.trusted_proxies})
         */
        public Builder trustedProxies(String... proxies) {
            List<String> list = List.of(proxies);
            ClientIpResolver.builder().trustedProxies(list).build(); // validates now, naming the setting
            trustedProxies.addAll(list);
            return this;
        }

        /** Which forwarding header trusted proxies set; default {@code X-Forwarded-For}. */
        public Builder forwardedHeader(ClientIpResolver.ForwardedHeader header) {
            this.forwardedHeader = Objects.requireNonNull(header, "header");
            return this;
        }

        /** The request scanner (headers scanned, limits, categories); default {@link RequestScanner#create()}. */
        public Builder scanner(RequestScanner scanner) {
            this.scanner = Objects.requireNonNull(scanner, "scanner");
            return this;
        }

        public SecurityConfig build() {
            return new SecurityConfig(this);
        }
    }
}
