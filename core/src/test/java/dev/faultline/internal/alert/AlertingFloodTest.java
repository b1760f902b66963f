package dev.faultline.internal.alert;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.alert.AlertChannel;
import dev.faultline.alert.AlertLevel;
import dev.faultline.alert.AlertRecord;
import dev.faultline.alert.AlertStats;
import dev.faultline.alert.Alerting;
import dev.faultline.alert.DeliveryState;
import dev.faultline.alert.Events;
import dev.faultline.alert.PredicateRule;
import dev.faultline.error.ErrorEvent;
import dev.faultline.error.ErrorType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A flood of alerts against a slow channel")
class AlertingFloodTest {

    static final int CALLS = 100_000;
    static final int THREADS = 4;
    static final int CAPACITY = 100;
    static final int HISTORY = 50;

    @Test
    @DisplayName("never blocks the callers, keeps the queue and history within their bounds, and counts and records every drop")
    void flood() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        AlertChannel slow = AlertChannel.of("slow", a -> {
            entered.incrementAndGet();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Clock clock = Clock.systemUTC();
        AlertEngine alerting = new AlertEngine(Alerting.builder().clock(clock).logChannel(false).tickInterval(Duration.ZERO)
                .rule(PredicateRule.of("every", e -> true, AlertLevel.ERROR, "{error_type} at {endpoint}", Duration.ZERO))
                .channel(slow).queueCapacity(CAPACITY).historySize(HISTORY)
                .attemptTimeout(Duration.ofMinutes(1)).build());
        try {
            AtomicBoolean sampling = new AtomicBoolean(true);
            AtomicInteger maxQueue = new AtomicInteger();
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    maxQueue.accumulateAndGet(alerting.stats().queueSize(), Math::max);
                }
            });
            sampler.start();

            ErrorEvent event = Events.of(clock, ErrorType.INTERNAL, "/videos");
            List<Thread> callers = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < THREADS; t++) {
                Thread th = new Thread(() -> {
                    for (int i = 0; i < CALLS / THREADS; i++) {
                        alerting.onError(event);
                    }
                });
                callers.add(th);
                th.start();
            }
            for (Thread th : callers) {
                th.join(TimeUnit.SECONDS.toMillis(60));
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            sampling.set(false);
            sampler.join();

            // every call returned while the channel was still blocked on its first alerts (one per thread)
            assertTrue(callers.stream().noneMatch(Thread::isAlive));
            assertEquals(1, release.getCount());
            assertTrue(entered.get() <= Alerting.DEFAULT_CHANNEL_CONCURRENCY, "entered " + entered.get());

            AlertStats s = alerting.stats();
            List<AlertRecord> history = alerting.history();
            assertAll(
                    () -> assertTrue(tookMillis < 20_000, "100,000 calls took " + tookMillis + " ms"),
                    () -> assertEquals(CALLS, s.fired()),
                    () -> assertEquals(CAPACITY, s.queueSize()),
                    () -> assertTrue(maxQueue.get() <= CAPACITY, "queue reached " + maxQueue.get()),
                    () -> assertEquals(CALLS - CAPACITY, s.queueFull()),
                    () -> assertEquals(CALLS - CAPACITY, s.dropped()),
                    () -> assertEquals(HISTORY, history.size()),
                    () -> assertEquals(HISTORY, s.historySize()),
                    () -> assertEquals(CALLS - HISTORY, s.historyEvicted()),
                    () -> assertTrue(history.stream().allMatch(r -> r.delivery("slow").state() == DeliveryState.DROPPED
                            && "queue full".equals(r.delivery("slow").lastError()))),
                    () -> assertEquals(HISTORY, alerting.snapshot(1).total()));

            release.countDown();
            assertTrue(alerting.close(Duration.ofSeconds(10)));
            assertEquals(CAPACITY, alerting.stats().delivered());
            assertEquals(0, alerting.stats().queueSize());
        } finally {
            release.countDown();
            alerting.close(Duration.ofSeconds(1));
        }
    }
}
