package dev.faultline;

import dev.faultline.error.Classification;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import dev.faultline.http.RequestView;
import dev.faultline.http.ResponseView;
import dev.faultline.internal.JsonMap;
import dev.faultline.internal.LogEvent;
import dev.faultline.internal.LogLines;
import dev.faultline.internal.LogText;
import dev.faultline.http.BodyCapture;
import dev.faultline.logging.LogFields;
import dev.faultline.logging.LoggingConfig;
import dev.faultline.logging.Redactor;
import dev.faultline.recovery.RecoveryOutcome;
import java.time.Clock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/**
 * Builds and emits the exchange's log events ({@link LogFields} lists every field): {@code request
 * received} and {@code request completed} on {@code faultline.http}, {@code request failed} on
 * {@code faultline.error}. Everything that can carry a secret goes through the {@link Redactor}.
 * Thread-safe.
 */
final class ExchangeEvents {

    static final Logger HTTP = LoggerFactory.getLogger(LogFields.LOGGER_HTTP);
    static final Logger ERROR = LoggerFactory.getLogger(LogFields.LOGGER_ERROR);
    static final Logger PERFORMANCE = LoggerFactory.getLogger(LogFields.LOGGER_PERFORMANCE);

    private static final KeyValuePair[] STATUS_PAIRS = new KeyValuePair[1000];
    private static final KeyValuePair GET = new KeyValuePair(LogFields.METHOD, "GET");
    private static final KeyValuePair POST = new KeyValuePair(LogFields.METHOD, "POST");
    private static final KeyValuePair PUT = new KeyValuePair(LogFields.METHOD, "PUT");
    private static final KeyValuePair DELETE = new KeyValuePair(LogFields.METHOD, "DELETE");
    private static final KeyValuePair PATCH = new KeyValuePair(LogFields.METHOD, "PATCH");
    private static final KeyValuePair HEAD = new KeyValuePair(LogFields.METHOD, "HEAD");
    private static final KeyValuePair OPTIONS = new KeyValuePair(LogFields.METHOD, "OPTIONS");
    private static final KeyValuePair NO_BYTES_IN = new KeyValuePair(LogFields.BYTES_IN, 0L);
    private static final KeyValuePair[] ERROR_TYPES = pairs(LogFields.ERROR_TYPE, ErrorType.values(), ErrorType::label);
    private static final KeyValuePair[] SEVERITIES = pairs(LogFields.SEVERITY, ErrorSeverity.values(), ErrorSeverity::label);
    private static final KeyValuePair[] RECOVERIES = pairs(LogFields.RECOVERY, RecoveryOutcome.values(), RecoveryOutcome::label);

    private final LoggingConfig config;
    private final Redactor redactor;
    private final long slowThresholdMs;
    private final Clock clock;
    private final TraceThrottle traces;

    ExchangeEvents(LoggingConfig config, long slowThresholdMs, Clock clock) {
        this.config = config;
        this.redactor = config.redactor();
        this.slowThresholdMs = slowThresholdMs;
        this.clock = clock;
        this.traces = new TraceThrottle(config.stackTraceInterval().toMillis());
    }

    LoggingConfig config() {
        return config;
    }

    void received(DefaultExchange x, RequestView request) {
        if (!HTTP.isDebugEnabled() || !config.logs(request.path())) {
            return;
        }
        String query = request.query();
        LogEvent e = new LogEvent(HTTP, Level.DEBUG, "request received", query == null ? 5 : 6)
                .add(LogFields.REQUEST_ID, x.requestId())
                .add(method(request.method()))
                .add(LogFields.PATH, LogText.clean(redactor.path(request.path())));
        if (query != null) {
            e.add(LogFields.QUERY, LogText.clean(redactor.query(query)));
        }
        e.add(LogFields.IP_ADDRESS, x.clientIp())
                .add(LogFields.USER_AGENT, LogText.clean(request.header("User-Agent")));
        LogLines.log(e, true, false);
    }

