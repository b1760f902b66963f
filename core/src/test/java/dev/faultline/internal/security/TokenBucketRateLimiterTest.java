package dev.faultline.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.internal.security.TokenBucketRateLimiter.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("TokenBucketRateLimiter")
class TokenBucketRateLimiterTest {

    /** A nanosecond clock that moves only when told to. */
    static final class FakeTicker {
        final AtomicLong nanos;

        FakeTicker(long start) {
            nanos = new AtomicLong(start);
        }

        long read() {
            return nanos.get();
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }

        void advanceNanos(long n) {
            nanos.addAndGet(n);
        }
    }

    final FakeTicker ticker = new FakeTicker(1_000_000_000L);

    TokenBucketRateLimiter limiter(int perMinute) {
        return TokenBucketRateLimiter.builder().maxRequestsPerMinute(perMinute).ticker(ticker::read).build();
    }

    static int drain(TokenBucketRateLimiter limiter, String key) {
        int n = 0;
        while (limiter.tryAcquire(key).allowed()) {
            n++;
        }
        return n;
    }

    @Nested
    @DisplayName("at 100 requests per minute")
    class AtTheDefaultRate {

        final TokenBucketRateLimiter limiter = limiter(100);

        @Test
        @DisplayName("allows a burst of 100 at one instant, counting the tokens down")
        void burst() {
            for (int i = 1; i <= 100; i++) {
                Decision d = limiter.tryAcquire("203.0.113.7");
                assertTrue(d.allowed(), "request " + i);
                assertEquals(Duration.ZERO, d.retryAfter());
                assertEquals(100 - i, d.remaining());
            }
        }

        @Test
        @DisplayName("refuses the 101st with Retry-After 1 s, and gives one token back 600 ms later")
        void refill() {
            assertEquals(100, drain(limiter, "k"));
            Decision refused = limiter.tryAcquire("k");
            assertFalse(refused.allowed());
            assertEquals(Duration.ofSeconds(1), refused.retryAfter());
            ticker.advanceNanos(599_999_999L);
            assertFalse(limiter.tryAcquire("k").allowed());
            ticker.advanceNanos(1);
            assertTrue(limiter.tryAcquire("k").allowed());
            assertFalse(limiter.tryAcquire("k").allowed());
        }

        @Test
        @DisplayName("leaves other keys alone")
        void otherKeys() {
            assertEquals(100, drain(limiter, "a"));
            assertTrue(limiter.tryAcquire("b").allowed());
            assertEquals(99, drain(limiter, "b"));
        }

        @Test
        @DisplayName("refills continuously up to the capacity and no further")
        void capacity() {
            assertEquals(100, drain(limiter, "k"));
            ticker.advance(Duration.ofSeconds(30));
            assertEquals(50, drain(limiter, "k"));
            ticker.advance(Duration.ofSeconds(90)); // 150 tokens' worth, within the key's idle expiry
            assertEquals(100, drain(limiter, "k"));
        }

        @Test
        @DisplayName("does not charge refused requests")
        void refusalsAreFree() {
            assertEquals(100, drain(limiter, "k"));
            for (int i = 0; i < 1000; i++) {
                limiter.tryAcquire("k");
            }
            ticker.advance(Duration.ofMillis(600));
            assertTrue(limiter.tryAcquire("k").allowed());
        }
    }

    @Nested
    @DisplayName("arithmetic")
    class Arithmetic {

        @Test
        @DisplayName("is exact when 60 s does not divide by the rate (7 per minute: a token every 8.571428571... s)")
        void exactAtOddRates() {
            TokenBucketRateLimiter l = limiter(7);
            assertEquals(7, drain(l, "k"));
            ticker.advanceNanos(8_571_428_571L); // 7 x this is 3 ns short of 60 s
            Decision d = l.tryAcquire("k");
            assertFalse(d.allowed());
            assertEquals(Duration.ofSeconds(1), d.retryAfter());
            ticker.advanceNanos(1);
            assertTrue(l.tryAcquire("k").allowed());
        }

        @Test
        @DisplayName("rounds Retry-After up to whole seconds")
        void retryAfter() {
            TokenBucketRateLimiter l = limiter(1);
            assertTrue(l.tryAcquire("k").allowed());
            assertEquals(Duration.ofSeconds(60), l.tryAcquire("k").retryAfter());
            ticker.advance(Duration.ofMillis(500));
            assertEquals(Duration.ofSeconds(60), l.tryAcquire("k").retryAfter());
            ticker.advance(Duration.ofMillis(59_000));
            assertEquals(Duration.ofSeconds(1), l.tryAcquire("k").retryAfter());
        }

        @Test
        @DisplayName("survives the nanosecond clock wrapping past Long.MAX_VALUE")
        void wrap() {
            FakeTicker near = new FakeTicker(Long.MAX_VALUE - 300_000_000L);
            TokenBucketRateLimiter l = TokenBucketRateLimiter.builder().ticker(near::read).build();
            assertEquals(100, drain(l, "k"));
            near.advance(Duration.ofMillis(600)); // crosses the overflow
            assertTrue(l.tryAcquire("k").allowed());
            assertFalse(l.tryAcquire("k").allowed());
            near.advance(Duration.ofSeconds(59));
            assertEquals(98, drain(l, "k"));
        }
    }

    @Nested
    @DisplayName("keys")
    class Keys {

