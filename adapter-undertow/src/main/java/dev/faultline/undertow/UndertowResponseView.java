package dev.faultline.undertow;

import dev.faultline.http.ResponseView;
import io.undertow.server.HttpServerExchange;
import org.jspecify.annotations.Nullable;

/** A view of a finished Undertow response. */
final class UndertowResponseView implements ResponseView {

    private final HttpServerExchange exchange;

    UndertowResponseView(HttpServerExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public int status() {
        return exchange.getStatusCode();
    }

    @Override
    public @Nullable String header(String name) {
        return exchange.getResponseHeaders().getFirst(name);
    }

    @Override
    public long bytesWritten() {
        return exchange.getResponseBytesSent();
    }
}
