package dev.faultline.testkit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * A Logback appender on the root logger that keeps every event of the test run in memory, so that
 * kit scenarios read log events as objects (never by parsing stdout), and can render one the way a
 * production JSON backend would (Logback's {@link JsonEncoder}).
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final ConcurrentLinkedQueue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
    private final JsonEncoder json = new JsonEncoder();
    private final Object arrivals = new Object();

    private LogCapture() {
    }

    /** Starts capturing every event that reaches the root logger. */
    public static LogCapture attach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogCapture capture = new LogCapture();
        capture.setContext(context);
        capture.setName("faultline-kit-capture");
        capture.json.setContext(context);
        capture.json.start();
        capture.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        events.add(event);
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(this);
        stop();
    }

    /** Every event so far. */
    public List<ILoggingEvent> events() {
        return new ArrayList<>(events);
    }

    /** Events of one logger carrying this request id. */
    public List<ILoggingEvent> events(String logger, String requestId) {
        List<ILoggingEvent> out = new ArrayList<>();
        for (ILoggingEvent e : events) {
            if (e.getLoggerName().equals(logger) && requestId.equals(String.valueOf(kv(e).get("request_id")))) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every event that mentions the request id anywhere (key-value pairs or MDC). */
    public List<ILoggingEvent> eventsOf(String requestId) {
        List<ILoggingEvent> out = new ArrayList<>();
        for (ILoggingEvent e : events) {
            if (requestId.equals(String.valueOf(kv(e).get("request_id")))
                    || requestId.equals(e.getMDCPropertyMap().get("request_id"))) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Waits until an event of {@code logger} carries {@code requestId} and matches, or the deadline
     * passes (completion events may be logged just after the client has its response).
     */
    public ILoggingEvent await(String logger, String requestId, Predicate<ILoggingEvent> matching, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ILoggingEvent e : events(logger, requestId)) {
                if (matching.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + logger + " event for request " + requestId + " within " + timeout
                        + "; events of it: " + describe(eventsOf(requestId)));
            }
            synchronized (arrivals) {
                arrivals.wait(Math.max(1, Math.min(50, left / 1_000_000))); // woken by the next event
            }
        }
    }

    /** The completion event of a request. */
    public ILoggingEvent completion(String requestId) throws InterruptedException {
        return await("faultline.http", requestId, e -> "request completed".equals(e.getMessage()), Duration.ofSeconds(10));
    }

    /**
     * The key-value pairs of a request's one completion event: waits for it, then a little longer (a second
     * completion, if the adapter logged one, comes right after the first) and fails if there is another.
     */
    public Map<String, Object> completedOnce(String requestId) throws InterruptedException {
        ILoggingEvent first = completion(requestId);
        assertNoneWithin(Duration.ofMillis(50), e -> e != first && isCompletionOf(e, requestId),
                "a second completion of " + requestId);
        return kv(first);
    }

    /**
     * Fails as soon as an event matching {@code unwanted} is captured, or returns once {@code window} has
     * passed without one. An absence can only be shown by waiting, so the window bounds the wait; it wakes
     * on every captured event, so an unwanted one fails the check the moment it is logged.
     */
    public void assertNoneWithin(Duration window, Predicate<ILoggingEvent> unwanted, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            for (ILoggingEvent e : events) {
                if (unwanted.test(e)) {
                    throw new AssertionError(what + ": " + everything(e));
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            synchronized (arrivals) {
                arrivals.wait(Math.max(1, Math.min(50, left / 1_000_000))); // woken by the next event
            }
        }
    }

    /** Whether {@code e} is the {@code request completed} event of {@code requestId}. */
    public static boolean isCompletionOf(ILoggingEvent e, String requestId) {
        return e.getLoggerName().equals("faultline.http") && "request completed".equals(e.getMessage())
                && requestId.equals(String.valueOf(kv(e).get("request_id")));
    }

    /** The event's key-value pairs, in order. */
    public static Map<String, Object> kv(ILoggingEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<KeyValuePair> pairs = e.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair p : pairs) {
                out.put(p.key, p.value);
            }
        }
        return out;
    }

    /** The event as the JSON line Logback's {@link JsonEncoder} writes for it. */
    public String json(ILoggingEvent e) {
        return new String(json.encode(e), StandardCharsets.UTF_8);
    }

    /** Everything of an event that could reach a log line: message, key-values, MDC, throwable text. */
    public static String everything(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getFormattedMessage()).append(' ');
        kv(e).forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
        e.getMDCPropertyMap().forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(t.getClassName()).append(": ").append(t.getMessage()).append(' ');
        }
        return b.toString();
    }

    private static String describe(List<ILoggingEvent> list) {
        StringBuilder b = new StringBuilder();
        for (ILoggingEvent e : list) {
            b.append("\n  ").append(e.getLoggerName()).append(' ').append(e.getLevel()).append(' ')
                    .append(e.getFormattedMessage()).append(' ').append(kv(e));
        }
        return b.toString();
    }

    /** The first event of a logger with this request id, if any. */
    public Optional<ILoggingEvent> first(String logger, String requestId) {
        return events(logger, requestId).stream().findFirst();
    }

    @Override
    public String toString() {
        return "LogCapture[" + events.size() + " events]";
    }
}
