package dev.faultline.benchmarks.load;

import dev.faultline.Faultline;
import dev.faultline.undertow.FaultlineHandler;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Undertow 2.4 with the {@link LoadApp} endpoints, bare or behind {@link FaultlineHandler}, wired as
 * the adapter's javadoc shows. The handlers run on the I/O threads (no dispatch), as Undertow's own
 * examples do for work that does not block. Default Undertow options (I/O threads: the number of
 * available processors, at least 2; worker threads: 8 per I/O thread).
 */
final class UndertowServers {

    private UndertowServers() {
    }

    /** The application's handler: a {@link RoutingHandler} for the routes, prefixes for the memory check. */
    static HttpHandler app() {
        RoutingHandler routes = Handlers.routing()
                .get("/hello", exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send(LoadApp.HELLO + "\n");
                })
                .get("/boom", exchange -> {
                    throw LoadApp.boom();
                });
        // unrouted paths: the RoutingHandler's default fallback, Undertow's own empty 404
        return Handlers.path(routes)
                .addPrefixPath("/files", exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send("file\n");
                })
                .addPrefixPath("/fail", exchange -> {
                    throw LoadApp.fail(exchange.getRequestPath());
                });
    }

    /** Starts Undertow on 127.0.0.1:{@code port} (0: any free port); with Faultline when it is given. */
    static Running start(int port, @Nullable Faultline faultline) {
        HttpHandler root = faultline == null ? app() : FaultlineHandler.create(faultline, app());
        Undertow server = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setHandler(root)
                .build();
        server.start();
        int bound = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        return new Running(bound, server::stop);
    }
}
