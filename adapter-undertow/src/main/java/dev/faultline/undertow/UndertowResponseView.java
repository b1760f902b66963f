package dev.faultline.undertow;

import dev.faultline.http.ResponseView;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** A view of a finished Undertow response. */
final class UndertowResponseView implements ResponseView {

    private final HttpServerExchange exchange;
    private final int status;

    /** @param status the status as recorded (Undertow's, unless nothing reached the client) */
    UndertowResponseView(HttpServerExchange exchange, int status) {
        this.exchange = exchange;
        this.status = status;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public @Nullable String header(String name) {
        return exchange.getResponseHeaders().getFirst(name);
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
        for (HeaderValues values : exchange.getResponseHeaders()) {
            String name = values.getHeaderName().toString();
            for (String value : values) {
                action.accept(name, value);
            }
        }
    }

    @Override
    public long bytesWritten() {
        return exchange.getResponseBytesSent();
    }
}
