package dev.faultline.examples;

import dev.faultline.helidon.FaultlineFeature;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.net.SocketException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The video API as Helidon 4 SE routes (the {@code --server helidon} of {@link Main}): each path
 * pattern is a route of {@link VideoApi}, which Faultline logs as the route template, and calls
 * {@link VideoService}. Helidon runs each request on a virtual thread, so the blocking calls (JDBC,
 * HTTP, {@code /slow}) need no hand-off. Throws are left to {@link FaultlineFeature}.
 */
final class HelidonRoutes {

    private final VideoService service;

    HelidonRoutes(VideoService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /** Adds the routes to {@code routing}, which already has Faultline's feature. */
    void register(HttpRouting.Builder routing) {
        routing.get("/", (req, res) -> send(res, service.index()))
                .post("/login", (req, res) -> send(res, reply(() -> service.login(call(req, res)))))
                .post("/videos", (req, res) -> send(res, reply(() -> service.create(call(req, res)))))
                .get("/videos", (req, res) -> send(res, reply(() -> service.list(call(req, res)))))
                .get("/videos/{id}", (req, res) -> send(res, reply(() -> service.get(call(req, res), id(req)))))
                .delete("/videos/{id}", (req, res) -> send(res, reply(() -> service.delete(call(req, res), id(req)))))
                .get("/slow", (req, res) -> send(res, reply(() -> service.slow(call(req, res)))))
                .get("/admin/database", (req, res) -> send(res, service.databaseState()))
                .post("/admin/database", (req, res) -> send(res, service.setDatabaseState(call(req, res))))
                // Helidon answers 404 for a known path with another method; the other servers 405
                .any("/", (req, res) -> notAllowed(res, "GET"))
                .any("/login", (req, res) -> notAllowed(res, "POST"))
                .any("/videos", (req, res) -> notAllowed(res, "GET, POST"))
                .any("/videos/{id}", (req, res) -> notAllowed(res, "GET, DELETE"))
                .any("/slow", (req, res) -> notAllowed(res, "GET"))
                .any("/admin/database", (req, res) -> notAllowed(res, "GET, POST"));
    }

    /** A bare 405, which Faultline's feature turns into a problem (keeping {@code Allow}). */
    private static void notAllowed(ServerResponse res, String allow) {
        res.status(Status.METHOD_NOT_ALLOWED_405).header(HeaderNames.ALLOW, allow).send();
    }

    /** A call on the service. */
    @FunctionalInterface
    private interface ServiceCall {
        VideoService.Reply call() throws Exception;
    }

    /**
     * The service's reply. Helidon takes a checked exception from a handler whose cause is a
     * {@link SocketException} for the loss of the client's connection and closes it without an answer;
     * the JDK HttpClient's {@code ConnectException} of an upstream call ({@code ?fail=external}) is
     * such an exception. So it goes out wrapped in {@link UpstreamFailure}, which Faultline's classifier
     * looks through (an application's own class defers to its cause): a 502 problem, as on the other servers.
     */
    private static VideoService.Reply reply(ServiceCall call) throws Exception {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            if (e.getCause() instanceof SocketException) {
                throw new UpstreamFailure(e);
            }
            throw e;
        }
    }

    /** A checked failure of an upstream call, unchecked so that Helidon does not take it for the client's. */
    static final class UpstreamFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UpstreamFailure(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private static void send(ServerResponse res, VideoService.Reply reply) throws IOException {
        res.status(Status.create(reply.status()));
        reply.headers().forEach((name, value) -> res.header(HeaderNames.create(name), value));
        if (reply.body() == null) {
            res.send();
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(Json.bytes(reply.body()));
        }
    }

    private static VideoService.Call call(ServerRequest req, ServerResponse res) {
        return new VideoService.Call() {
            @Override
            public List<String> headers(String name) {
                return req.headers().all(HeaderNames.create(name), List::of);
            }

            @Override
            public @Nullable String query(String name) {
                return req.query().first(name).orElse(null);
            }

            @Override
            public byte[] body() throws IOException {
                long declared = req.headers().contentLength().orElse(-1);
                return VideoService.readBody(req.content().inputStream(), declared, this);
            }

            @Override
            public void responseHeader(String name, String value) {
                res.header(HeaderNames.create(name), value);
            }

            @Override
            public void actsFor(String user) {
                FaultlineFeature.requestContext(req).ifPresent(r -> r.userId(user));
            }
        };
    }
}
