package dev.faultline.error;

import org.jspecify.annotations.Nullable;

/** The request conflicts with the resource's current state (409). Classified as {@link ErrorType#CONFLICT}. */
public class ConflictException extends FaultlineException {

    private static final long serialVersionUID = 1L;

    /** @param publicDetail a sentence safe to show clients; {@code null} uses the generic one */
    public ConflictException(@Nullable String publicDetail) {
        super(ErrorType.CONFLICT, publicDetail);
    }

    /**
     * @param publicDetail a sentence safe to show clients; {@code null} uses the generic one
     * @param internalMessage what only the logs see; may be {@code null}
     * @param cause the underlying failure; may be {@code null}
     */
    public ConflictException(@Nullable String publicDetail, @Nullable String internalMessage, @Nullable Throwable cause) {
        super(ErrorType.CONFLICT, publicDetail, internalMessage, cause);
    }
}
