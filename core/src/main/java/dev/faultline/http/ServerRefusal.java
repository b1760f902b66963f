package dev.faultline.http;

import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A request the server refused before the application (or the adapter's filter) saw it: its parser
 * found the request line, a header or the framing malformed. Adapters that hook the server's own error
 * answers open an exchange for it and record the failure made here with {@link Exchange#reject}, so
 * that every adapter answers and counts such requests alike. Stateless.
 */
public final class ServerRefusal {

    private ServerRefusal() {
    }

    /**
     * The status a client gets for a request its server refused: the server's 4xx as it is; any other
     * status the server's parser chose for the client's bytes (505 for a bad version, 501 for an unknown
     * transfer coding, a 500 for a line it could not parse) becomes 400, since the fault is the
     * client's and no 5xx may be counted for it.
     *
     * @param serverStatus the status the server chose
     * @return the client-fault status to answer with
     */
    public static int clientStatus(int serverStatus) {
        return serverStatus >= 400 && serverStatus < 500 ? serverStatus : 400;
    }

    /**
     * The failure to record for a refused request: a client fault of the status's type with that
     * status, whose public detail says nothing of the request (the reason, which may quote the client's
     * bytes, is logged only).
     *
     * @param status the status to answer with, a 4xx (see {@link #clientStatus})
     * @param reason the server's reason, or {@code null}
     * @param cause the server's exception, or {@code null}
     * @return the failure
     * @throws IllegalArgumentException if {@code status} is not a {@linkplain HttpReply#isProblemStatus problem status}
     */
    public static FaultlineException failure(int status, @Nullable String reason, @Nullable Throwable cause) {
        ErrorType type = ErrorType.forStatus(status);
        FaultlineException refused = new FaultlineException(type, null,
                "refused by the server: " + (reason == null ? "malformed request" : reason), cause);
        return status == type.status() ? refused : refused.withStatus(status);
    }

    /**
     * The view of a refused request: what the server could parse of it. An empty or missing method is
     * {@code UNKNOWN}, an empty or missing path {@code /}, an empty query none.
     *
     * @param method the method the server parsed, if any
     * @param path the path without its query, if any
     * @param query the query, if any
     * @param remoteAddress the client's address, if the server knows it
     * @param headers the headers the server parsed ({@link Headers#NONE} when it parsed none)
     */
    public record RefusedRequest(String method, String path, @Nullable String query, @Nullable String remoteAddress,
            Headers headers) implements RequestView {

        /** The headers the server parsed of a refused request. */
        public interface Headers {

            /** No headers: the parser stopped before them. */
            Headers NONE = new Headers() {
                @Override
                public @Nullable String get(String name) {
                    return null;
                }

                @Override
                public void forEach(BiConsumer<String, String> action) {
                    // none parsed
                }
            };

            /**
             * The first value of a header.
             *
             * @param name the header's name, any case
             * @return its first value, or {@code null}
             */
            @Nullable String get(String name);

            /**
             * Every header value, in order.
             *
             * @param action called with each name and value
             */
            void forEach(BiConsumer<String, String> action);
        }

        /** Normalises what the server could not parse: see the record's description. */
        public RefusedRequest(@Nullable String method, @Nullable String path, @Nullable String query,
                @Nullable String remoteAddress, Headers headers) {
            this.method = method == null || method.isEmpty() ? "UNKNOWN" : method;
            this.path = path == null || path.isEmpty() ? "/" : path;
            this.query = query == null || query.isEmpty() ? null : query;
            this.remoteAddress = remoteAddress;
            this.headers = java.util.Objects.requireNonNull(headers, "headers");
        }

        @Override
        public @Nullable String header(String name) {
            return headers.get(name);
        }

        @Override
        public void forEachHeader(BiConsumer<String, String> action) {
            headers.forEach(action);
        }
    }
}
