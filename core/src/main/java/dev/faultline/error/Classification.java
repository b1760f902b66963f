package dev.faultline.error;

import java.util.Objects;

/**
 * The result of classifying a failure: its {@link ErrorType}, {@link ErrorSeverity} and the HTTP
 * status the client receives. Immutable and thread-safe.
 *
 * @param type the error type
 * @param severity how much it matters
 * @param status the HTTP status sent to the client (400..599)
 */
public record Classification(ErrorType type, ErrorSeverity severity, int status) {

    private static final Classification[] DEFAULTS;

    static {
        ErrorType[] types = ErrorType.values();
        DEFAULTS = new Classification[types.length];
        for (ErrorType t : types) {
            DEFAULTS[t.ordinal()] = new Classification(t, t.severity(), t.status());
        }
    }

    public Classification {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP error status (400..599): " + status);
        }
    }

    /** The type's default classification (its own severity and status); a shared instance. */
    public static Classification of(ErrorType type) {
        return DEFAULTS[Objects.requireNonNull(type, "type").ordinal()];
    }

    /** This classification with another severity. */
    public Classification withSeverity(ErrorSeverity severity) {
        return new Classification(type, severity, status);
    }

    /** This classification with another HTTP status. */
    public Classification withStatus(int status) {
        return new Classification(type, severity, status);
    }

    /** Whether a client may retry: the type's {@link ErrorType#retryable()}. */
    public boolean retryable() {
        return type.retryable();
    }
}
