package dev.faultline.error;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The caller sent too many requests (429); carries when to retry. Classified as {@link ErrorType#RATE_LIMITED}. */
public class RateLimitedException extends FaultlineException {

    private static final long serialVersionUID = 1L;

    /**
     * @param publicDetail a sentence safe to show clients; {@code null} uses the generic one
     * @param retryAfter how long the caller should wait, sent as {@code Retry-After}
     */
    public RateLimitedException(@Nullable String publicDetail, Duration retryAfter) {
        super(ErrorType.RATE_LIMITED, publicDetail);
        withRetryAfter(retryAfter);
    }
}
