package dev.faultline.error;

import org.jspecify.annotations.Nullable;

/** An operation the request depends on took too long (504). Classified as {@link ErrorType#TIMEOUT}. */
public class ServiceTimeoutException extends FaultlineException {

    private static final long serialVersionUID = 1L;

    /** @param publicDetail a sentence safe to show clients; {@code null} uses the generic one */
    public ServiceTimeoutException(@Nullable String publicDetail) {
        super(ErrorType.TIMEOUT, publicDetail);
    }

    /**
     * @param publicDetail a sentence safe to show clients; {@code null} uses the generic one
     * @param internalMessage what only the logs see; may be {@code null}
     * @param cause the underlying failure; may be {@code null}
     */
    public ServiceTimeoutException(@Nullable String publicDetail, @Nullable String internalMessage, @Nullable Throwable cause) {
        super(ErrorType.TIMEOUT, publicDetail, internalMessage, cause);
    }
}
