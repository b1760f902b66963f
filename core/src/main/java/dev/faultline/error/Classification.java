package dev.faultline.error;

import dev.faultline.internal.Preconditions;
import java.util.Objects;

/**
 * The result of classifying a failure: its {@link ErrorType}, {@link ErrorSeverity}, the HTTP status the
 * client receives and whether the client may retry. Immutable and thread-safe.
 *
 * <p>Retryability follows the failure's meaning, not only its type: a serialization failure or a deadlock
 * is a {@link ErrorType#CONFLICT} that may be retried, a downstream's 404 is an
 * {@link ErrorType#EXTERNAL_SERVICE} failure that may not. The three-argument constructor and
 * {@link #of(ErrorType)} take the type's own {@link ErrorType#retryable()}.
 *
 * @param type the error type
 * @param severity how much it matters
 * @param status the HTTP status sent to the client (400..599)
 * @param retryable whether a client may retry the same request later
 */
public record Classification(ErrorType type, ErrorSeverity severity, int status, boolean retryable) {

    private static final Classification[] DEFAULTS;

    static {
        ErrorType[] types = ErrorType.values();
        DEFAULTS = new Classification[types.length];
        for (ErrorType t : types) {
            DEFAULTS[t.ordinal()] = new Classification(t, t.severity(), t.status(), t.retryable());
        }
    }

    public Classification {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        if (status < 400 || status > 599) {
            throw Preconditions.invalid("status", "must be an HTTP error status (400..599): " + status);
        }
    }

    /**
     * A classification whose retryability is the type's {@link ErrorType#retryable()}.
     *
     * @param type the error type
     * @param severity how much it matters
     * @param status the HTTP status sent to the client (400..599)
     */
    public Classification(ErrorType type, ErrorSeverity severity, int status) {
        this(type, severity, status, Objects.requireNonNull(type, "type").retryable());
    }

    /** The type's default classification (its own severity, status and retryability); a shared instance. */
    public static Classification of(ErrorType type) {
        return DEFAULTS[Objects.requireNonNull(type, "type").ordinal()];
    }

    /** This classification with another severity. */
    public Classification withSeverity(ErrorSeverity severity) {
        return new Classification(type, severity, status, retryable);
    }

    /** This classification with another HTTP status. */
    public Classification withStatus(int status) {
        return new Classification(type, severity, status, retryable);
    }

    /** This classification with another retryability. */
    public Classification withRetryable(boolean retryable) {
        return new Classification(type, severity, status, retryable);
    }
}
