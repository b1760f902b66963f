package dev.faultline.opentelemetry;

import dev.faultline.Faultline;
import dev.faultline.undertow.FaultlineHandler;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;

/**
 * On Undertow: the span wrapper is an outer {@link HttpHandler} that ends the span in an exchange
 * completion listener; the application runs on a worker thread behind
 * {@link FaultlineHandler#blocking}, so the failure and the application's log line happen on another
 * thread than the one the span was current on.
 */
@DisplayName("OpenTelemetry on Undertow")
class UndertowTracingTest extends TracedServerContract {

    static final TestApp.Headers<HttpServerExchange> HEADERS = (carrier, key) ->
            carrier == null ? null : carrier.getRequestHeaders().getFirst(key);

    @Override
    Running start(Faultline faultline, Tracer tracer) {
        HttpHandler app = exchange -> {
            TestApp.handle(exchange.getRequestPath());
            exchange.getResponseSender().send("ok");
        };
        HttpHandler pipeline = FaultlineHandler.create(faultline, FaultlineHandler.blocking(app));
        HttpHandler traced = exchange -> {
            if (TestApp.untraced(exchange.getRequestPath())) {
                pipeline.handleRequest(exchange);
                return;
            }
            Span span = TestApp.serverSpan(tracer, exchange.getRequestMethod().toString(), exchange.getRequestPath(),
                    exchange, HEADERS);
            exchange.addExchangeCompleteListener((ex, next) -> {
                try {
                    next.proceed();
                } finally {
                    span.end();
                }
            });
            try (Scope ignored = span.makeCurrent()) {
                pipeline.handleRequest(exchange);
            }
        };
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(traced).build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        URI base = URI.create("http://127.0.0.1:" + port);
        return new Running() {
            @Override
            public URI base() {
                return base;
            }

            @Override
            public void close() {
                server.stop();
            }
        };
    }
}
