package dev.faultline.error;

import org.jspecify.annotations.Nullable;

/** The caller is not authenticated (401). Classified as {@link ErrorType#AUTHENTICATION}. */
public class AuthenticationException extends FaultlineException {

    private static final long serialVersionUID = 1L;

    /** @param publicDetail a sentence safe to show clients; {@code null} uses the generic one */
    public AuthenticationException(@Nullable String publicDetail) {
        super(ErrorType.AUTHENTICATION, publicDetail);
    }

    /**
     * @param publicDetail a sentence safe to show clients; {@code null} uses the generic one
     * @param internalMessage what only the logs see; may be {@code null}
     * @param cause the underlying failure; may be {@code null}
     */
    public AuthenticationException(@Nullable String publicDetail, @Nullable String internalMessage, @Nullable Throwable cause) {
        super(ErrorType.AUTHENTICATION, publicDetail, internalMessage, cause);
    }
}
