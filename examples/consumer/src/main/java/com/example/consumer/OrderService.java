package com.example.consumer;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.error.NotFoundException;
import dev.faultline.undertow.FaultlineHandler;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.net.InetSocketAddress;

/**
 * A service as a Faultline user writes it, following the README's quick start: Undertow routes wrapped
 * in {@link FaultlineHandler}, blocking handlers made with {@link FaultlineHandler#blocking}. {@code GET /orders/{id}} knows only order 1; {@code GET /crash} fails
 * with an exception whose message must never reach the client.
 */
public final class OrderService implements AutoCloseable {

    /** The message of the exception {@code /crash} throws. */
    public static final String INTERNAL_MESSAGE = "connection string jdbc:secret@db";

    private final Faultline faultline;
    private final Undertow server;

    private OrderService(Faultline faultline, Undertow server) {
        this.faultline = faultline;
        this.server = server;
    }

    /** Starts the service on 127.0.0.1 and a free port. */
    public static OrderService start() {
        Faultline faultline = Faultline.builder().environment(Environment.PRODUCTION).build();
        RoutingHandler routes = Handlers.routing()
                .get("/orders/{id}", FaultlineHandler.blocking(exchange -> {
                    String id = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("id");
                    if (!"1".equals(id)) {
                        throw new NotFoundException("Order not found", "no order " + id, null);
                    }
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    exchange.getResponseSender().send("{\"id\":\"1\"}");
                }))
                .get("/crash", FaultlineHandler.blocking(exchange -> {
                    throw new IllegalStateException(INTERNAL_MESSAGE);
                }));
        Undertow server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(FaultlineHandler.create(faultline, routes))
                .build();
        server.start();
        return new OrderService(faultline, server);
    }

    /** The port the service listens on. */
    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        server.stop();
        faultline.close();
    }
}
