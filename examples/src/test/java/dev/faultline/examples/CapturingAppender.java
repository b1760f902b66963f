package dev.faultline.examples;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.KeyValuePair;

/**
 * An appender that keeps every event and that a test can wait on, without sleeping, for an event
 * logged on another thread. Events are prepared for deferred processing when appended, so that their
 * MDC and formatted message are those of the logging thread, not of the test thread reading them.
 * Thread-safe.
 */
final class CapturingAppender extends AppenderBase<ILoggingEvent> {

    private final Object lock = new Object();
    private final List<ILoggingEvent> events = new ArrayList<>(); // guarded by lock

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        synchronized (lock) {
            events.add(event);
            lock.notifyAll();
        }
    }

    /**
     * The first event captured (since this appender was attached) that matches, waiting for it at
     * most {@code timeout}; {@code null} if none.
     */
    @Nullable ILoggingEvent await(Predicate<ILoggingEvent> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            int seen = 0;
            while (true) {
                for (; seen < events.size(); seen++) {
                    if (match.test(events.get(seen))) {
                        return events.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    /** Every event captured so far, oldest first. */
    List<ILoggingEvent> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    /** The value of the key-value pair {@code key} of {@code event}, or {@code null}. */
    static @Nullable Object kv(ILoggingEvent event, String key) {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                if (pair.key.equals(key)) {
                    return pair.value;
                }
            }
        }
        return null;
    }
}
