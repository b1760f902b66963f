package dev.faultline.error;

import dev.faultline.internal.Preconditions;
import java.util.Locale;

/**
 * The taxonomy every failure is classified into. Each type has a default HTTP status, a default
 * {@link ErrorSeverity}, whether a client may retry, a slug for the problem {@code type} URI and a
 * generic public sentence used as the problem {@code detail} when nothing safer is known.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>type</th><th>status</th><th>severity</th><th>retryable</th></tr>
 *   <tr><td>VALIDATION</td><td>400 (422 for semantic validation)</td><td>LOW</td><td>no</td></tr>
 *   <tr><td>AUTHENTICATION</td><td>401</td><td>MEDIUM</td><td>no</td></tr>
 *   <tr><td>AUTHORIZATION</td><td>403</td><td>MEDIUM</td><td>no</td></tr>
 *   <tr><td>NOT_FOUND</td><td>404</td><td>LOW</td><td>no</td></tr>
 *   <tr><td>CONFLICT</td><td>409</td><td>LOW</td><td>no</td></tr>
 *   <tr><td>PAYLOAD_TOO_LARGE</td><td>413</td><td>LOW</td><td>no</td></tr>
 *   <tr><td>RATE_LIMITED</td><td>429</td><td>MEDIUM</td><td>yes</td></tr>
 *   <tr><td>TIMEOUT</td><td>504</td><td>HIGH</td><td>yes</td></tr>
 *   <tr><td>DATABASE</td><td>503</td><td>CRITICAL</td><td>yes</td></tr>
 *   <tr><td>EXTERNAL_SERVICE</td><td>502</td><td>HIGH</td><td>yes</td></tr>
 *   <tr><td>NETWORK</td><td>503</td><td>HIGH</td><td>yes</td></tr>
 *   <tr><td>RESOURCE_EXHAUSTED</td><td>503</td><td>CRITICAL</td><td>yes</td></tr>
 *   <tr><td>INTERNAL</td><td>500</td><td>HIGH</td><td>no</td></tr>
 *   <tr><td>CLIENT_CLOSED</td><td>499</td><td>LOW</td><td>no</td></tr>
 * </table>
 *
 * <p>{@link #CLIENT_CLOSED} is the outcome of a client that went away or stopped sending before its
 * response (nginx's 499): a fault of the client's connection, not of the service. Nothing is sent for it
 * (the connection is gone); it is logged at INFO, counted as a client error and never alerted on.
 * {@link #isClientFault()} tells it and the 4xx types from the server's own failures.
 */
public enum ErrorType {
    VALIDATION(400, ErrorSeverity.LOW, false, "The request is not valid."),
    AUTHENTICATION(401, ErrorSeverity.MEDIUM, false, "Authentication is required to access this resource."),
    AUTHORIZATION(403, ErrorSeverity.MEDIUM, false, "You are not allowed to perform this action."),
    NOT_FOUND(404, ErrorSeverity.LOW, false, "The requested resource was not found."),
    CONFLICT(409, ErrorSeverity.LOW, false, "The request conflicts with the current state of the resource."),
    PAYLOAD_TOO_LARGE(413, ErrorSeverity.LOW, false, "The request body is too large."),
    RATE_LIMITED(429, ErrorSeverity.MEDIUM, true, "Too many requests; slow down and retry later."),
    TIMEOUT(504, ErrorSeverity.HIGH, true, "The operation timed out; retry later."),
    DATABASE(503, ErrorSeverity.CRITICAL, true, "A storage backend is unavailable; retry later."),
    EXTERNAL_SERVICE(502, ErrorSeverity.HIGH, true, "An upstream service failed; retry later."),
    NETWORK(503, ErrorSeverity.HIGH, true, "A network failure prevented the request from completing; retry later."),
    RESOURCE_EXHAUSTED(503, ErrorSeverity.CRITICAL, true, "The service is overloaded; retry later."),
    INTERNAL(500, ErrorSeverity.HIGH, false, "An unexpected error occurred."),
    CLIENT_CLOSED(499, ErrorSeverity.LOW, false, "The client closed the connection before the response was sent.");

    private final int status;
    private final ErrorSeverity severity;
    private final boolean retryable;
    private final String genericDetail;
    private final String slug;
    private final String label;

    ErrorType(int status, ErrorSeverity severity, boolean retryable, String genericDetail) {
        this.status = status;
        this.severity = severity;
        this.retryable = retryable;
        this.genericDetail = genericDetail;
        this.label = name().toLowerCase(Locale.ROOT);
        this.slug = label.replace('_', '-');
    }

    /** The default HTTP status for this type. */
    public int status() {
        return status;
    }

    /** The default severity for this type. */
    public ErrorSeverity severity() {
        return severity;
    }

    /** Whether a client may retry the same request later. */
    public boolean retryable() {
        return retryable;
    }

    /** A sentence safe to show any client, used when no public detail is known. */
    public String genericDetail() {
        return genericDetail;
    }

    /** The lower-case, hyphenated slug appended to the problem type base URI ({@code not-found}). */
    public String slug() {
        return slug;
    }

    /** The lower-case name used in logs, metrics and problem bodies ({@code not_found}). */
    public String label() {
        return label;
    }

    /**
     * Whether this type is the client's fault rather than the service's: every type with a 4xx status,
     * {@link #CLIENT_CLOSED} included. Such outcomes never count towards the default alert rules or the
     * shedding error ratio.
     */
    public boolean isClientFault() {
        return status < 500;
    }

    /** The default {@link Classification} of this type. */
    public Classification classification() {
        return Classification.of(this);
    }

    /**
     * The type a bare HTTP error status stands for, for responses the application or server produced
     * without an exception (a 404 from a router, a 405). Unknown 4xx map to {@link #VALIDATION},
     * unknown 5xx to {@link #INTERNAL}.
     *
     * @throws IllegalArgumentException if {@code status} is not in 400..599
     */
    public static ErrorType forStatus(int status) {
        if (status < 400 || status > 599) {
            throw Preconditions.invalid("status", "must be an HTTP error status (400..599): " + status);
        }
        return switch (status) {
            case 401 -> AUTHENTICATION;
            case 403 -> AUTHORIZATION;
            case 404, 410 -> NOT_FOUND;
            case 408, 504 -> TIMEOUT;
            case 409, 412 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 429 -> RATE_LIMITED;
            case 499 -> CLIENT_CLOSED;
            case 502 -> EXTERNAL_SERVICE;
            case 503 -> RESOURCE_EXHAUSTED;
            default -> status < 500 ? VALIDATION : INTERNAL;
        };
    }
}
