package dev.faultline.logging;

import org.jspecify.annotations.Nullable;

/**
 * Which request the calling thread serves, as business and audit events record it: its request id and
 * the user it acts for. Faultline supplies one that reads the request bound to the thread; a test can
 * pass its own. Implementations must be thread-safe and cheap (asked once per event).
 */
public interface CurrentRequest {

    /** Outside any request: no request id, no user. */
    CurrentRequest NONE = new CurrentRequest() {
        @Override
        public @Nullable String requestId() {
            return null;
        }

        @Override
        public @Nullable String userId() {
            return null;
        }
    };

    /**
     * The request id of the request bound to the calling thread.
     *
     * @return the request id, or {@code null} outside a request
     */
    @Nullable String requestId();

    /**
     * The user that request acts for.
     *
     * @return the user id, or {@code null} when unknown or outside a request
     */
    @Nullable String userId();
}
