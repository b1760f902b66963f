package dev.faultline.error;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One classified error, as monitoring sees it: the input of error metrics, pattern analysis and alert
 * rules. Built once per failed exchange by the core. Holds no reference to the request or the
 * throwable beyond what is listed, so it can be kept in bounded histories.
 *
 * @param timestamp when the error happened
 * @param requestId the exchange's request id (as in logs and the problem body)
 * @param type the error type
 * @param severity the severity
 * @param status the HTTP status sent
 * @param endpoint the route template, or the folded endpoint name ({@code _other}, {@code _unmatched})
 * @param method the HTTP method
 * @param userId the user, when known
 * @param clientIp the client's address, when known
 * @param fingerprint the error pattern's fingerprint (see {@code dev.faultline.analysis})
 * @param exceptionClass the outermost exception's class name
 * @param message the internal message, normalised-safe and truncated; never shown to clients
 * @param recovery the recovery outcome ({@code none} when no recovery ran)
 */
public record ErrorEvent(Instant timestamp, String requestId, ErrorType type, ErrorSeverity severity, int status,
        String endpoint, String method, @Nullable String userId, @Nullable String clientIp, String fingerprint,
        String exceptionClass, @Nullable String message, String recovery) {

    /** The longest message an event keeps. */
    public static final int MAX_MESSAGE_LENGTH = 512;

    public ErrorEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(exceptionClass, "exceptionClass");
        Objects.requireNonNull(recovery, "recovery");
        if (message != null && message.length() > MAX_MESSAGE_LENGTH) {
            message = message.substring(0, MAX_MESSAGE_LENGTH);
        }
    }
}
