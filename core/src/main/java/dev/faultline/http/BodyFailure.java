package dev.faultline.http;

import dev.faultline.error.Classification;
import dev.faultline.error.ErrorClassifier;
import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the server's request body stream threw, kept for the request so that a failure that comes of it
 * is known as the client's whatever the application or the framework wraps it in. Adapters hand it to
 * {@link CapturingInputStream} (or {@link WatchedReader}) as the failure listener and ask it when the
 * request fails.
 *
 * <p>One per request; thread-safe (the body may be read on one thread and the failure handled on
 * another).
 */
public final class BodyFailure implements Consumer<Exception> {

    /** How deep a cause chain is searched. */
    private static final int MAX_DEPTH = 16;

    private volatile @Nullable Exception last;

    /** Records what the body stream threw (the last one wins). */
    @Override
    public void accept(Exception failure) {
        last = failure;
    }

    /**
     * What the body stream threw last.
     *
     * @return the exception, or {@code null} when it threw nothing
     */
    public @Nullable Exception last() {
        return last;
    }

    /**
     * Whether {@code failure} is, or is caused by, what the body stream threw.
     *
     * @param failure a failure of the request
     * @return whether it came out of reading the request body
     */
    public boolean caused(Throwable failure) {
        Exception body = last;
        Throwable t = failure;
        for (int depth = 0; body != null && t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t == body) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failure as the client's: a failure that came out of the body stream is either the client
     * going away (the classifier knows each server's exception for it) or a body it framed badly, which
     * some servers report with an exception the classifier has no reason to know (their parser's
     * {@code IOException}); the latter, classified as a server error, becomes a 400 ({@code validation}).
     * Any other failure is returned as it is.
     *
     * @param failure a failure of the request
     * @param classifier the classifier that would classify it
     * @return {@code failure}, or a 400 failure caused by it
     */
    public Throwable asClientFault(Throwable failure, ErrorClassifier classifier) {
        if (!caused(failure)) {
            return failure;
        }
        Classification c = classifier.classify(failure);
        if (c.status() < 500 || c.type() == ErrorType.CLIENT_CLOSED) {
            return failure;
        }
        return new FaultlineException(ErrorType.VALIDATION, "The request body could not be read.",
                "malformed request body: " + last, failure);
    }
}
