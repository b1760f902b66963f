package dev.faultline.internal.alert;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.alert.Alert;
import dev.faultline.alert.AlertHistory;
import dev.faultline.alert.AlertLevel;
import dev.faultline.alert.AlertRecord;
import dev.faultline.alert.AlertRule;
import dev.faultline.alert.Alerting;
import dev.faultline.alert.Await;
import dev.faultline.alert.DeliveryState;
import dev.faultline.alert.DeliveryStatus;
import dev.faultline.alert.ErrorRatioRule;
import dev.faultline.alert.Events;
import dev.faultline.alert.PredicateRule;
import dev.faultline.alert.Recorder;
import dev.faultline.alert.TestClock;
import dev.faultline.alert.ThresholdRule;
import dev.faultline.error.ErrorEvent;
import dev.faultline.error.ErrorType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Alert rules")
class AlertingRulesTest {

    final TestClock clock = new TestClock();
    final Recorder recorder = new Recorder();
    final List<AlertEngine> built = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        built.forEach(a -> a.close(Duration.ofSeconds(2)));
    }

    AlertEngine alerting(AlertRule... rules) {
        // one delivery at a time, so that the recorder sees the alerts in the order they fired
        AlertEngine a = new AlertEngine(Alerting.builder().clock(clock).tickInterval(Duration.ZERO).logChannel(false)
                .channel(recorder).channelConcurrency(1).rules(List.of(rules)).build());
        built.add(a);
        return a;
    }

    /** Waits until every fired alert reached the recorder. */
    static void settle(AlertEngine a) {
        Await.until("every alert delivered", () -> a.stats().delivered() == a.stats().fired());
    }

    static PredicateRule database(Duration cooldown) {
        return PredicateRule.of("critical_errors", e -> e.type() == ErrorType.DATABASE, AlertLevel.CRITICAL,
                "Critical error: {error_type} at {endpoint}", cooldown);
    }

    @Nested
    @DisplayName("A predicate rule")
    class Predicates {

        @Test
        @DisplayName("fires on a matching event with the template filled from the event's fields")
        void fires() {
            AlertEngine a = alerting(PredicateRule.builder("critical_errors")
                    .condition(e -> e.type() == ErrorType.DATABASE)
                    .level(AlertLevel.CRITICAL)
                    .messageTemplate("{level}: {error_type} at {endpoint} for {user_id} ({no_such_field}) {rule}")
                    .build());
            ErrorEvent e = Events.database(clock);
            a.onError(e);
            Alert alert = recorder.await(1).get(0);
            assertAll(
                    () -> assertEquals("critical: database at /videos/{id} for user-7 ({no_such_field}) critical_errors",
                            alert.message()),
                    () -> assertEquals("critical_errors", alert.rule()),
                    () -> assertEquals(AlertLevel.CRITICAL, alert.level()),
                    () -> assertEquals(TestClock.T0, alert.firedAt()),
                    () -> assertEquals("database /videos/{id}", alert.groupKey()),
                    () -> assertEquals(0, alert.suppressed()),
                    () -> assertFalse(alert.resolved()),
                    () -> assertEquals(16, alert.id().length()),
                    () -> assertEquals("database", alert.context().get("error_type")),
                    () -> assertEquals("critical", alert.context().get("severity")),
                    () -> assertEquals("/videos/{id}", alert.context().get("endpoint")),
                    () -> assertEquals(e.requestId(), alert.context().get("request_id")),
                    () -> assertEquals(503, alert.context().get("status")),
                    () -> assertEquals("203.0.113.9", alert.context().get("ip_address")),
                    () -> assertEquals("java.sql.SQLException", alert.context().get("exception")),
                    () -> assertEquals("connection refused", alert.context().get("error_message")));
        }

        @Test
        @DisplayName("fills a known field without a value with 'unknown'")
        void unknownValue() {
            AlertEngine a = alerting(PredicateRule.builder("who").condition(e -> true).messageTemplate("by {user_id}")
                    .build());
            a.onError(Events.anonymous(clock, ErrorType.INTERNAL, "/x"));
            Alert alert = recorder.await(1).get(0);
            assertEquals("by unknown", alert.message());
            assertTrue(alert.context().containsKey("user_id"));
            assertEquals(null, alert.context().get("user_id"));
        }

        @Test
        @DisplayName("does not fire on an event that does not match")
        void noMatch() {
            AlertEngine a = alerting(database(Duration.ofMinutes(1)));
            a.onError(Events.of(clock, ErrorType.NOT_FOUND, "/videos/{id}"));
            assertEquals(0, a.stats().fired());
            assertEquals(List.of(), a.history());
        }

        @Test
        @DisplayName("fires once for a burst of 50 events and carries the 49 suppressed repeats on the next notification after the cooldown")
        void cooldown() {
            AlertEngine a = alerting(database(Duration.ofMinutes(1)));
            for (int i = 0; i < 50; i++) {
                a.onError(Events.database(clock));
            }
            settle(a);
            assertEquals(1, a.stats().fired());
            assertEquals(49, a.stats().suppressed());
            assertEquals(1, recorder.alerts().size());
            assertEquals(0, recorder.alerts().get(0).suppressed());

            clock.advance(Duration.ofMinutes(1));
            a.onError(Events.database(clock));
            Alert next = recorder.await(2).get(1);
            assertEquals(49, next.suppressed());
            assertEquals(2, a.stats().fired());
        }

        @Test
        @DisplayName("notifies exactly once and counts every other repeat when 8 threads fire 80,000 events at once")
        void concurrentCooldown() throws Exception {
            AlertEngine a = alerting(database(Duration.ofMinutes(1)));
            ErrorEvent e = Events.database(clock);
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(8);
            List<Thread> threads = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                    for (int i = 0; i < 10_000; i++) {
                        a.onError(e);
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            settle(a);
            assertEquals(1, a.stats().fired());
            assertEquals(79_999, a.stats().suppressed());
            clock.advance(Duration.ofMinutes(1));
            a.onError(e);
            assertEquals(79_999, recorder.await(2).get(1).suppressed());
        }

        /**
         * Regression: with no cooldown, a thread whose clock reading was a millisecond older than the last
         * notification (another thread read the clock later but swapped the state first) saw a negative
         * elapsed time and was suppressed; the flood test lost 6 of 100,000 alerts that way.
         */
        @Test
        @DisplayName("with no cooldown notifies every event even when threads read the clock out of order")
        void zeroCooldownRace() throws Exception {
            java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();
            java.time.Clock racing = new java.time.Clock() {
                @Override
                public long millis() {
                    return TestClock.T0.toEpochMilli() + ticks.incrementAndGet();
                }

                @Override
                public java.time.Instant instant() {
                    return java.time.Instant.ofEpochMilli(millis());
                }

                @Override
                public java.time.ZoneId getZone() {
                    return java.time.ZoneOffset.UTC;
                }

                @Override
                public java.time.Clock withZone(java.time.ZoneId zone) {
                    return this;
                }
            };
            AlertEngine a = new AlertEngine(Alerting.builder().clock(racing).tickInterval(Duration.ZERO).logChannel(false)
                    .queueCapacity(1).historySize(1).rule(database(Duration.ZERO)).channel(recorder).build());
            built.add(a);
            ErrorEvent e = Events.database(clock);
            List<Thread> threads = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        a.onError(e);
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            assertEquals(80_000, a.stats().fired());
            assertEquals(0, a.stats().suppressed());
        }

        @Test
        @DisplayName("still suppresses a repeat a millisecond before the cooldown ends")
        void cooldownBoundary() {
            AlertEngine a = alerting(database(Duration.ofMinutes(1)));
            a.onError(Events.database(clock));
            clock.advance(Duration.ofMillis(59_999));
            a.onError(Events.database(clock));
            assertEquals(1, a.stats().suppressed());
            clock.advance(Duration.ofMillis(1));
            a.onError(Events.database(clock));
            assertEquals(1, recorder.await(2).get(1).suppressed());
        }

        @Test
        @DisplayName("cools down per group: by default per error type and endpoint")
        void groups() {
            AlertEngine a = alerting(PredicateRule.of("any", e -> true, AlertLevel.ERROR, "{error_type} at {endpoint}",
                    Duration.ofMinutes(5)));
            a.onError(Events.of(clock, ErrorType.DATABASE, "/a"));
            a.onError(Events.of(clock, ErrorType.DATABASE, "/b"));
            a.onError(Events.of(clock, ErrorType.TIMEOUT, "/a"));
            a.onError(Events.of(clock, ErrorType.DATABASE, "/a"));
            settle(a);
            assertEquals(List.of("database /a", "database /b", "timeout /a"),
                    recorder.alerts().stream().map(Alert::groupKey).sorted().toList());
            assertEquals(1, a.stats().suppressed());
        }

        @Test
        @DisplayName("cools down per the group key function given")
        void customGroups() {
            AlertEngine a = alerting(PredicateRule.builder("per_type").condition(e -> true)
                    .groupKey(e -> e.type().label()).cooldown(Duration.ofMinutes(5)).build());
            a.onError(Events.of(clock, ErrorType.DATABASE, "/a"));
            a.onError(Events.of(clock, ErrorType.DATABASE, "/b"));
            settle(a);
            assertEquals(1, a.stats().fired());
            assertEquals("database", recorder.alerts().get(0).groupKey());
        }

        @Test
        @DisplayName("notifies every matching event with a zero cooldown")
        void zeroCooldown() {
            AlertEngine a = alerting(database(Duration.ZERO));
            for (int i = 0; i < 5; i++) {
                a.onError(Events.database(clock));
            }
            settle(a);
            assertEquals(5, recorder.alerts().size());
        }
    }

    @Nested
    @DisplayName("A rule callback that throws")
    class Guarded {

        @Test
        @DisplayName("is counted, never reaches the caller, and the other rules still fire")
        void throwingCondition() {
            PredicateRule broken = PredicateRule.builder("broken").condition(e -> {
                throw new IllegalStateException("bug in a rule");
            }).build();
            ThresholdRule brokenThreshold = ThresholdRule.builder("broken_threshold").condition(e -> {
                throw new StackOverflowError("worse bug");
            }).build();
            AlertEngine a = alerting(broken, brokenThreshold, database(Duration.ZERO));
            assertDoesNotThrow(() -> a.onError(Events.database(clock)));
            assertDoesNotThrow(() -> a.onError(Events.database(clock)));
            settle(a);
            assertEquals(4, a.stats().ruleErrors());
            assertEquals(2, recorder.alerts().size());
            assertTrue(recorder.alerts().stream().allMatch(x -> x.rule().equals("critical_errors")));
        }

        @Test
        @DisplayName("as a group key falls back to the default group, so the alert still fires")
        void throwingGroupKey() {
            AlertEngine a = alerting(PredicateRule.builder("g").condition(e -> true).groupKey(e -> {
                throw new IllegalArgumentException("no key");
            }).build(), PredicateRule.builder("n").condition(e -> true).groupKey(e -> null).build());
            a.onError(Events.database(clock));
            settle(a);
            assertEquals(2, a.stats().ruleErrors());
            assertEquals(List.of("database /videos/{id}", "database /videos/{id}"),
                    recorder.alerts().stream().map(Alert::groupKey).toList());
        }
    }

    @Nested
    @DisplayName("A threshold rule")
    class Thresholds {

        ThresholdRule rule(boolean resolved) {
            return ThresholdRule.builder("database_errors").condition(e -> e.type() == ErrorType.DATABASE)
                    .threshold(5).window(Duration.ofMinutes(1)).level(AlertLevel.ERROR).notifyResolved(resolved)
                    .build();
        }

        @Test
        @DisplayName("does not fire on N−1 matching events and fires on the Nth, with count, threshold and window")
        void fires() {
            AlertEngine a = alerting(rule(false));
            for (int i = 0; i < 4; i++) {
                a.onError(Events.database(clock));
                a.onError(Events.of(clock, ErrorType.NOT_FOUND, "/x")); // does not match: not counted
                clock.advance(Duration.ofSeconds(5));
            }
            assertEquals(0, a.stats().fired());
            a.onError(Events.database(clock));
            Alert alert = recorder.await(1).get(0);
            assertAll(
                    () -> assertEquals(5L, alert.context().get("count")),
                    () -> assertEquals(5, alert.context().get("threshold")),
                    () -> assertEquals("1m", alert.context().get("window")),
                    () -> assertEquals("database_errors", alert.groupKey()),
                    () -> assertEquals(AlertLevel.ERROR, alert.level()),
                    () -> assertEquals("database_errors: 5 errors in 1m (threshold 5); latest database at /videos/{id}",
                            alert.message()));
        }

        @Test
        @DisplayName("does not count events older than the window")
        void window() {
            AlertEngine a = alerting(rule(false));
            for (int i = 0; i < 4; i++) {
                a.onError(Events.database(clock));
            }
            clock.advance(Duration.ofMinutes(1));
            a.onError(Events.database(clock)); // the four are a whole window old
            assertEquals(0, a.stats().fired());
            for (int i = 0; i < 3; i++) {
                a.onError(Events.database(clock));
            }
            assertEquals(0, a.stats().fired());
            a.onError(Events.database(clock));
            assertEquals(5L, recorder.await(1).get(0).context().get("count"));
        }

        @Test
        @DisplayName("suppresses further firings within its cooldown and counts them")
        void cooldown() {
            AlertEngine a = alerting(rule(false));
            for (int i = 0; i < 8; i++) {
                a.onError(Events.database(clock));
            }
            settle(a);
            assertEquals(1, a.stats().fired());
            assertEquals(3, a.stats().suppressed());
        }

        @Test
        @DisplayName("notifies resolved once the count stayed below the threshold for a whole window")
        void resolves() {
            AlertEngine a = alerting(rule(true));
            for (int i = 0; i < 5; i++) {
                a.onError(Events.database(clock));
            }
            recorder.await(1);
            clock.advance(Duration.ofSeconds(30));
            a.tick(); // still 5 in the window: holds
            clock.advance(Duration.ofSeconds(31));
            a.tick(); // below the threshold, but it held 31 s ago
            assertEquals(1, a.stats().fired());
            clock.advance(Duration.ofSeconds(30));
            a.tick();
            Alert resolved = recorder.await(2).get(1);
            assertTrue(resolved.resolved());
            assertEquals("Resolved: " + recorder.alerts().get(0).message(), resolved.message());
            assertEquals(0L, resolved.context().get("count"));
            a.tick();
            assertEquals(2, a.stats().fired()); // resolved once
        }

        @Test
        @DisplayName("without notifyResolved stays silent when the count drops")
        void noResolve() {
            AlertEngine a = alerting(rule(false));
            for (int i = 0; i < 5; i++) {
                a.onError(Events.database(clock));
            }
            clock.advance(Duration.ofMinutes(5));
            a.tick();
            settle(a);
            assertEquals(1, a.stats().fired());
        }

        @Test
        @DisplayName("defaults per severity: critical 1, high 5, medium 20, low 100 within 5 minutes")
        void defaults() {
            List<ThresholdRule> rules = ThresholdRule.defaultsPerSeverity();
            assertEquals(List.of("severity_critical", "severity_high", "severity_medium", "severity_low"),
                    rules.stream().map(ThresholdRule::name).toList());
            assertEquals(List.of(1, 5, 20, 100), rules.stream().map(ThresholdRule::threshold).toList());
            assertTrue(rules.stream().allMatch(r -> r.window().equals(Duration.ofMinutes(5))));
            assertEquals(List.of(AlertLevel.CRITICAL, AlertLevel.ERROR, AlertLevel.WARNING, AlertLevel.INFO),
                    rules.stream().map(ThresholdRule::level).toList());

            AlertEngine a = alerting(rules.toArray(new AlertRule[0]));
            a.onError(Events.of(clock, ErrorType.DATABASE, "/db")); // critical: threshold 1
            for (int i = 0; i < 4; i++) {
                a.onError(Events.of(clock, ErrorType.TIMEOUT, "/t")); // high: 4 of 5
            }
            settle(a);
            assertEquals(List.of("severity_critical"), recorder.alerts().stream().map(Alert::rule).toList());
            a.onError(Events.of(clock, ErrorType.TIMEOUT, "/t"));
            assertEquals("severity_high", recorder.await(2).get(1).rule());
        }
    }

    @Nested
    @DisplayName("An error-ratio rule")
    class Ratios {

        ErrorRatioRule rule() {
            return ErrorRatioRule.builder("error_ratio").ratio(0.5).minRequests(10).window(Duration.ofMinutes(1))
                    .notifyResolved(true).build();
        }

        static void requests(AlertEngine a, int ok, int failed) {
            for (int i = 0; i < ok; i++) {
                a.onRequest(false);
            }
            for (int i = 0; i < failed; i++) {
                a.onRequest(true);
            }
        }

        @Test
        @DisplayName("fires on the tick when errors over requests reach the ratio with enough requests")
        void fires() {
            AlertEngine a = alerting(rule());
            requests(a, 5, 5);
            assertEquals(0, a.stats().fired()); // never evaluated per request
            a.tick();
            Alert alert = recorder.await(1).get(0);
            assertAll(
                    () -> assertEquals(0.5, alert.context().get("error_ratio")),
                    () -> assertEquals("50.0", alert.context().get("error_percent")),
                    () -> assertEquals(5L, alert.context().get("errors")),
                    () -> assertEquals(10L, alert.context().get("requests")),
                    () -> assertEquals(AlertLevel.ERROR, alert.level()),
                    () -> assertEquals("error_ratio: 50.0% of requests failed in 1m (5 of 10; threshold 0.5)",
                            alert.message()));
        }

        @Test
        @DisplayName("does not fire below the minimum request count, however bad the ratio")
        void minRequests() {
            AlertEngine a = alerting(rule());
            requests(a, 0, 9);
            a.tick();
            assertEquals(0, a.stats().fired());
            requests(a, 0, 1);
            a.tick();
            assertEquals(1, a.stats().fired());
        }

        @Test
        @DisplayName("does not fire below the ratio")
        void belowRatio() {
            AlertEngine a = alerting(rule());
            requests(a, 6, 4);
            a.tick();
            assertEquals(0, a.stats().fired());
        }

        @Test
        @DisplayName("resolves when the ratio dropped back below and stayed there for a window")
        void resolves() {
            AlertEngine a = alerting(rule());
            requests(a, 5, 5);
            a.tick();
            recorder.await(1);
            requests(a, 90, 0); // 5 of 100: below
            clock.advance(Duration.ofSeconds(10));
            a.tick();
            assertEquals(1, a.stats().fired()); // held 10 s ago: not yet
            clock.advance(Duration.ofSeconds(50));
            a.tick();
            Alert resolved = recorder.await(2).get(1);
            assertTrue(resolved.resolved());
            assertTrue(resolved.message().startsWith("Resolved: error_ratio: 50.0%"), resolved.message());
            requests(a, 10, 0);
            a.tick();
            settle(a);
            assertEquals(2, a.stats().fired());
        }
    }

    @Nested
    @DisplayName("The facade")
    class Facade {

        @Test
        @DisplayName("defaults() has the default rules and a database error notifies once, as critical_errors")
        void defaults() {
            AlertEngine a = new AlertEngine(Alerting.builder().clock(clock).tickInterval(Duration.ZERO).logChannel(false)
                    .channel(recorder).rules(Alerting.defaultRules()).build());
            built.add(a);
            assertEquals(List.of("critical_errors", "database_errors", "severity_high", "severity_medium", "severity_low"),
                    a.rules().stream().map(AlertRule::name).toList());
            a.onError(Events.database(clock));
            settle(a);
            assertEquals(List.of("Critical error: database at /videos/{id}"),
                    recorder.alerts().stream().map(Alert::message).toList());
            assertEquals(AlertLevel.CRITICAL, recorder.alerts().get(0).level());
            PredicateRule critical = (PredicateRule) a.rules().get(0);
            assertEquals(Duration.ofMinutes(1), critical.cooldown());
            assertTrue(critical.condition().test(Events.of(clock, ErrorType.RESOURCE_EXHAUSTED, "/x")));
            assertFalse(critical.condition().test(Events.of(clock, ErrorType.TIMEOUT, "/x")));
            try (AlertEngine d = new AlertEngine(Alerting.defaults())) {
                assertEquals(List.of("log"), d.channels());
                assertEquals(5, d.rules().size());
            }
        }

        @Test
        @DisplayName("disabled() does nothing and answers empty")
        void disabled() {
            AlertEngine a = new AlertEngine(Alerting.disabled());
            a.onError(Events.database(clock));
            a.onRequest(true);
            a.tick();
            assertFalse(a.enabled());
            assertEquals(List.of(), a.history());
            AlertHistory h = a.snapshot(24);
            assertEquals(24, h.hours());
            assertEquals(0, h.total());
            assertEquals(List.of(), h.alerts());
            assertFalse(h.enabled());
            assertTrue(a.close(Duration.ZERO));
        }

        @Test
        @DisplayName("history(within) and snapshot(hours) keep only the alerts fired in that time, newest first")
        void history() {
            AlertEngine a = alerting(database(Duration.ZERO));
            a.onError(Events.of(clock, ErrorType.DATABASE, "/old"));
            clock.advance(Duration.ofHours(2));
            a.onError(Events.of(clock, ErrorType.DATABASE, "/new1"));
            a.onError(Events.of(clock, ErrorType.DATABASE, "/new2"));
            settle(a);
            assertEquals(List.of("/new2", "/new1", "/old"),
                    a.history().stream().map(r -> r.alert().context().get("endpoint")).toList());
            assertEquals(2, a.history(Duration.ofHours(1)).size());
            AlertHistory h = a.snapshot(1);
            assertEquals(1, h.hours());
            assertEquals(2, h.total());
            assertEquals(List.of("/new2", "/new1"), h.alerts().stream().map(r -> r.alert().context().get("endpoint")).toList());
            assertTrue(h.enabled());
            AlertRecord first = h.alerts().get(0);
            assertEquals(AlertLevel.CRITICAL, first.alert().level());
            DeliveryStatus delivery = first.delivery("recorder");
            assertEquals(DeliveryState.DELIVERED, delivery.state());
            assertEquals(1, delivery.attempts());
            assertEquals(null, delivery.lastError());
            assertEquals(TestClock.T0.plus(Duration.ofHours(2)), delivery.deliveredAt());
            assertEquals(List.of("recorder"), h.channels());
            assertEquals(3L, h.stats().fired());
            assertEquals(1000, h.stats().queueCapacity());
        }
    }
}