    /**
     * The {@code request failed} line. At ERROR it carries the stack trace the first time its
     * {@code fingerprint} is seen and then at most once per {@link LoggingConfig#stackTraceInterval()};
     * the lines in between say how many failures of the pattern there have been since that trace and
     * which request's line has it ({@link TraceThrottle}). A client that went away is logged once, by its
     * completion at INFO: its failure only at DEBUG.
     */
    void error(DefaultExchange x, RequestView request, Throwable failure, Classification c, RecoveryOutcome recovery,
            String fingerprint) {
        Level level = c.status() >= 500 ? Level.ERROR : c.type() == ErrorType.CLIENT_CLOSED ? Level.DEBUG : Level.INFO;
        if (!ERROR.isEnabledForLevel(level)) {
            return;
        }
        String user = x.user();
        int fields = 9 + (user != null ? 1 : 0) + (recovery != RecoveryOutcome.NONE ? 1 : 0)
                + (level == Level.ERROR ? 2 : 0);
        LogEvent e = new LogEvent(ERROR, level, "request failed", fields)
                .add(LogFields.REQUEST_ID, x.requestId())
                .add(ERROR_TYPES[c.type().ordinal()])
                .add(SEVERITIES[c.severity().ordinal()])
                .add(status(c.status()))
                .add(method(request.method()))
                .add(LogFields.PATH, LogText.clean(redactor.path(request.path())))
                .add(LogFields.ENDPOINT, x.endpoint(c.status()));
        if (user != null) {
            e.add(LogFields.USER_ID, user);
        }
        e.add(LogFields.EXCEPTION, failure.getClass().getName())
                .add(LogFields.FINGERPRINT, fingerprint);
        if (recovery != RecoveryOutcome.NONE) {
            e.add(RECOVERIES[recovery.ordinal()]);
        }
        if (level == Level.ERROR) {
            TraceThrottle.Decision d = traces.decide(fingerprint, x.requestId(), clock.millis());
            if (d.fullTrace()) {
                e.cause(dev.faultline.logging.RedactedThrowable.of(failure, redactor));
            } else {
                e.add(LogFields.OCCURRENCES_SINCE_TRACE, d.sinceTrace())
                        .add(LogFields.TRACE_REQUEST_ID, d.traceRequestId());
            }
        }
        LogLines.log(e, true, user != null);
    }

    /**
     * The {@code request completed} line (and the {@code slow request} warning): its fields in one
     * {@link LogEvent} sized for them, the status, method, error type and recovery as pairs built once
     * and shared, the other numbers boxed once each.
     *
     * @param status the status as recorded: the response's, or 499 for a client that went away (nothing
     *     reached it, whatever the server had set)
     */
    void completed(DefaultExchange x, RequestView request, ResponseView response, int status, long durationNanos,
            @Nullable Classification failure, boolean slow) {
        if (slow && PERFORMANCE.isWarnEnabled()) {
            LogEvent slowLine = new LogEvent(PERFORMANCE, Level.WARN, "slow request", 7)
                    .add(LogFields.REQUEST_ID, x.requestId())
                    .add(method(request.method()))
                    .add(LogFields.PATH, LogText.clean(redactor.path(request.path())))
                    .add(LogFields.ENDPOINT, x.endpoint(status))
                    .add(status(status))
                    .add(LogFields.DURATION_MS, milliseconds(durationNanos))
                    .add(LogFields.THRESHOLD_MS, slowThresholdMs);
            LogLines.log(slowLine, true, false);
        }
        Level level = failure != null && failure.type() == ErrorType.CLIENT_CLOSED
                ? (config.levelFor(200).toInt() < Level.INFO.toInt() ? config.levelFor(200) : Level.INFO)
                : config.levelFor(status);
        if (!HTTP.isEnabledForLevel(level) || !config.logs(request.path())) {
            return;
        }
        String query = request.query();
        String user = x.user();
        boolean recovered = failure != null && x.recoveryOutcome() != RecoveryOutcome.NONE;
        boolean bodies = status >= config.bodyMinStatus();
        int fields = 10 + (query != null ? 1 : 0) + (user != null ? 1 : 0) + (failure != null ? 1 : 0)
                + (recovered ? 1 : 0) + (config.logHeaders() ? 2 : 0)
                + (bodies && config.logRequestBody() ? 2 : 0) + (bodies && config.logResponseBody() ? 2 : 0);
        LogEvent e = new LogEvent(HTTP, level, "request completed", fields)
                .add(LogFields.REQUEST_ID, x.requestId())
                .add(method(request.method()))
                .add(LogFields.PATH, LogText.clean(redactor.path(request.path())));
        if (query != null) {
            e.add(LogFields.QUERY, LogText.clean(redactor.query(query)));
        }
        BodyCapture in = x.capturedRequest();
        BodyCapture out = x.capturedResponse();
        long bytesIn = in != null && in.totalBytes() > 0 ? in.totalBytes() : Math.max(request.contentLength(), 0);
        e.add(LogFields.ENDPOINT, x.endpoint(status))
                .add(status(status))
                .add(LogFields.DURATION_MS, milliseconds(durationNanos))
                .add(bytesIn == 0 ? NO_BYTES_IN : new KeyValuePair(LogFields.BYTES_IN, bytesIn))
                .add(LogFields.BYTES_OUT, response.bytesWritten())
                .add(LogFields.IP_ADDRESS, x.clientIp())
                .add(LogFields.USER_AGENT, LogText.clean(request.header("User-Agent")));
        if (user != null) {
            e.add(LogFields.USER_ID, user);
        }
        if (failure != null) {
            e.add(ERROR_TYPES[failure.type().ordinal()]);
            if (recovered) {
                e.add(RECOVERIES[x.recoveryOutcome().ordinal()]);
            }
        }
        if (config.logHeaders()) {
            JsonMap requestHeaders = new JsonMap();
            request.forEachHeader((name, value) -> put(requestHeaders, LogText.clean(name),
                    LogText.clean(redactor.header(name, value))));
            JsonMap responseHeaders = new JsonMap();
            response.forEachHeader((name, value) -> put(responseHeaders, LogText.clean(name),
                    LogText.clean(redactor.header(name, value))));
            e.add(LogFields.REQUEST_HEADERS, requestHeaders)
                    .add(LogFields.RESPONSE_HEADERS, responseHeaders);
        }
        if (bodies) {
            if (config.logRequestBody()) {
                body(e, in, LogFields.REQUEST_BODY, LogFields.REQUEST_BODY_TRUNCATED);
            }
            if (config.logResponseBody()) {
                body(e, out, LogFields.RESPONSE_BODY, LogFields.RESPONSE_BODY_TRUNCATED);
            }
        }
        LogLines.log(e, true, user != null);
    }

