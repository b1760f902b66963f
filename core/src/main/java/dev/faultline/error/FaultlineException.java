package dev.faultline.error;

import dev.faultline.internal.Preconditions;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The root of the exceptions applications throw to say exactly what went wrong. It carries an
 * {@link ErrorType}, a <em>public</em> detail that is safe to show any client, an optional
 * <em>internal</em> message that only reaches logs, and optional problem extension members.
 *
 * <p>{@link #getMessage()} returns the internal message when there is one, else the public detail, so
 * that logs and stack traces keep the full story; problem bodies only ever show {@link #publicDetail()}.
 *
 * <p>Instances are not thread-safe while being built with {@link #withExtension}; once thrown they
 * are read only.
 */
public class FaultlineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Problem members an extension may not replace. */
    static final Set<String> RESERVED_MEMBERS = Set.of("type", "title", "status", "detail", "instance",
            "request_id", "error_type", "timestamp", "errors", "retry_after", "exception", "message", "stack");

    private final ErrorType type;
    private final String publicDetail;
    private final @Nullable String internalMessage;
    private @Nullable ErrorSeverity severity;
    private @Nullable Duration retryAfter;
    private int status;
    private @Nullable Map<String, Object> extensions;

    /**
     * @param type the error type
     * @param publicDetail a sentence safe to show clients; {@code null} uses the type's generic sentence
     */
    public FaultlineException(ErrorType type, @Nullable String publicDetail) {
        this(type, publicDetail, null, null);
    }

    /**
     * @param type the error type
     * @param publicDetail a sentence safe to show clients; {@code null} uses the type's generic sentence
     * @param internalMessage what only the logs should see (ids, SQL, host names); may be {@code null}
     * @param cause the underlying failure; may be {@code null}
     */
    public FaultlineException(ErrorType type, @Nullable String publicDetail, @Nullable String internalMessage,
            @Nullable Throwable cause) {
        super(internalMessage != null ? internalMessage : detailOrGeneric(type, publicDetail), cause);
        this.type = Objects.requireNonNull(type, "type");
        this.publicDetail = detailOrGeneric(type, publicDetail);
        this.internalMessage = internalMessage;
    }

    private static String detailOrGeneric(ErrorType type, @Nullable String detail) {
        return detail != null ? detail : Objects.requireNonNull(type, "type").genericDetail();
    }

    /** The error type. */
    public ErrorType type() {
        return type;
    }

    /** The detail shown to clients. */
    public String publicDetail() {
        return publicDetail;
    }

    /** The message meant for logs only. */
    public Optional<String> internalMessage() {
        return Optional.ofNullable(internalMessage);
    }

    /** The severity: the one set with {@link #withSeverity}, else the type's default. */
    public ErrorSeverity severity() {
        return severity != null ? severity : type.severity();
    }

    /**
     * The HTTP status sent to the client: the one set with {@link #withStatus}, else the type's
     * default (subclasses may say otherwise).
     */
    public int status() {
        return status != 0 ? status : type.status();
    }

    /**
     * Sends another error status than the type's default (405 or 410 for a {@code VALIDATION} or
     * {@code NOT_FOUND} failure, say). Returns this exception.
     *
     * @throws IllegalArgumentException if not in 400..599
     */
    public FaultlineException withStatus(int status) {
        if (status < 400 || status > 599) {
            throw Preconditions.invalid("status", "must be an HTTP error status (400..599): " + status);
        }
        this.status = status;
        return this;
    }

    /** How long a client should wait before retrying, when known. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Problem extension members, in insertion order; never {@code null}. */
    public Map<String, Object> extensions() {
        return extensions == null ? Map.of() : Collections.unmodifiableMap(extensions);
    }

    /** The classification this exception asks for. */
    public Classification classification() {
        Classification base = Classification.of(type);
        if (status() == base.status() && severity() == base.severity()) {
            return base;
        }
        return new Classification(type, severity(), status());
    }

    /** Overrides the type's default severity. Returns this exception. */
    public FaultlineException withSeverity(ErrorSeverity severity) {
        this.severity = Objects.requireNonNull(severity, "severity");
        return this;
    }

    /**
     * Sets how long a client should wait before retrying ({@code Retry-After} and {@code retry_after}).
     *
     * @throws IllegalArgumentException if negative
     */
    public FaultlineException withRetryAfter(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw Preconditions.invalid("retryAfter", "must not be negative: " + retryAfter);
        }
        this.retryAfter = retryAfter;
        return this;
    }

    /**
     * Adds a problem extension member shown to clients. Values should be strings, numbers, booleans,
     * lists or maps of those.
     *
     * @throws IllegalArgumentException if {@code name} is empty or one of the standard members
     */
    public FaultlineException withExtension(String name, Object value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || RESERVED_MEMBERS.contains(name)) {
            throw Preconditions.invalid("extension name", "is empty or reserved: '" + name + "'");
        }
        if (extensions == null) {
            extensions = new LinkedHashMap<>(4);
        }
        extensions.put(name, value);
        return this;
    }
}
