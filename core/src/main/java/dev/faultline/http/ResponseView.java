package dev.faultline.http;

import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * What an adapter shows the core of a finished response. Read once, when the exchange closes.
 */
public interface ResponseView {

    /** The status sent to the client. */
    int status();

    /** The first value of a response header, or {@code null}. */
    @Nullable String header(String name);

    /** The body bytes written, or -1 when unknown. */
    long bytesWritten();

    /** Calls {@code action} for every response header value; by default none are known. */
    default void forEachHeader(BiConsumer<String, String> action) {
    }

    /** A response view of a bare status, for adapters and tests that know nothing more. */
    static ResponseView of(int status, long bytesWritten) {
        return new ResponseView() {
            @Override
            public int status() {
                return status;
            }

            @Override
            public @Nullable String header(String name) {
                return null;
            }

            @Override
            public long bytesWritten() {
                return bytesWritten;
            }
        };
    }
}
