package dev.faultline.examples.quickstart;

import dev.faultline.Faultline;
import dev.faultline.undertow.FaultlineHandler;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;

/** Undertow with {@code faultline-undertow}: Faultline's handler wraps the application's. */
public final class UndertowQuickStart {

    public static void main(String[] args) {
        start(Faultline.create(), 8080); // the preset comes from FAULTLINE_ENV
    }

    /** Starts the application on 127.0.0.1 and {@code port}; stop the server, then close Faultline. */
    public static Undertow start(Faultline faultline, int port) {
        HttpHandler app = exchange -> {
            if (exchange.getRequestPath().equals("/fail")) {
                throw new IllegalStateException("the database said no"); // a 500 problem
            }
            exchange.getResponseSender().send("hello");
        };
        // tag::quickstart[]
        Undertow server = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setHandler(FaultlineHandler.create(faultline, app))
                .build();
        // end::quickstart[]
        server.start();
        return server;
    }

    private UndertowQuickStart() {
    }
}
