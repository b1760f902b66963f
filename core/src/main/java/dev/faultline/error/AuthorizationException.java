package dev.faultline.error;

import org.jspecify.annotations.Nullable;

/** The caller is authenticated but not allowed (403). Classified as {@link ErrorType#AUTHORIZATION}. */
public class AuthorizationException extends FaultlineException {

    private static final long serialVersionUID = 1L;

    /** @param publicDetail a sentence safe to show clients; {@code null} uses the generic one */
    public AuthorizationException(@Nullable String publicDetail) {
        super(ErrorType.AUTHORIZATION, publicDetail);
    }

    /**
     * @param publicDetail a sentence safe to show clients; {@code null} uses the generic one
     * @param internalMessage what only the logs see; may be {@code null}
     * @param cause the underlying failure; may be {@code null}
     */
    public AuthorizationException(@Nullable String publicDetail, @Nullable String internalMessage, @Nullable Throwable cause) {
        super(ErrorType.AUTHORIZATION, publicDetail, internalMessage, cause);
    }
}
