package dev.faultline;

import dev.faultline.error.Classification;
import dev.faultline.http.RequestView;
import dev.faultline.http.ResponseView;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Emits the exchange's log events through SLF4J 2 key-value pairs: {@code request completed} on
 * {@code faultline.http} and the error on {@code faultline.error}. Thread-safe.
 */
final class ExchangeEvents {

    static final Logger HTTP = LoggerFactory.getLogger("faultline.http");
    static final Logger ERROR = LoggerFactory.getLogger("faultline.error");

    void error(DefaultExchange x, RequestView request, Throwable failure, Classification c) {
        Level level = c.status() >= 500 ? Level.ERROR : Level.INFO;
        if (!ERROR.isEnabledForLevel(level)) {
            return;
        }
        LoggingEventBuilder e = ERROR.atLevel(level)
                .addKeyValue("request_id", x.requestId())
                .addKeyValue("error_type", c.type().label())
                .addKeyValue("severity", c.severity().label())
                .addKeyValue("status", c.status())
                .addKeyValue("method", request.method())
                .addKeyValue("path", request.path());
        if (level == Level.ERROR) {
            e = e.setCause(failure);
        } else {
            e = e.addKeyValue("exception", failure.getClass().getName());
        }
        e.log("request failed");
    }

    void completed(DefaultExchange x, RequestView request, ResponseView response, long durationNanos,
            @Nullable Classification failure) {
        int status = response.status();
        Level level = status >= 500 ? Level.ERROR : status >= 400 ? Level.WARN : Level.INFO;
        if (!HTTP.isEnabledForLevel(level)) {
            return;
        }
        String route = request.routeTemplate();
        LoggingEventBuilder e = HTTP.atLevel(level)
                .addKeyValue("request_id", x.requestId())
                .addKeyValue("method", request.method())
                .addKeyValue("path", request.path())
                .addKeyValue("endpoint", route != null ? route : request.path())
                .addKeyValue("status", status)
                .addKeyValue("duration_ms", durationNanos / 1_000_000.0)
                .addKeyValue("bytes_out", response.bytesWritten())
                .addKeyValue("ip_address", request.remoteAddress());
        String user = x.user();
        if (user != null) {
            e = e.addKeyValue("user_id", user);
        }
        if (failure != null) {
            e = e.addKeyValue("error_type", failure.type().label());
        }
        e.log("request completed");
    }
}
