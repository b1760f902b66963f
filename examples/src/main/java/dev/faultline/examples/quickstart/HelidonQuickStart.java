package dev.faultline.examples.quickstart;

import dev.faultline.Faultline;
import dev.faultline.helidon.FaultlineFeature;
import io.helidon.webserver.WebServer;

/** Helidon 4 SE with {@code faultline-helidon}: Faultline is an HTTP feature of the routing. */
public final class HelidonQuickStart {

    public static void main(String[] args) {
        start(Faultline.create(), 8080); // the preset comes from FAULTLINE_ENV
    }

    /** Starts the application on 127.0.0.1 and {@code port}; stop the server, then close Faultline. */
    public static WebServer start(Faultline faultline, int port) {
        // tag::quickstart[]
        return WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .connectionOptions(o -> o.tcpNoDelay(true)) // for captured or streamed responses
                .routing(r -> r
                        .addFeature(FaultlineFeature.create(faultline))
                        .get("/hello", (request, response) -> response.send("hello"))
                        .get("/fail", (request, response) -> {
                            throw new IllegalStateException("the database said no"); // a 500 problem
                        }))
                .build()
                .start();
        // end::quickstart[]
    }

    private HelidonQuickStart() {
    }
}
