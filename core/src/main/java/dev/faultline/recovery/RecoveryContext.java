package dev.faultline.recovery;

import dev.faultline.error.Classification;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link RecoveryStrategy} knows of the failure it may recover from.
 *
 * @param classification how the failure was classified
 * @param error the throwable, or {@code null} for a bare error status
 * @param requestId the request id
 * @param method the HTTP method
 * @param path the raw request path
 * @param query the raw query, or {@code null}
 */
public record RecoveryContext(Classification classification, @Nullable Throwable error, String requestId,
        String method, String path, @Nullable String query) {
}
