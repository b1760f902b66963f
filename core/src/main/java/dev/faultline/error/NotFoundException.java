package dev.faultline.error;

import org.jspecify.annotations.Nullable;

/** The addressed resource does not exist (404). Classified as {@link ErrorType#NOT_FOUND}. */
public class NotFoundException extends FaultlineException {

    private static final long serialVersionUID = 1L;

    /** @param publicDetail a sentence safe to show clients; {@code null} uses the generic one */
    public NotFoundException(@Nullable String publicDetail) {
        super(ErrorType.NOT_FOUND, publicDetail);
    }

    /**
     * @param publicDetail a sentence safe to show clients; {@code null} uses the generic one
     * @param internalMessage what only the logs see; may be {@code null}
     * @param cause the underlying failure; may be {@code null}
     */
    public NotFoundException(@Nullable String publicDetail, @Nullable String internalMessage, @Nullable Throwable cause) {
        super(ErrorType.NOT_FOUND, publicDetail, internalMessage, cause);
    }
}