        @Test
        @DisplayName("are bounded by maximumKeys, and evictions are counted")
        void bounded() {
            TokenBucketRateLimiter l = TokenBucketRateLimiter.builder().maximumKeys(100).ticker(ticker::read).build();
            for (int i = 0; i < 10_000; i++) {
                l.tryAcquire("client-" + i);
            }
            l.cleanUp();
            assertTrue(l.trackedKeys() <= 100, "tracked " + l.trackedKeys());
            assertTrue(l.evictions() >= 9_900, "evictions " + l.evictions());
        }

        @Test
        @DisplayName("expire after the idle time on the injected clock, and come back full; expiry is no eviction")
        void expiry() {
            TokenBucketRateLimiter l = TokenBucketRateLimiter.builder().maxRequestsPerMinute(10)
                    .expireAfterAccess(Duration.ofMinutes(2)).ticker(ticker::read).build();
            assertEquals(10, drain(l, "k"));
            ticker.advance(Duration.ofMinutes(1));
            assertTrue(l.tryAcquire("k").allowed()); // refilled 10, and touched the key
            ticker.advance(Duration.ofMinutes(2).plusNanos(1));
            l.cleanUp();
            assertEquals(0, l.trackedKeys());
            assertEquals(0, l.evictions());
            assertEquals(10, drain(l, "k"));
        }
    }

    @Nested
    @DisplayName("the table in front of the cache")
    class Front {

        @Test
        @DisplayName("keeps a key in constant use in the cache, with its bucket, though most requests never reach it")
        void keyInUseStaysCached() {
            // idle expiry of 3 s: the cache is asked about once a second, so the key never expires
            TokenBucketRateLimiter l = TokenBucketRateLimiter.builder().maxRequestsPerMinute(10)
                    .expireAfterAccess(Duration.ofSeconds(3)).ticker(ticker::read).build();
            assertEquals(10, drain(l, "k"));
            for (int i = 0; i < 11; i++) { // 5.5 s: less than the 6 s one token takes to come back
                ticker.advance(Duration.ofMillis(500));
                assertFalse(l.tryAcquire("k").allowed(), "after " + (i + 1) * 500 + " ms");
                l.cleanUp();
                assertEquals(1, l.trackedKeys(), "after " + (i + 1) * 500 + " ms");
            }
            ticker.advance(Duration.ofMillis(500)); // 6 s: one token, from the same bucket (not a new, full one)
            assertEquals(1, drain(l, "k"));
        }

        @Test
        @DisplayName("never outlives the cache's idle expiry: a key back after it starts full")
        void expiryShorterThanTheRecheck() {
            TokenBucketRateLimiter l = TokenBucketRateLimiter.builder().maxRequestsPerMinute(10)
                    .expireAfterAccess(Duration.ofMillis(100)).ticker(ticker::read).build();
            assertEquals(10, drain(l, "k"));
            ticker.advance(Duration.ofMillis(101));
            assertEquals(10, drain(l, "k"));
        }

        @Test
        @DisplayName("keys that share a slot each keep their own bucket")
        void collidingKeys() {
            // "Aa" and "BB" have the same String hash, so the same slot
            TokenBucketRateLimiter l = limiter(10);
            assertEquals("Aa".hashCode(), "BB".hashCode());
            for (int i = 0; i < 5; i++) {
                assertTrue(l.tryAcquire("Aa").allowed());
                assertTrue(l.tryAcquire("BB").allowed());
            }
            assertEquals(5, drain(l, "Aa"));
            assertEquals(5, drain(l, "BB"));
        }
    }

    @Nested
    @DisplayName("under contention")
    class Contention {

        @Test
        @DisplayName("8 threads hammering one key at a frozen clock get exactly the capacity in total")
        void exactUnderContention() throws Exception {
            TokenBucketRateLimiter l = limiter(1000);
            int threads = 8;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        int allowed = 0;
                        for (int i = 0; i < 2_000; i++) {
                            if (l.tryAcquire("hot").allowed()) {
                                allowed++;
                            }
                        }
                        return allowed;
                    }));
                }
                start.countDown();
                int total = 0;
                for (Future<Integer> f : results) {
                    total += f.get(30, TimeUnit.SECONDS);
                }
                assertEquals(1000, total);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {

        @Test
        @DisplayName("defaults to 100 per minute, 100 000 keys and 2 minutes of idleness")
        void defaults() {
            TokenBucketRateLimiter l = TokenBucketRateLimiter.create();
            assertEquals(100, l.maxRequestsPerMinute());
            assertEquals(100_000, l.maximumKeys());
            assertEquals(Duration.ofMinutes(2), l.expireAfterAccess());
        }

        @Test
        @DisplayName("rejects bad values naming the setting")
        void validation() {
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> TokenBucketRateLimiter.builder().maxRequestsPerMinute(0)).getMessage()
                    .contains("security.max_requests_per_minute"));
            assertThrows(IllegalArgumentException.class, () -> TokenBucketRateLimiter.builder().maximumKeys(0));
            assertThrows(IllegalArgumentException.class,
                    () -> TokenBucketRateLimiter.builder().expireAfterAccess(Duration.ZERO));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> TokenBucketRateLimiter.builder().maxRequestsPerMinute(10_000_000)
                            .expireAfterAccess(Duration.ofDays(1)).build());
            assertTrue(e.getMessage().contains("security.rate_limit_key_expiry"), e.getMessage());
        }
    }
}
