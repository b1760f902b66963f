package dev.faultline.error;

import org.jspecify.annotations.Nullable;

/** A database operation failed (503). Classified as {@link ErrorType#DATABASE}. */
public class DatabaseException extends FaultlineException {

    private static final long serialVersionUID = 1L;

    /** @param publicDetail a sentence safe to show clients; {@code null} uses the generic one */
    public DatabaseException(@Nullable String publicDetail) {
        super(ErrorType.DATABASE, publicDetail);
    }

    /**
     * @param publicDetail a sentence safe to show clients; {@code null} uses the generic one
     * @param internalMessage what only the logs see; may be {@code null}
     * @param cause the underlying failure; may be {@code null}
     */
    public DatabaseException(@Nullable String publicDetail, @Nullable String internalMessage, @Nullable Throwable cause) {
        super(ErrorType.DATABASE, publicDetail, internalMessage, cause);
    }
}
