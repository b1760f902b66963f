package dev.faultline.undertow;

import dev.faultline.Faultline;
import dev.faultline.testkit.ConformanceKit;
import dev.faultline.testkit.KitApp;
import dev.faultline.testkit.KitServer;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.server.handlers.form.FormParserFactory;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.faultline.error.ErrorType;
import dev.faultline.testkit.LogCapture;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The conformance kit on a real Undertow server. */
@DisplayName("Undertow passes the conformance kit")
class UndertowConformanceTest extends ConformanceKit {

    @Override
    protected KitServer start(Faultline faultline) {
        return server(faultline);
    }

    /** The kit's routes on a real Undertow with {@code faultline} in front, on 127.0.0.1 and a free port. */
    static KitServer server(Faultline faultline) {
        RoutingHandler routes = Handlers.routing()
                .get(KitApp.OK, ex -> text(ex, "ok"))
                .get(KitApp.FAIL_TEMPLATE, ex -> {
                    throw KitApp.failure(param(ex, "type"));
                })
                // Undertow's asynchronous path: the application dispatches a handler to a worker thread
                .get(KitApp.ASYNC_FAIL_TEMPLATE, ex -> ex.dispatch((HttpHandler) e -> {
                    throw KitApp.failure(param(e, "type"));
                }))
                .get(KitApp.BOOM, ex -> {
                    throw new IllegalStateException(KitApp.NASTY_MESSAGE);
                })
                .get(KitApp.COMMITTED, new BlockingHandler(ex -> {
                    OutputStream out = ex.getOutputStream();
                    out.write(KitApp.PARTIAL_BODY.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    throw new IllegalStateException("failed after commit " + KitApp.SECRET);
                }))
                .get(KitApp.MDC, ex -> text(ex, KitApp.mdcReport()))
                .get(KitApp.ASYNC_MDC, ex -> ex.dispatch((HttpHandler) e -> text(e, KitApp.mdcReport())))
                .get(KitApp.ITEM_TEMPLATE, ex -> text(ex, "item " + param(ex, "id")))
                .post(KitApp.ECHO, new BlockingHandler(ex -> {
                    String type = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
                    if (type != null) {
                        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
                    }
                    byte[] body = ex.getInputStream().readAllBytes();
                    ex.getOutputStream().write(body);
                }))
                .post(KitApp.FORM, new BlockingHandler(ex -> {
                    try (FormDataParser parser = FormParserFactory.builder().build().createParser(ex)) {
                        FormData form = parser.parseBlocking();
                        text(ex, "name=" + form.getFirst("name").getValue());
                    }
                }))
                .get(KitApp.BIG, new BlockingHandler(ex -> {
                    long n = Long.parseLong(ex.getQueryParameters().get("bytes").getFirst());
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    OutputStream out = ex.getOutputStream();
                    byte[] chunk = new byte[65536];
                    for (long written = 0; written < n; ) {
                        int len = (int) Math.min(chunk.length, n - written);
                        for (int i = 0; i < len; i++) {
                            chunk[i] = KitApp.bigByte(written + i);
                        }
                        out.write(chunk, 0, len);
                        written += len;
                    }
                }))
                .get("/undertow/blocking/fail/{type}", FaultlineHandler.blocking(ex -> {
                    throw KitApp.failure(param(ex, "type"));
                }))
                .get("/undertow/guarded/fail/{type}", ex -> ex.dispatch(FaultlineHandler.guard(e -> {
                    throw KitApp.failure(param(e, "type"));
                })))
                .get(KitApp.BARE_401, ex -> {
                    ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, KitApp.CHALLENGE);
                    ex.setStatusCode(401);
                })
                .get(KitApp.STALE, ex -> {
                    String body = KitApp.stale();
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    ex.getResponseSender().send(body);
                })
                .get(KitApp.SHED, ex -> text(ex, KitApp.shed()))
                .post(KitApp.JSON, FaultlineHandler.blocking(ex -> {
                    byte[] body = ex.getInputStream().readAllBytes();
                    text(ex, KitApp.json(ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE), body));
                }))
                .get(KitApp.SECRET_JSON, ex -> {
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    ex.getResponseSender().send(KitApp.SECRET_JSON_BODY);
                });

        Undertow server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                // Undertow refuses bodies over 2 MiB by default (DEFAULT_MAX_ENTITY_SIZE, a 413 problem); the kit sends 10 MiB
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 64L * 1024 * 1024)
                .setHandler(FaultlineHandler.create(faultline, routes))
                .build();
        server.start();
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        URI base = URI.create("http://127.0.0.1:" + address.getPort());
        return new KitServer() {
            @Override
            public URI baseUri() {
                return base;
            }

            @Override
            public void close() {
                server.stop();
            }
        };
    }

    @Nested
    @DisplayName("Dispatched handlers")
    class Dispatched {

        @ParameterizedTest(name = "a throw in FaultlineHandler.{0} gives the problem and is logged once, by Faultline only")
        @ValueSource(strings = {"blocking", "guarded"})
        void loggedOnce(String kind) throws Exception {
            String id = "undertow-" + kind;
            HttpResponse<String> r = send(get(production, "/undertow/" + kind + "/fail/database")
                    .header("X-Request-Id", id).build());
            assertProblem(r, 503, ErrorType.DATABASE);
            logs.completion(id);
            assertEquals(1, logs.events("faultline.error", id).size());
            for (ILoggingEvent e : logs.events()) {
                if (e.getLoggerName().startsWith("io.undertow") && e.getLevel() == Level.ERROR) {
                    assertFalse(LogCapture.everything(e).contains("/undertow/" + kind), () -> "Undertow logged it too: " + e);
                }
            }
        }
    }

    private static String param(HttpServerExchange ex, String name) {
        return ex.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get(name);
    }

    private static void text(HttpServerExchange ex, String body) {
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=UTF-8");
        ex.getResponseSender().send(body, StandardCharsets.UTF_8);
    }
}
