package dev.faultline.examples;

import dev.faultline.Faultline;
import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import dev.faultline.error.FieldError;
import dev.faultline.error.ValidationException;
import dev.faultline.RequestContext;
import dev.faultline.undertow.FaultlineHandler;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.RoutingHandler;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.time.Clock;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The video API's routes on an Undertow {@link RoutingHandler}, so that Faultline logs route
 * templates ({@code /videos/{id}}) rather than raw paths. What the endpoints do is
 * {@link VideoService}'s, shared with the other servers ({@link VideoServlet} on Jetty,
 * {@link VideoResource} on Jersey, {@link HelidonRoutes} on Helidon); this class only translates an
 * exchange into a call on it and its reply into a response:
 *
 * <pre>
 * GET    /               this index
 * POST   /login          {"username", "password"} as application/json → 200 {"token", "user", "expires_in"}
 * POST   /videos         create a video: {"title", "template_id", "script"} → 201 + Location
 * GET    /videos         the latest {@value VideoRepository#MAX_LIST} videos
 * GET    /videos/{id}    one video, or a 404 problem
 * DELETE /videos/{id}    delete a video: its owner or admin only → 204
 * GET    /slow?ms=N      answers after N ms (0 to 5000, default 1500): a slow request on purpose
 * GET    /admin/database            whether the simulated database outage is on
 * POST   /admin/database?state=S    demo only, admin token: S=down starts a simulated outage, S=up ends it
 * </pre>
 *
 * <p><b>Authentication.</b> {@code POST /login} checks the demo users ({@code DemoUsers}; demo
 * only: {@code alice}/{@code wonderland}, {@code bob}/{@code builder}, {@code admin}/{@code admin-secret})
 * and answers a bearer token valid for an hour ({@code TokenStore}). Every attempt is an audit event
 * ({@code authentication}, method {@code password}); a failed one is a 401 problem that does not say
 * whether the username or the password was wrong. The body must be declared JSON (else 415, unread):
 * Faultline redacts the {@code password} member of a logged body only when its type says JSON. The other endpoints read
 * {@code Authorization: Bearer <token>}: optional on {@code GET} and {@code POST /videos} (the video
 * is then owned by the user, else by {@value Video#ANONYMOUS}), required on {@code DELETE}. A token
 * that is sent but unknown, expired or malformed is a 401 problem and an audit event (method
 * {@code token}) whatever the endpoint. The user a request acts for is told to Faultline
 * ({@link RequestContext#userId(String)}), so that its log events carry {@code user_id}.
 *
 * <p><b>Authorization.</b> {@code DELETE /videos/{id}} is allowed to the video's owner and to
 * {@code admin}; the decision, either way, is an audit event ({@code authorization}).
 *
 * <p><b>Business events.</b> {@code video_created} (through {@code VideoEvents}) and
 * {@code user_action} for a delete and for the start and end of a simulated outage, on
 * {@code faultline.business}.
 *
 * <p>{@code GET /videos} and {@code GET /videos/{id}} take {@code ?fail=database|external|timeout}
 * (see {@link FailureSimulator}). Handlers that touch JDBC or make HTTP calls run behind
 * {@link FaultlineHandler#blocking}, on a worker thread, never on the I/O thread (Faultline handles
 * their throws there, so Undertow does not log them a second time). Handlers throw; they never
 * write error responses themselves: the {@code FaultlineHandler} around the routes does. Passwords
 * and tokens are never logged by this class (Faultline redacts them where it logs bodies and headers).
 *
 * <p>{@code GET /slow?ms=N} waits N milliseconds on its worker thread before answering, so that a
 * request over Faultline's slow-request threshold (1000 ms by default) can be seen: a
 * {@code slow request} warning on {@code faultline.performance} and {@code slow_requests} in
 * {@code /metrics/performance}. N is bounded ({@value #MAX_DELAY_MILLIS} ms at most, so that a
 * request cannot hold a worker thread for long); anything else is a 400 problem naming {@code ms}.
 *
 * <p><b>Simulated database outage</b> (demo only). {@code POST /admin/database?state=down} with the
 * {@code admin} user's bearer token makes every query of the video repository fail with a real
 * {@link java.sql.SQLException} until {@code POST /admin/database?state=up}; see
 * {@link VideoRepository#outage(boolean)}. The URLs stay the same, so that Faultline's recovery
 * ({@link AppRecovery}) can show itself: stale copies of earlier answers, then the list shed. Anyone
 * else gets a 401 or 403 problem; every attempt is an audit event ({@code authorization}, action
 * {@value #OUTAGE_ACTION}) and a change a {@code user_action} business event. {@code GET /admin/database}
 * says whether the outage is on, to anyone.
 *
 * <p>Faultline itself answers {@code /health}, {@code /health/live}, {@code /health/ready} and
 * {@code /metrics/...} before these routes see the request (see {@link AppHealth}).
 *
 * <p>Thread-safe.
 */
public final class VideoApi {

    /** The largest request body accepted, in bytes; larger ones get a 413 problem. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** The longest wait {@code GET /slow?ms=N} accepts. */
    public static final int MAX_DELAY_MILLIS = 5_000;

    /** The wait of {@code GET /slow} without {@code ms}: over the default slow-request threshold. */
    public static final int DEFAULT_DELAY_MILLIS = 1_500;

    /** The query parameter of {@code GET /slow}. */
    static final String DELAY_PARAMETER = "ms";

    /** The query parameter of {@code POST /admin/database}: {@code down} or {@code up}. */
    static final String STATE_PARAMETER = "state";

    /** The action of the audit event of {@code POST /admin/database}. */
    static final String OUTAGE_ACTION = "set_database_state";

    private static final String OUTAGE_PATH = "/admin/database";

    private final VideoService service;

    /**
     * An API over {@code videos} that provokes failures with {@code failures}, records audit and
     * business events with {@code faultline}, and expires login tokens by {@code clock}.
     */
    public VideoApi(Faultline faultline, VideoRepository videos, FailureSimulator failures, Clock clock) {
        this(faultline, videos, failures, new TokenStore(Objects.requireNonNull(clock, "clock")));
    }

    /** An API that keeps its login tokens in {@code tokens} (which the {@code cache} health check watches). */
    VideoApi(Faultline faultline, VideoRepository videos, FailureSimulator failures, TokenStore tokens) {
        this(new VideoService(faultline, videos, failures, tokens));
    }

    /** The Undertow routes of {@code service}. */
    VideoApi(VideoService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * The routes. Wrap them with {@code FaultlineHandler.create(faultline, api.routes())}; unknown paths
     * and methods are left to the router (a bare 404 or 405 that Faultline turns into a problem).
     */
    public HttpHandler routes() {
        return new RoutingHandler(false) // path parameters stay out of the query parameters
                .get("/", x -> send(x, service.index()))
                .post("/login", FaultlineHandler.blocking(x -> send(x, service.login(new Call(x)))))
                .post("/videos", FaultlineHandler.blocking(x -> send(x, service.create(new Call(x)))))
                .get("/videos", FaultlineHandler.blocking(x -> send(x, service.list(new Call(x)))))
                .get("/videos/{id}", FaultlineHandler.blocking(x -> send(x, service.get(new Call(x), pathId(x)))))
                .delete("/videos/{id}", FaultlineHandler.blocking(x -> send(x, service.delete(new Call(x), pathId(x)))))
                // it waits: a worker thread, never the I/O thread
                .get("/slow", FaultlineHandler.blocking(x -> send(x, service.slow(new Call(x)))))
                .get(OUTAGE_PATH, x -> send(x, service.databaseState()))
                .post(OUTAGE_PATH, FaultlineHandler.blocking(x -> send(x, service.setDatabaseState(new Call(x)))));
    }

    /** Whether a content type is {@code application/json} or {@code …/…+json}, parameters aside. */
    static boolean isJson(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String base = (semi >= 0 ? contentType.substring(0, semi) : contentType).strip().toLowerCase(Locale.ROOT);
        return base.equals("application/json") || (base.endsWith("+json") && base.indexOf('/') > 0);
    }

    /**
     * The {@code ms} of {@code GET /slow}: {@value #DEFAULT_DELAY_MILLIS} when absent.
     *
     * @throws ValidationException naming {@code ms} unless a whole number from 0 to {@value #MAX_DELAY_MILLIS}
     */
    static int delayMillis(@Nullable String raw) {
        if (raw == null) {
            return DEFAULT_DELAY_MILLIS;
        }
        int ms;
        try {
            ms = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms < 0 || ms > MAX_DELAY_MILLIS) {
            throw new ValidationException("The delay is out of range.", List.of(new FieldError(DELAY_PARAMETER,
                    "must be a whole number of milliseconds from 0 to " + MAX_DELAY_MILLIS)));
        }
        return ms;
    }

    /**
     * The {@code state} of {@code POST /admin/database}: whether the database should be down.
     *
     * @throws ValidationException naming {@code state} unless {@code down} or {@code up}
     */
    static boolean outageState(@Nullable String raw) {
        String state = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        return switch (state) {
            case "down" -> true;
            case "up" -> false;
            default -> throw new ValidationException("The database state is not valid.",
                    List.of(new FieldError(STATE_PARAMETER, "must be down or up")));
        };
    }

    private static void send(HttpServerExchange exchange, VideoService.Reply reply) throws IOException {
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().put(HttpString.tryFromString(name), value));
        if (reply.body() == null) {
            exchange.setStatusCode(reply.status()); // no body; Undertow ends the exchange when the handler returns
        } else {
            Json.send(exchange, reply.status(), reply.body());
        }
    }

    private static String pathId(HttpServerExchange exchange) {
        return exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("id");
    }

    /** An Undertow exchange as the service sees it. */
    private static final class Call implements VideoService.Call {
        private final HttpServerExchange exchange;

        Call(HttpServerExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public List<String> headers(String name) {
            HeaderValues values = exchange.getRequestHeaders().get(name);
            return values == null ? List.of() : List.copyOf(values);
        }

        @Override
        public @Nullable String query(String name) {
            Deque<String> values = exchange.getQueryParameters().get(name);
            return values == null ? null : values.peekFirst();
        }

        /**
         * Reads the request body, at most {@value #MAX_BODY_BYTES} bytes, on a worker thread (the exchange
         * is blocking). A larger body, declared or streamed, is a 413 problem, after which the
         * connection is closed rather than the rest read.
         */
        @Override
        public byte[] body() throws IOException {
            exchange.setMaxEntitySize(MAX_BODY_BYTES);
            try {
                return VideoService.readBody(exchange.getInputStream(), exchange.getRequestContentLength(), this);
            } catch (RequestTooBigException e) {
                exchange.setPersistent(false);
                throw new FaultlineException(ErrorType.PAYLOAD_TOO_LARGE,
                        "The request body must not exceed " + MAX_BODY_BYTES + " bytes.",
                        "Undertow stopped reading at " + MAX_BODY_BYTES + " bytes", e);
            }
        }

        @Override
        public void responseHeader(String name, String value) {
            exchange.getResponseHeaders().put(HttpString.tryFromString(name), value);
        }

        @Override
        public void actsFor(String user) {
            FaultlineHandler.requestContext(exchange).ifPresent(request -> request.userId(user));
        }

        @Override
        public void closeConnection() {
            exchange.setPersistent(false); // close the connection after the answer instead of reading the rest
        }
    }
}
