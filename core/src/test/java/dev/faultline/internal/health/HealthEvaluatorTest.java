package dev.faultline.internal.health;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.health.HealthCheck;
import dev.faultline.health.HealthChecks;
import dev.faultline.health.HealthProbe;
import dev.faultline.health.HealthReport.CheckResult;
import dev.faultline.health.HealthReport;
import dev.faultline.health.HealthResult;
import dev.faultline.health.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The health engine")
class HealthEvaluatorTest {

    static final Instant T0 = Instant.parse("2025-03-01T10:15:30Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    /** Fake nanosecond ticker for the cache TTL and durations. */
    final AtomicLong ticks = new AtomicLong(1_000_000_000L);
    final List<HealthEvaluator> registries = new CopyOnWriteArrayList<>();
    final List<Hanging> hanging = new CopyOnWriteArrayList<>();

    @AfterEach
    void releaseAndClose() {
        hanging.forEach(h -> h.release.countDown());
        registries.forEach(HealthEvaluator::close);
    }

    HealthChecks.Builder builder() {
        return HealthChecks.builder().clock(CLOCK).ticker(ticks::get);
    }

    HealthEvaluator build(HealthChecks.Builder b) {
        HealthEvaluator h = new HealthEvaluator(b.build());
        registries.add(h);
        return h;
    }

    Hanging hanging() {
        Hanging h = new Hanging();
        hanging.add(h);
        return h;
    }

    static HealthCheck counting(AtomicInteger calls, HealthResult result) {
        return () -> {
            calls.incrementAndGet();
            return result;
        };
    }

    /**
     * A check that blocks for up to 10 s on a latch the test releases, ignoring interrupts (it only
     * records them), like a client call without its own timeout.
     */
    static final class Hanging implements HealthCheck {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Thread> thread = new AtomicReference<>();

        @Override
        public HealthResult check() {
            calls.incrementAndGet();
            thread.set(Thread.currentThread());
            started.countDown();
            long deadline = System.nanoTime() + SECONDS.toNanos(10);
            for (;;) {
                try {
                    release.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    return HealthResult.up();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            }
        }

        boolean stillBlocked() {
            return release.getCount() == 1;
        }
    }

    /** Spins (yielding) until the condition holds; fails after 10 s. No sleeping. */
    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "within 10 s: " + what);
            Thread.yield();
        }
    }

    static CheckResult service(HealthReport report, String name) {
        CheckResult r = report.checks().get(name);
        assertTrue(r != null, "report has a service named " + name + ": " + report.checks().keySet());
        return r;
    }

    @Nested
    @DisplayName("The overall status")
    class OverallStatus {

        @Test
        @DisplayName("is UP, HTTP 200, when every check is up")
        void allUp() {
            HealthEvaluator health = build(builder()
                    .check("database", HealthResult::up)
                    .check("cache", () -> HealthResult.up(Map.of("hits", 10))));

            HealthReport report = health.evaluate();

            assertAll(
                    () -> assertEquals(HealthStatus.UP, report.status()),
                    () -> assertEquals(200, report.httpStatus()),
                    () -> assertEquals(List.of("database", "cache"), List.copyOf(report.checks().keySet())),
                    () -> assertEquals(HealthStatus.UP, service(report, "cache").status()),
                    () -> assertEquals(Map.of("hits", 10), service(report, "cache").details()));
        }

        @Test
        @DisplayName("is DEGRADED, HTTP 200, when a non-critical check is down")
        void nonCriticalDown() {
            HealthEvaluator health = build(builder()
                    .check("database", HealthResult::up)
                    .check("search", () -> HealthResult.down("index unavailable"), c -> c.critical(false)));

            HealthReport report = health.evaluate();

            assertAll(
                    () -> assertEquals(HealthStatus.DEGRADED, report.status()),
                    () -> assertEquals(200, report.httpStatus()),
                    () -> assertEquals("index unavailable", service(report, "search").error()),
                    () -> assertFalse(service(report, "search").critical()));
        }

        @Test
        @DisplayName("is DOWN, HTTP 503, when a critical check is down (checks are critical by default)")
        void criticalDown() {
            HealthEvaluator health = build(builder()
                    .check("database", () -> HealthResult.down("no connection"))
                    .check("search", HealthResult::up, c -> c.critical(false)));

            HealthReport report = health.evaluate();

            assertAll(
                    () -> assertEquals(HealthStatus.DOWN, report.status()),
                    () -> assertEquals(503, report.httpStatus()),
                    () -> assertTrue(service(report, "database").critical()));
        }

        @Test
        @DisplayName("is DEGRADED when a critical check is only degraded")
        void criticalDegraded() {
            HealthEvaluator health = build(builder()
                    .check("database", () -> HealthResult.degraded("replica lag 12 s")));

            HealthReport report = health.evaluate();

            assertEquals(HealthStatus.DEGRADED, report.status());
            assertEquals(200, report.httpStatus());
        }

        @Test
        @DisplayName("is UP, with no services, when there are no checks")
        void noChecks() {
            HealthEvaluator health = build(builder());

            HealthReport report = health.evaluate();

            assertEquals(HealthStatus.UP, report.status());
            assertEquals(Map.of(), report.checks());
            assertEquals(HealthStatus.UP, health.liveness().status());
        }
    }

    @Nested
    @DisplayName("A misbehaving check")
    class Guarding {

        @Test
        @DisplayName("that throws is DOWN with the exception's class and message, is counted, and the others are unaffected")
        void throwing() {
            HealthEvaluator health = build(builder()
                    .check("database", () -> {
                        throw new IllegalStateException("connection refused");
                    })
                    .check("cache", HealthResult::up)
                    .check("queue", HealthResult::up));

            HealthReport report = health.evaluate();

            assertAll(
                    () -> assertEquals(HealthStatus.DOWN, report.status()),
                    () -> assertEquals(HealthStatus.DOWN, service(report, "database").status()),
                    () -> assertEquals("java.lang.IllegalStateException: connection refused",
                            service(report, "database").error()),
                    () -> assertEquals(HealthStatus.UP, service(report, "cache").status()),
                    () -> assertEquals(HealthStatus.UP, service(report, "queue").status()),
                    () -> assertEquals(1, health.failureCount()));
        }

        @Test
        @DisplayName("that throws an Error is DOWN too, and the caller never sees it")
        void throwingError() {
            HealthEvaluator health = build(builder()
                    .check("recursion", () -> {
                        throw new StackOverflowError();
                    }));

            HealthReport report = health.evaluate();

            assertEquals("java.lang.StackOverflowError", service(report, "recursion").error());
            assertEquals(HealthStatus.DOWN, report.status());
        }

        @Test
        @DisplayName("that returns null is DOWN")
        void returnsNull() {
            HealthEvaluator health = build(builder().check("database", () -> null));

            HealthReport report = health.evaluate();

            assertEquals(HealthStatus.DOWN, service(report, "database").status());
            assertEquals("returned null instead of a HealthResult", service(report, "database").error());
            assertEquals(1, health.failureCount());
        }

        @Test
        @DisplayName("that throws with a long message is DOWN with the message truncated")
        void longMessage() {
            String message = "x".repeat(10_000);
            HealthEvaluator health = build(builder().check("database", () -> {
                throw new RuntimeException(message);
            }));

            String error = service(health.evaluate(), "database").error();

            assertTrue(error != null && error.startsWith("java.lang.RuntimeException: xxx"), error);
            assertEquals(300, error.length());
            assertTrue(error.endsWith("…"));
        }

        @Test
        @DisplayName("that throws an exception whose getMessage() throws is DOWN with the class name")
        void hostileException() {
            HealthEvaluator health = build(builder().check("database", () -> {
                throw new RuntimeException() {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public String getMessage() {
                        throw new IllegalStateException("hostile");
                    }
                };
            }));

            CheckResult database = service(health.evaluate(), "database");

            assertEquals(HealthStatus.DOWN, database.status());
            assertTrue(database.error() != null && database.error().startsWith(HealthEvaluatorTest.class.getName()),
                    database.error());
        }
    }

    @Nested
    @DisplayName("A check that hangs")
    class Hangs {

        @Test
        @DisplayName("is DOWN once its 300 ms timeout elapses, is interrupted, and the other checks are UP")
        void timesOut() throws Exception {
            Hanging slow = hanging();
            HealthEvaluator health = build(builder().cacheTtl(Duration.ZERO)
                    .check("slow", slow, c -> c.timeout(Duration.ofMillis(300)))
                    .check("database", HealthResult::up)
                    .check("cache", HealthResult::up, c -> c.critical(false)));

            HealthReport report = health.evaluate();

            assertTrue(slow.stillBlocked(), "evaluate() returned while the check is still blocked");
            assertAll(
                    () -> assertEquals(HealthStatus.DOWN, report.status()),
                    () -> assertEquals(HealthStatus.DOWN, service(report, "slow").status()),
                    () -> assertEquals("timed out after 300 ms", service(report, "slow").error()),
                    () -> assertEquals(HealthStatus.UP, service(report, "database").status()),
                    () -> assertEquals(HealthStatus.UP, service(report, "cache").status()),
                    () -> assertEquals(1, health.timeoutCount()),
                    () -> assertEquals(0, health.failureCount()));
            assertTrue(slow.interrupted.await(10, SECONDS), "the timed-out check was interrupted");
        }

        @Test
        @DisplayName("is not started again while still running: the next evaluation reports it DOWN at once")
        void notStartedAgain() {
            Hanging slow = hanging();
            AtomicInteger databaseCalls = new AtomicInteger();
            HealthEvaluator health = build(builder().cacheTtl(Duration.ZERO)
                    .check("slow", slow, c -> c.timeout(Duration.ofMillis(300)).critical(false))
                    .check("database", counting(databaseCalls, HealthResult.up())));
            health.evaluate();

            HealthReport second = health.evaluate();
            HealthReport third = health.evaluate();

            assertTrue(slow.stillBlocked(), "evaluate() returned while the check is still blocked");
            assertAll(
                    () -> assertEquals(1, slow.calls.get(), "the hanging check was started once"),
                    () -> assertEquals(3, databaseCalls.get(), "the other check ran every time"),
                    () -> assertEquals(HealthStatus.DEGRADED, second.status()),
                    () -> assertEquals(HealthStatus.DOWN, service(second, "slow").status()),
                    () -> assertEquals("still running since 2025-03-01T10:15:30Z (timed out; not started again until it ends)",
                            service(second, "slow").error()),
                    () -> assertEquals(service(second, "slow"), service(third, "slow")),
                    () -> assertEquals(1, health.timeoutCount()),
                    () -> assertEquals(2, health.skippedCount()));
        }

        @Test
        @DisplayName("runs again once the hung run has ended")
        void runsAgainAfterItEnds() {
            Hanging slow = hanging();
            HealthEvaluator health = build(builder().cacheTtl(Duration.ZERO)
                    .check("slow", slow, c -> c.timeout(Duration.ofMillis(300))));
            health.evaluate();

            slow.release.countDown();

            eventually("the check runs again and is up", () -> health.evaluate().status() == HealthStatus.UP);
            assertEquals(2, slow.calls.get());
        }

        @Test
        @DisplayName("holding the only thread makes a queued check time out before it starts, and the queue does not grow")
        void boundedPool() {
            Hanging slow = hanging();
            AtomicInteger otherCalls = new AtomicInteger();
            HealthEvaluator health = build(builder().cacheTtl(Duration.ZERO).maxThreads(1)
                    .check("slow", slow, c -> c.timeout(Duration.ofSeconds(1)))
                    .check("other", counting(otherCalls, HealthResult.up()), c -> c.timeout(Duration.ofMillis(200))));

            List<HealthReport> reports = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                reports.add(health.evaluate());
            }

            assertTrue(slow.stillBlocked());
            for (HealthReport report : reports) {
                assertEquals("timed out after 200 ms before it started: no free health thread (pool of 1)",
                        service(report, "other").error());
            }
            assertEquals(0, otherCalls.get(), "the queued check never ran");
            assertEquals(1, slow.calls.get());
        }
    }

    @Nested
    @DisplayName("Checks run")
    class Parallel {

        @Test
        @DisplayName("in parallel: four checks that each wait for the other three at a barrier are all UP")
        void barrier() {
            CyclicBarrier barrier = new CyclicBarrier(4);
            HealthCheck meet = () -> {
                barrier.await(10, SECONDS);
                return HealthResult.up();
            };
            HealthEvaluator health = build(builder()
                    .check("a", meet).check("b", meet).check("c", meet).check("d", meet));

            HealthReport report = health.evaluate();

            assertEquals(HealthStatus.UP, report.status(), report::toString);
        }

        @Test
        @DisplayName("on the registry's daemon threads named faultline-health-N, never on the caller's")
        void threads() {
            AtomicReference<Thread> ran = new AtomicReference<>();
            HealthEvaluator health = build(builder().check("database", () -> {
                ran.set(Thread.currentThread());
                return HealthResult.up();
            }));

            health.evaluate();

            Thread t = ran.get();
            assertTrue(t.getName().matches("faultline-health-\\d+"), t.getName());
            assertTrue(t.isDaemon());
            assertFalse(t == Thread.currentThread());
        }
    }

    @Nested
    @DisplayName("Reports are cached")
    class Caching {

        @Test
        @DisplayName("for the TTL: two evaluations within it run the checks once; past it they run again")
        void ttl() {
            AtomicInteger calls = new AtomicInteger();
            HealthEvaluator health = build(builder().cacheTtl(Duration.ofSeconds(1))
                    .check("database", counting(calls, HealthResult.up())));

            HealthReport first = health.evaluate();
            ticks.addAndGet(Duration.ofMillis(999).toNanos());
            HealthReport second = health.evaluate();

            assertEquals(1, calls.get());
            assertSame(first, second);

            ticks.addAndGet(Duration.ofMillis(2).toNanos());
            health.evaluate();

            assertEquals(2, calls.get());
            assertEquals(2, health.evaluationCount());
        }

        @Test
        @DisplayName("not at all with a TTL of zero")
        void zeroTtl() {
            AtomicInteger calls = new AtomicInteger();
            HealthEvaluator health = build(builder().cacheTtl(Duration.ZERO)
                    .check("database", counting(calls, HealthResult.up())));

            health.evaluate();
            health.evaluate();

            assertEquals(2, calls.get());
        }

        @Test
        @DisplayName("separately for liveness and readiness")
        void perProbe() {
            AtomicInteger calls = new AtomicInteger();
            HealthEvaluator health = build(builder()
                    .check("heap", counting(calls, HealthResult.up()),
                            c -> c.probes(HealthProbe.LIVENESS, HealthProbe.READINESS)));

            health.liveness();
            health.liveness();
            health.readiness();
            health.readiness();

            assertEquals(2, calls.get());
        }
    }

    @Nested
    @DisplayName("Concurrent callers")
    class SingleFlight {

        @Test
        @DisplayName("share one evaluation: 16 threads calling at once run the checks once and all get the same report")
        void sixteenCallers() throws Exception {
            Hanging held = hanging();
            AtomicInteger otherCalls = new AtomicInteger();
            HealthEvaluator health = build(builder().cacheTtl(Duration.ZERO)
                    .check("held", held, c -> c.timeout(Duration.ofSeconds(20)))
                    .check("other", counting(otherCalls, HealthResult.up())));
            int callers = 16;
            CountDownLatch go = new CountDownLatch(1);
            AtomicReferenceArray<HealthReport> reports = new AtomicReferenceArray<>(callers);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int n = i;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    reports.set(n, health.evaluate());
                }, "caller-" + i);
                t.start();
                threads.add(t);
            }

            go.countDown();
            assertTrue(held.started.await(10, SECONDS));
            // every caller is parked waiting for the shared evaluation (the only timed wait on their path)
            eventually("all callers wait", () -> threads.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));
            held.release.countDown();
            for (Thread t : threads) {
                t.join(SECONDS.toMillis(10));
            }

            assertEquals(1, held.calls.get());
            assertEquals(1, otherCalls.get());
            assertEquals(1, health.evaluationCount());
            HealthReport first = reports.get(0);
            assertEquals(HealthStatus.UP, first.status());
            for (int i = 0; i < callers; i++) {
                assertSame(first, reports.get(i), "caller " + i);
            }
        }
    }

    @Nested
    @DisplayName("Probes")
    class Probes {

        @Test
        @DisplayName("liveness runs only liveness checks and readiness only readiness checks (the default)")
        void livenessVersusReadiness() {
            AtomicInteger liveCalls = new AtomicInteger();
            AtomicInteger readyCalls = new AtomicInteger();
            AtomicInteger bothCalls = new AtomicInteger();
            HealthEvaluator health = build(builder()
                    .check("deadlocks", counting(liveCalls, HealthResult.up()), c -> c.probes(HealthProbe.LIVENESS))
                    .check("database", counting(readyCalls, HealthResult.down("no connection")))
                    .check("disk", counting(bothCalls, HealthResult.up()),
                            c -> c.probes(HealthProbe.LIVENESS, HealthProbe.READINESS)));

            HealthReport live = health.liveness();

            assertEquals(List.of("deadlocks", "disk"), List.copyOf(live.checks().keySet()));
            assertEquals(HealthStatus.UP, live.status(), "a down database does not fail liveness");
            assertEquals(List.of(1, 0, 1), List.of(liveCalls.get(), readyCalls.get(), bothCalls.get()));

            HealthReport ready = health.readiness();

            assertEquals(List.of("database", "disk"), List.copyOf(ready.checks().keySet()));
            assertEquals(HealthStatus.DOWN, ready.status());
            assertEquals(List.of(1, 1, 2), List.of(liveCalls.get(), readyCalls.get(), bothCalls.get()));
            assertSame(ready, health.evaluate(), "evaluate() is readiness");
            assertSame(live, health.evaluate(HealthProbe.LIVENESS));
            assertEquals(List.of("deadlocks", "disk"), health.names(HealthProbe.LIVENESS));
        }

        @Test
        @DisplayName("a check in both probes runs once when liveness and readiness are evaluated at the same time")
        void sharedRun() throws Exception {
            Hanging held = hanging();
            HealthEvaluator health = build(builder()
                    .check("disk", held, c -> c.timeout(Duration.ofSeconds(20))
                            .probes(HealthProbe.LIVENESS, HealthProbe.READINESS)));
            AtomicReference<HealthReport> live = new AtomicReference<>();
            AtomicReference<HealthReport> ready = new AtomicReference<>();
            Thread liveCaller = new Thread(() -> live.set(health.liveness()), "live-caller");
            Thread readyCaller = new Thread(() -> ready.set(health.readiness()), "ready-caller");

            liveCaller.start();
            assertTrue(held.started.await(10, SECONDS));
            readyCaller.start();
            eventually("both callers wait", () -> liveCaller.getState() == Thread.State.TIMED_WAITING
                    && readyCaller.getState() == Thread.State.TIMED_WAITING);
            held.release.countDown();
            liveCaller.join(SECONDS.toMillis(10));
            readyCaller.join(SECONDS.toMillis(10));

            assertEquals(1, held.calls.get());
            assertEquals(HealthStatus.UP, live.get().status());
            assertEquals(HealthStatus.UP, ready.get().status());
            assertEquals(2, health.evaluationCount());
        }
    }

    @Nested
    @DisplayName("The report")
    class Report {

        @Test
        @DisplayName("has each check's status, criticality, duration, details and reason, in registration order, at the clock's time")
        void contents() {
            HealthEvaluator health = build(builder()
                    .check("database", () -> HealthResult.up().withDetail("pool_active", 3).withDetail("pool_max", 10))
                    .check("search", () -> HealthResult.down("index unavailable"), c -> c.critical(false))
                    .check("replica", () -> HealthResult.degraded("lag 12 s").withDetail("lag_seconds", 12),
                            c -> c.critical(false)));

            HealthReport report = health.evaluate();

            assertEquals(HealthStatus.DEGRADED, report.status());
            assertEquals(Instant.parse("2025-03-01T10:15:30Z"), report.timestamp());
            assertEquals(List.of("database", "search", "replica"), List.copyOf(report.checks().keySet()));
            assertEquals(new HealthReport.CheckResult(HealthStatus.UP, true, 0, Map.of("pool_active", 3, "pool_max", 10),
                    null), report.checks().get("database"));
            assertEquals(new HealthReport.CheckResult(HealthStatus.DOWN, false, 0, Map.of(), "index unavailable"),
                    report.checks().get("search"));
            assertEquals(new HealthReport.CheckResult(HealthStatus.DEGRADED, false, 0, Map.of("lag_seconds", 12),
                    "lag 12 s"), report.checks().get("replica"));
            assertEquals(List.of("pool_active", "pool_max"),
                    List.copyOf(report.checks().get("database").details().keySet()), "details in insertion order");
        }

        @Test
        @DisplayName("measures durations on the ticker")
        void durations() {
            HealthEvaluator health = build(builder().check("database", () -> {
                ticks.addAndGet(Duration.ofMillis(42).toNanos());
                return HealthResult.up();
            }));

            assertEquals(42, service(health.evaluate(), "database").durationMs());
        }
    }

    @Nested
    @DisplayName("Configuration")
    class Configuration {

        @Test
        @DisplayName("rejects a second check with the same name, naming health.checks")
        void duplicate() {
            HealthChecks.Builder b = builder().check("database", HealthResult::up);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.check("database", HealthResult::up));

            assertEquals("health.checks already has a check named 'database'", e.getMessage());
        }

        @Test
        @DisplayName("rejects a blank or overlong name, naming health.checks")
        void badName() {
            HealthChecks.Builder b = builder();

            assertTrue(assertThrows(IllegalArgumentException.class, () -> b.check(" ", HealthResult::up))
                    .getMessage().startsWith("health.checks"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> b.check("x".repeat(101), HealthResult::up))
                    .getMessage().startsWith("health.checks"));
        }

        @Test
        @DisplayName("rejects a timeout of zero, a negative one or one over 60 s, naming health.timeout")
        void badTimeout() {
            HealthChecks.Builder b = builder();

            for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofSeconds(61))) {
                IllegalArgumentException perCheck = assertThrows(IllegalArgumentException.class,
                        () -> b.check("c" + bad, HealthResult::up, c -> c.timeout(bad)));
                IllegalArgumentException byDefault = assertThrows(IllegalArgumentException.class,
                        () -> b.defaultTimeout(bad));
                assertTrue(perCheck.getMessage().startsWith("health.timeout must be more than 0 and at most 60000 ms, was "),
                        perCheck.getMessage());
                assertEquals(perCheck.getMessage(), byDefault.getMessage());
            }
            assertEquals("health.timeout must be more than 0 and at most 60000 ms, was 61000 ms",
                    assertThrows(IllegalArgumentException.class, () -> b.defaultTimeout(Duration.ofSeconds(61))).getMessage());
        }

        @Test
        @DisplayName("accepts timeouts of 1 ms and of 60 s")
        void timeoutBounds() {
            builder().defaultTimeout(Duration.ofMillis(1)).defaultTimeout(Duration.ofSeconds(60));
        }

        @Test
        @DisplayName("rejects a negative cache TTL or one over an hour, naming health.cache_ttl")
        void badTtl() {
            HealthChecks.Builder b = builder();

            assertEquals("health.cache_ttl must be between 0 (no cache) and 3600000 ms, was -1 ms",
                    assertThrows(IllegalArgumentException.class, () -> b.cacheTtl(Duration.ofMillis(-1))).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> b.cacheTtl(Duration.ofHours(2)))
                    .getMessage().startsWith("health.cache_ttl"));
        }

        @Test
        @DisplayName("rejects a thread bound outside 1..64, naming health.max_threads")
        void badThreads() {
            HealthChecks.Builder b = builder();

            assertEquals("health.max_threads must be between 1 and 64, was 0",
                    assertThrows(IllegalArgumentException.class, () -> b.maxThreads(0)).getMessage());
            assertEquals("health.max_threads must be between 1 and 64, was 65",
                    assertThrows(IllegalArgumentException.class, () -> b.maxThreads(65)).getMessage());
        }
    }

    @Nested
    @DisplayName("Once closed")
    class Closing {

        @Test
        @DisplayName("interrupts running checks, answers waiting callers at once, runs no more and reports every check DOWN")
        void closed() throws Exception {
            Hanging slow = hanging();
            AtomicInteger calls = new AtomicInteger();
            HealthEvaluator health = build(builder().cacheTtl(Duration.ZERO)
                    .check("slow", slow, c -> c.timeout(Duration.ofSeconds(20)).critical(false))
                    .check("database", counting(calls, HealthResult.up()), c -> c.critical(false)));
            AtomicReference<HealthReport> waiting = new AtomicReference<>();
            Thread caller = new Thread(() -> waiting.set(health.evaluate()), "caller");
            caller.start();
            assertTrue(slow.started.await(10, SECONDS));
            eventually("the other check ran", () -> calls.get() == 1);

            health.close();
            health.close();
            caller.join(SECONDS.toMillis(10));
            HealthReport later = health.evaluate();

            assertTrue(slow.interrupted.await(10, SECONDS), "the running check was interrupted");
            assertTrue(slow.stillBlocked(), "the waiting caller was answered while the check still hangs");
            for (HealthReport report : List.of(waiting.get(), later)) {
                assertEquals(HealthStatus.DOWN, report.status());
                assertEquals(503, report.httpStatus());
                assertEquals("not started: the health checks are closed", service(report, "database").error());
            }
            assertEquals(1, calls.get());
        }
    }
}
