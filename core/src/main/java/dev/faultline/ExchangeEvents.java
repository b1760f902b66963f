package dev.faultline;

import dev.faultline.error.Classification;
import dev.faultline.error.ErrorType;
import dev.faultline.http.RequestView;
import dev.faultline.http.ResponseView;
import dev.faultline.internal.JsonMap;
import dev.faultline.internal.LogLines;
import dev.faultline.internal.LogText;
import dev.faultline.http.BodyCapture;
import dev.faultline.logging.LogFields;
import dev.faultline.logging.LoggingConfig;
import dev.faultline.logging.Redactor;
import dev.faultline.recovery.RecoveryOutcome;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

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
        LoggingEventBuilder e = HTTP.atDebug()
                .addKeyValue(LogFields.REQUEST_ID, x.requestId())
                .addKeyValue(LogFields.METHOD, LogText.clean(request.method()))
                .addKeyValue(LogFields.PATH, LogText.clean(redactor.path(request.path())));
        String query = request.query();
        if (query != null) {
            e = e.addKeyValue(LogFields.QUERY, LogText.clean(redactor.query(query)));
        }
        e.addKeyValue(LogFields.IP_ADDRESS, x.clientIp())
                .addKeyValue(LogFields.USER_AGENT, LogText.clean(request.header("User-Agent")));
        LogLines.log(e, "request received", true, false);
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
        LoggingEventBuilder e = ERROR.atLevel(level)
                .addKeyValue(LogFields.REQUEST_ID, x.requestId())
                .addKeyValue(LogFields.ERROR_TYPE, c.type().label())
                .addKeyValue(LogFields.SEVERITY, c.severity().label())
                .addKeyValue(LogFields.STATUS, c.status())
                .addKeyValue(LogFields.METHOD, LogText.clean(request.method()))
                .addKeyValue(LogFields.PATH, LogText.clean(redactor.path(request.path())))
                .addKeyValue(LogFields.ENDPOINT, x.endpoint(c.status()));
        String user = x.user();
        if (user != null) {
            e = e.addKeyValue(LogFields.USER_ID, user);
        }
        e = e.addKeyValue(LogFields.EXCEPTION, failure.getClass().getName())
                .addKeyValue(LogFields.FINGERPRINT, fingerprint);
        if (recovery != RecoveryOutcome.NONE) {
            e = e.addKeyValue(LogFields.RECOVERY, recovery.label());
        }
        if (level == Level.ERROR) {
            TraceThrottle.Decision d = traces.decide(fingerprint, x.requestId(), clock.millis());
            if (d.fullTrace()) {
                e = e.setCause(dev.faultline.logging.RedactedThrowable.of(failure, redactor));
            } else {
                e = e.addKeyValue(LogFields.OCCURRENCES_SINCE_TRACE, d.sinceTrace())
                        .addKeyValue(LogFields.TRACE_REQUEST_ID, d.traceRequestId());
            }
        }
        LogLines.log(e, "request failed", true, user != null);
    }

    /**
     * @param status the status as recorded: the response's, or 499 for a client that went away (nothing
     *     reached it, whatever the server had set)
     */
    void completed(DefaultExchange x, RequestView request, ResponseView response, int status, long durationNanos,
            @Nullable Classification failure, boolean slow) {
        if (slow && PERFORMANCE.isWarnEnabled()) {
            LoggingEventBuilder slowLine = PERFORMANCE.atWarn()
                    .addKeyValue(LogFields.REQUEST_ID, x.requestId())
                    .addKeyValue(LogFields.METHOD, LogText.clean(request.method()))
                    .addKeyValue(LogFields.PATH, LogText.clean(redactor.path(request.path())))
                    .addKeyValue(LogFields.ENDPOINT, x.endpoint(status))
                    .addKeyValue(LogFields.STATUS, status)
                    .addKeyValue(LogFields.DURATION_MS, Math.round(durationNanos / 1_000.0) / 1_000.0)
                    .addKeyValue(LogFields.THRESHOLD_MS, slowThresholdMs);
            LogLines.log(slowLine, "slow request", true, false);
        }
        Level level = failure != null && failure.type() == ErrorType.CLIENT_CLOSED
                ? (config.levelFor(200).toInt() < Level.INFO.toInt() ? config.levelFor(200) : Level.INFO)
                : config.levelFor(status);
        if (!HTTP.isEnabledForLevel(level) || !config.logs(request.path())) {
            return;
        }
        LoggingEventBuilder e = HTTP.atLevel(level)
                .addKeyValue(LogFields.REQUEST_ID, x.requestId())
                .addKeyValue(LogFields.METHOD, LogText.clean(request.method()))
                .addKeyValue(LogFields.PATH, LogText.clean(redactor.path(request.path())));
        String query = request.query();
        if (query != null) {
            e = e.addKeyValue(LogFields.QUERY, LogText.clean(redactor.query(query)));
        }
        BodyCapture in = x.capturedRequest();
        BodyCapture out = x.capturedResponse();
        long bytesIn = in != null && in.totalBytes() > 0 ? in.totalBytes() : Math.max(request.contentLength(), 0);
        e = e.addKeyValue(LogFields.ENDPOINT, x.endpoint(status))
                .addKeyValue(LogFields.STATUS, status)
                .addKeyValue(LogFields.DURATION_MS, Math.round(durationNanos / 1_000.0) / 1_000.0)
                .addKeyValue(LogFields.BYTES_IN, bytesIn)
                .addKeyValue(LogFields.BYTES_OUT, response.bytesWritten())
                .addKeyValue(LogFields.IP_ADDRESS, x.clientIp())
                .addKeyValue(LogFields.USER_AGENT, LogText.clean(request.header("User-Agent")));
        String user = x.user();
        if (user != null) {
            e = e.addKeyValue(LogFields.USER_ID, user);
        }
        if (failure != null) {
            e = e.addKeyValue(LogFields.ERROR_TYPE, failure.type().label());
            if (x.recoveryOutcome() != RecoveryOutcome.NONE) {
                e = e.addKeyValue(LogFields.RECOVERY, x.recoveryOutcome().label());
            }
        }
        if (config.logHeaders()) {
            JsonMap requestHeaders = new JsonMap();
            request.forEachHeader((name, value) -> put(requestHeaders, LogText.clean(name),
                    LogText.clean(redactor.header(name, value))));
            JsonMap responseHeaders = new JsonMap();
            response.forEachHeader((name, value) -> put(responseHeaders, LogText.clean(name),
                    LogText.clean(redactor.header(name, value))));
            e = e.addKeyValue(LogFields.REQUEST_HEADERS, requestHeaders)
                    .addKeyValue(LogFields.RESPONSE_HEADERS, responseHeaders);
        }
        if (status >= config.bodyMinStatus()) {
            if (config.logRequestBody()) {
                e = body(e, in, LogFields.REQUEST_BODY, LogFields.REQUEST_BODY_TRUNCATED);
            }
            if (config.logResponseBody()) {
                e = body(e, out, LogFields.RESPONSE_BODY, LogFields.RESPONSE_BODY_TRUNCATED);
            }
        }
        LogLines.log(e, "request completed", true, user != null);
    }

    private LoggingEventBuilder body(LoggingEventBuilder e, @Nullable BodyCapture capture, String field, String truncatedField) {
        if (capture == null) {
            return e;
        }
        int limit = config.maxBodyBytes();
        String text = capture.text(limit);
        if (text == null) {
            return e;
        }
        String logged = LogText.clean(capture.kind() == BodyCapture.Kind.TEXT
                ? redactor.body(capture.contentType(), text, capture.truncated(limit)) : text);
        e = e.addKeyValue(field, logged);
        if (capture.truncated(limit)) {
            e = e.addKeyValue(truncatedField, true);
        }
        return e;
    }

    private static void put(JsonMap headers, String name, String value) {
        Object old = headers.putIfAbsent(name, value);
        if (old != null) {
            headers.put(name, old + ", " + value);
        }
    }
}
