package dev.faultline.benchmarks.jmh;

import dev.faultline.http.ResponseView;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A finished response as a server holds it (status, headers, bytes sent) and the {@link ResponseView}
 * an adapter wraps around it when the exchange completes ({@code new UndertowResponseView(exchange)}).
 */
final class ServerResponse {

    int status;
    long bytesSent;
    final String[] names;
    final String[] values;

    ServerResponse(int status, long bytesSent, String... headerPairs) {
        this.status = status;
        this.bytesSent = bytesSent;
        this.names = new String[headerPairs.length / 2];
        this.values = new String[headerPairs.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = headerPairs[2 * i];
            values[i] = headerPairs[2 * i + 1];
        }
    }

    /** A 200 JSON answer of 512 bytes. */
    static ServerResponse okJson() {
        return new ServerResponse(200, 512, "Content-Type", "application/json", "Content-Length", "512");
    }

    /** A new adapter view over this response, as adapters create one when the exchange completes. */
    ResponseView view() {
        return new View(this);
    }

    private static final class View implements ResponseView {
        private final ServerResponse r;

        View(ServerResponse r) {
            this.r = r;
        }

        @Override
        public int status() {
            return r.status;
        }

        @Override
        public @Nullable String header(String name) {
            for (int i = 0; i < r.names.length; i++) {
                if (r.names[i].equalsIgnoreCase(name)) {
                    return r.values[i];
                }
            }
            return null;
        }

        @Override
        public long bytesWritten() {
            return r.bytesSent;
        }

        @Override
        public void forEachHeader(BiConsumer<String, String> action) {
            for (int i = 0; i < r.names.length; i++) {
                action.accept(r.names[i], r.values[i]);
            }
        }
    }
}