    /** Milliseconds to the microsecond, as the lines have always carried them. */
    private static double milliseconds(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    /** The {@code status} pair, built once per status seen (0 to 999; any other is built each time). */
    static KeyValuePair status(int status) {
        if (status < 0 || status >= STATUS_PAIRS.length) {
            return new KeyValuePair(LogFields.STATUS, status);
        }
        KeyValuePair p = STATUS_PAIRS[status];
        if (p == null) {
            // a racing thread may build the same pair: either is right, and a KeyValuePair's fields are
            // final, so one published through this plain array is seen whole
            p = new KeyValuePair(LogFields.STATUS, status);
            STATUS_PAIRS[status] = p;
        }
        return p;
    }

    /** The {@code method} pair: shared for the standard methods, else built (and cleaned) each time. */
    static KeyValuePair method(@Nullable String method) {
        if (method == null) {
            return new KeyValuePair(LogFields.METHOD, null);
        }
        return switch (method) {
            case "GET" -> GET;
            case "POST" -> POST;
            case "PUT" -> PUT;
            case "DELETE" -> DELETE;
            case "PATCH" -> PATCH;
            case "HEAD" -> HEAD;
            case "OPTIONS" -> OPTIONS;
            default -> new KeyValuePair(LogFields.METHOD, LogText.clean(method));
        };
    }

    private void body(LogEvent e, @Nullable BodyCapture capture, String field, String truncatedField) {
        if (capture == null) {
            return;
        }
        int limit = config.maxBodyBytes();
        String text = capture.text(limit);
        if (text == null) {
            return;
        }
        String logged = LogText.clean(capture.kind() == BodyCapture.Kind.TEXT
                ? redactor.body(capture.contentType(), text, capture.truncated(limit)) : text);
        e.add(field, logged);
        if (capture.truncated(limit)) {
            e.add(truncatedField, true);
        }
    }

    /** One shared pair per constant of an enum, indexed by ordinal. */
    private static <E extends Enum<E>> KeyValuePair[] pairs(String key, E[] values, Function<E, String> label) {
        KeyValuePair[] pairs = new KeyValuePair[values.length];
        for (E v : values) {
            pairs[v.ordinal()] = new KeyValuePair(key, label.apply(v));
        }
        return pairs;
    }

    private static void put(JsonMap headers, String name, String value) {
        Object old = headers.putIfAbsent(name, value);
        if (old != null) {
            headers.put(name, old + ", " + value);
        }
    }
}
