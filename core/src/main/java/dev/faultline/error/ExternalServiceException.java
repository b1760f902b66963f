package dev.faultline.error;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A call to another service failed (502). Classified as {@link ErrorType#EXTERNAL_SERVICE}. The
 * service name goes to logs and metrics, not to clients.
 */
public class ExternalServiceException extends FaultlineException {

    private static final long serialVersionUID = 1L;

    private final String service;

    /**
     * @param service the upstream service's name (for logs and alerts)
     * @param publicDetail a sentence safe to show clients; {@code null} uses the generic one
     * @param cause the underlying failure; may be {@code null}
     */
    public ExternalServiceException(String service, @Nullable String publicDetail, @Nullable Throwable cause) {
        super(ErrorType.EXTERNAL_SERVICE, publicDetail,
                "call to " + Objects.requireNonNull(service, "service") + " failed"
                        + (cause != null ? ": " + cause : ""), cause);
        this.service = service;
    }

    /** The upstream service's name. */
    public String service() {
        return service;
    }
}
