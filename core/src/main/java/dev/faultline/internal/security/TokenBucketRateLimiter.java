package dev.faultline.internal.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.faultline.internal.Preconditions;
import dev.faultline.security.SecurityConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A token bucket per client key (an IP address or a user id): each bucket holds up to
 * {@code maxRequestsPerMinute} tokens, starts full, and refills continuously at
 * {@code maxRequestsPerMinute} tokens per 60 seconds; a request takes one token or is refused.
 * Thread-safe and lock-free.
 *
 * <p><b>State.</b> One {@link AtomicLong} per key, updated by compare-and-set; no lock is shared across
 * keys (nor taken per key). The long holds the bucket's "empty time" {@code e} scaled by the rate:
 * the bucket holds {@code (now - e) · rate / 60 s} tokens, capped at the capacity. Kept in units of
 * {@code nanoseconds × rate}, one token is exactly 60·10⁹ units and time advances {@code rate} units per
 * nanosecond, so the arithmetic is exact integer arithmetic, with no rounding drift. The products wrap
 * modulo 2⁶⁴, which is harmless because only differences are used and a key idle longer than
 * {@link Builder#expireAfterAccess(Duration)} is dropped from the cache; {@link Builder#build()} checks
 * that the expiry keeps those differences in range.
 *
 * <p><b>Bounds.</b> Keys live in a Caffeine cache bounded by {@link Builder#maximumKeys(long)} and
 * expiring after {@link Builder#expireAfterAccess(Duration)} without requests. A key that was evicted
 * or expired comes back with a full bucket; evictions for size (the bound was hit) are counted in
 * {@link #evictions()}. Memory is about 100 bytes per key.
 *
 * <p><b>Time.</b> An injectable nanosecond ticker drives both the refill and the cache's expiry, so a
 * fake ticker makes behaviour exact and repeatable in tests.
 */
final class TokenBucketRateLimiter {

    /** Default requests per minute per key, as {@link SecurityConfig#DEFAULT_MAX_REQUESTS_PER_MINUTE}. */
    public static final int DEFAULT_MAX_REQUESTS_PER_MINUTE = 100;
    /** The largest rate allowed. */
    public static final int MAX_REQUESTS_PER_MINUTE_LIMIT = 10_000_000;
    /** Default bound on the keys tracked. */
    public static final long DEFAULT_MAXIMUM_KEYS = 100_000;
    /** Default idle time after which a key is forgotten. */
    public static final Duration DEFAULT_EXPIRE_AFTER_ACCESS = Duration.ofMinutes(2);

    /** One token, in scaled units (ns × rate): 60 s worth of refill at one token per 60/rate s. */
    private static final long TOKEN = 60_000_000_000L;

    private final int rate;
    private final long capacity;
    private final LongSupplier ticker;
    private final Cache<String, AtomicLong> buckets;
    private final LongAdder evictions = new LongAdder();
    private final long maximumKeys;
    private final Duration expireAfterAccess;
    /**
     * The buckets of keys asked for lately, by key hash, shared by the threads without locks (entries are
     * immutable; a lost write costs one more cache read): see {@link #bucket}.
     */
    private final @Nullable Front[] front = new Front[FRONT_SLOTS];
    private final long recheckNanos;

    private TokenBucketRateLimiter(Builder b) {
        this.rate = b.maxRequestsPerMinute;
        this.capacity = TOKEN * rate;
        this.ticker = b.ticker;
        this.maximumKeys = b.maximumKeys;
        this.expireAfterAccess = b.expireAfterAccess;
        this.recheckNanos = b.expireAfterAccess.compareTo(Duration.ofNanos(2 * RECHECK_NANOS)) >= 0
                ? RECHECK_NANOS : b.expireAfterAccess.toNanos() / 2;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(b.maximumKeys)
                .expireAfterAccess(b.expireAfterAccess)
                .ticker(b.ticker::getAsLong)
                .evictionListener((String key, AtomicLong v, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        evictions.increment();
                    }
                })
                .build();
    }

    /** A limiter with the defaults: 100 requests per minute, 100 000 keys, 2 minutes idle expiry. */
    public static TokenBucketRateLimiter create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The verdict on one request. */
    public record Decision(boolean allowed, Duration retryAfter, long remaining) {

        /**
         * @param allowed whether the request took a token
         * @param retryAfter zero when allowed; else the time until a token is back, rounded up to whole
         *     seconds and at least one second (the value of a {@code Retry-After} header)
         * @param remaining whole tokens left after this request
         */
        public Decision {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** Takes a token from {@code key}'s bucket if one is there. */
    public Decision tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        final long nanos = ticker.getAsLong();
        final long now = nanos * rate; // wraps; only differences matter
        AtomicLong state = bucket(key, nanos, now);
        for (;;) {
            long e = state.get();
            long available = now - e;
            if (available < 0) {
                available = 0; // another thread read a later clock and already spent from this bucket
            } else if (available > capacity) {
                available = capacity;
            }
            if (available >= TOKEN) {
                if (state.compareAndSet(e, now - available + TOKEN)) {
                    return new Decision(true, Duration.ZERO, (available - TOKEN) / TOKEN);
                }
                continue;
            }
            long waitNanos = ceilDiv(TOKEN - available, rate);
            long seconds = Math.max(1, ceilDiv(waitNanos, 1_000_000_000L));
            return new Decision(false, Duration.ofSeconds(seconds), 0);
        }
    }

    /**
     * {@code key}'s bucket: from {@link #front} when the cache was asked for it less than
     * {@link #recheckNanos} ago, else from the cache (which then records the access). A client sending
     * request after request reaches the cache about once per {@link #recheckNanos}, not per request:
     * Caffeine's read (hashing the key, the access time, the read buffer) was most of a token's cost.
     * The cache still sees the key often enough that it never expires while in use
     * ({@link #recheckNanos} is at most half the idle expiry); a bucket the cache evicted for size is
     * used from the front for at most {@link #recheckNanos} more, then the cache's new, full one.
     */
    private AtomicLong bucket(String key, long nanos, long now) {
        int h = key.hashCode();
        int slot = (h ^ (h >>> 16)) & (FRONT_SLOTS - 1);
        Front f = front[slot];
        if (f != null && nanos - f.checkedAt < recheckNanos && nanos - f.checkedAt >= 0 && f.key.equals(key)) {
            return f.bucket;
        }
        AtomicLong state = buckets.get(key, k -> new AtomicLong(now - capacity));
        front[slot] = new Front(key, state, nanos);
        return state;
    }

    /** A key's bucket as the cache gave it at {@code checkedAt} (ticker nanoseconds); immutable. */
    private record Front(String key, AtomicLong bucket, long checkedAt) {
    }

    /** Entries of {@link #front} (a power of two). */
    static final int FRONT_SLOTS = 256;
    /** How long a bucket is taken from {@link #front} before the cache is asked again, at most. */
    static final long RECHECK_NANOS = 1_000_000_000L;

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** Keys evicted because {@code maximumKeys} was reached (expiry after idleness is not counted). */
    public long evictions() {
        return evictions.sum();
    }

    /** About how many keys are tracked now. */
    public long trackedKeys() {
        return buckets.estimatedSize();
    }

    public int maxRequestsPerMinute() {
        return rate;
    }

    public long maximumKeys() {
        return maximumKeys;
    }

    public Duration expireAfterAccess() {
        return expireAfterAccess;
    }

    /** Runs the cache's pending maintenance (evictions, expiry) now; for tests. */
    void cleanUp() {
        buckets.cleanUp();
    }

    @Override
    public String toString() {
        return "TokenBucketRateLimiter[maxRequestsPerMinute=" + rate + ", maximumKeys=" + maximumKeys
                + ", expireAfterAccess=" + expireAfterAccess + "]";
    }

    /** Builds a {@link TokenBucketRateLimiter}; not thread-safe. */
    public static final class Builder {
        private int maxRequestsPerMinute = DEFAULT_MAX_REQUESTS_PER_MINUTE;
        private long maximumKeys = DEFAULT_MAXIMUM_KEYS;
        private Duration expireAfterAccess = DEFAULT_EXPIRE_AFTER_ACCESS;
        private LongSupplier ticker = System::nanoTime;

        private Builder() {
        }

        /**
         * Requests per minute per key, 1 to {@value TokenBucketRateLimiter#MAX_REQUESTS_PER_MINUTE_LIMIT}: the bucket's
         * capacity (the largest burst) and its refill per minute. Default
         * {@value TokenBucketRateLimiter#DEFAULT_MAX_REQUESTS_PER_MINUTE}.
         */
        public Builder maxRequestsPerMinute(int max) {
            if (max < 1 || max > MAX_REQUESTS_PER_MINUTE_LIMIT) {
                throw Preconditions.invalid("security.max_requests_per_minute", "must be between 1 and "
                        + MAX_REQUESTS_PER_MINUTE_LIMIT + ", was " + max);
            }
            this.maxRequestsPerMinute = max;
            return this;
        }

        /** Keys tracked at most (≥ 1); the least valuable are evicted beyond. Default 100 000. */
        public Builder maximumKeys(long max) {
            if (max < 1) {
                throw Preconditions.invalid("security.rate_limit_max_keys", "must be at least 1, was " + max);
            }
            this.maximumKeys = max;
            return this;
        }

        /**
         * How long a key without requests is kept (positive); after that it starts over with a full
         * bucket, so this should be at least a minute for the limit to hold. Default 2 minutes.
         */
        public Builder expireAfterAccess(Duration idle) {
            Objects.requireNonNull(idle, "idle");
            if (idle.isNegative() || idle.isZero()) {
                throw Preconditions.invalid("security.rate_limit_key_expiry", "must be positive, was " + idle);
            }
            this.expireAfterAccess = idle;
            return this;
        }

        /** The nanosecond clock for refill and key expiry. Default {@code System::nanoTime}. */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * @throws IllegalStateException when the key expiry is so long, for the rate, that the
         *     bucket arithmetic could wrap (above about 77 minutes at 1 000 000 requests per minute;
         *     over a year at 100)
         */
        public TokenBucketRateLimiter build() {
            long limit = (Long.MAX_VALUE / 2) / maxRequestsPerMinute;
            long idle = expireAfterAccess.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0
                    ? Long.MAX_VALUE : expireAfterAccess.toNanos();
            if (idle > limit) {
                throw new IllegalStateException("security.rate_limit_key_expiry " + expireAfterAccess
                        + " is too long for security.max_requests_per_minute " + maxRequestsPerMinute
                        + " (at most " + Duration.ofNanos(limit) + ")");
            }
            return new TokenBucketRateLimiter(this);
        }
    }
}
