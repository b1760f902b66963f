package dev.faultline.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.Faultline;
import dev.faultline.error.AuthenticationException;
import dev.faultline.error.AuthorizationException;
import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import dev.faultline.error.FieldError;
import dev.faultline.error.NotFoundException;
import dev.faultline.error.ValidationException;
import dev.faultline.http.Exchange;
import dev.faultline.undertow.FaultlineHandler;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.RoutingHandler;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The video API's routes on an Undertow {@link RoutingHandler}, so that Faultline logs route
 * templates ({@code /videos/{id}}) rather than raw paths:
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
 * ({@link Exchange#userId(String)}), so that its log events carry {@code user_id}.
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

    private static final String BEARER = "Bearer";
    private static final String CHALLENGE = BEARER + " realm=\"faultline-examples\"";

    private final Faultline faultline;
    private final VideoRepository videos;
    private final FailureSimulator failures;
    private final TokenStore tokens;
    private final VideoEvents events;

    /**
     * An API over {@code videos} that provokes failures with {@code failures}, records audit and
     * business events with {@code faultline}, and expires login tokens by {@code clock}.
     */
    public VideoApi(Faultline faultline, VideoRepository videos, FailureSimulator failures, Clock clock) {
        this(faultline, videos, failures, new TokenStore(Objects.requireNonNull(clock, "clock")));
    }

    /** An API that keeps its login tokens in {@code tokens} (which the {@code cache} health check watches). */
    VideoApi(Faultline faultline, VideoRepository videos, FailureSimulator failures, TokenStore tokens) {
        this.faultline = Objects.requireNonNull(faultline, "faultline");
        this.videos = Objects.requireNonNull(videos, "videos");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.events = new VideoEvents(faultline.business());
    }

    /**
     * The routes. Wrap them with {@code FaultlineHandler.wrap(faultline, api.routes())}; unknown paths
     * and methods are left to the router (a bare 404 or 405 that Faultline turns into a problem).
     */
    public HttpHandler routes() {
        return new RoutingHandler(false) // path parameters stay out of the query parameters
                .get("/", this::index)
                .post("/login", FaultlineHandler.blocking(this::login))
                .post("/videos", FaultlineHandler.blocking(this::create))
                .get("/videos", FaultlineHandler.blocking(this::list))
                .get("/videos/{id}", FaultlineHandler.blocking(this::get))
                .delete("/videos/{id}", FaultlineHandler.blocking(this::delete))
                .get("/slow", FaultlineHandler.blocking(VideoApi::slow)) // it waits: a worker thread, never the I/O thread
                .get(OUTAGE_PATH, this::databaseState)
                .post(OUTAGE_PATH, FaultlineHandler.blocking(this::setDatabaseState));
    }

    private void index(HttpServerExchange exchange) throws IOException {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("service", "faultline video API");
        index.put("endpoints", List.of(
                endpoint("POST", "/login", "a bearer token for {\"username\", \"password\"} (demo users: see README)"),
                endpoint("POST", "/videos", "create a video from {\"title\", \"template_id\", \"script\"};"
                        + " with a bearer token, owned by its user"),
                endpoint("GET", "/videos", "the latest " + VideoRepository.MAX_LIST + " videos"),
                endpoint("GET", "/videos/{id}", "one video"),
                endpoint("DELETE", "/videos/{id}", "delete a video: bearer token of its owner or admin"),
                endpoint("GET", "/videos/{id}?fail=database|external|timeout",
                        "provoke a real database, upstream or timeout failure (also on GET /videos)"),
                endpoint("GET", "/slow?ms=N", "answer after N ms (0 to " + MAX_DELAY_MILLIS + ", default "
                        + DEFAULT_DELAY_MILLIS + "): over 1000 ms it is logged as a slow request"),
                endpoint("GET", OUTAGE_PATH, "whether the simulated database outage is on"),
                endpoint("POST", OUTAGE_PATH + "?state=down|up", "demo only, admin bearer token: start or end a"
                        + " simulated database outage (every query fails with a real SQLException)")));
        index.put("monitoring", List.of(
                endpoint("GET", "/health", "readiness: database (critical), cache, video-cdn; 503 when down"),
                endpoint("GET", "/health/live", "liveness: up while the process answers"),
                endpoint("GET", "/health/ready", "readiness, as /health"),
                endpoint("GET", "/metrics/errors", "error counts by type, severity and endpoint"),
                endpoint("GET", "/metrics/trends?hours=N", "errors per hour"),
                endpoint("GET", "/metrics/insights", "error patterns and recommendations"),
                endpoint("GET", "/metrics/alerts?hours=N", "alerts fired and their delivery to each channel"),
                endpoint("GET", "/metrics/performance", "latency per endpoint, slow requests, security findings")));
        Json.send(exchange, 200, index);
    }

    private static Map<String, String> endpoint(String method, String path, String description) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("method", method);
        e.put("path", path);
        e.put("description", description);
        return e;
    }

    private void login(HttpServerExchange exchange) throws Exception {
        if (!isJson(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE))) {
            // Faultline redacts a logged body by its declared type: JSON sent as a form or as text/plain
            // would be logged with the password in it. So it is not read, and not drained either (which
            // would pass it through the capture all the same): the connection closes after the 415.
            exchange.setPersistent(false);
            throw new ValidationException("POST /login takes a JSON body: Content-Type: application/json.")
                    .withStatus(415);
        }
        Credentials credentials = Credentials.from(parseLogin(readBody(exchange)));
        String user = credentials.username();
        if (!DemoUsers.check(user, credentials.password())) {
            // the same reason and the same answer for an unknown user and a wrong password
            faultline.audit().authentication(false, user, "password", "bad credentials");
            throw new AuthenticationException("Invalid username or password.");
        }
        actsFor(exchange, user);
        faultline.audit().authentication(true, user, "password", null);
        String token = tokens.issue(user);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("user", user);
        body.put("expires_in", tokens.ttl().toSeconds());
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        Json.send(exchange, 200, body);
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
     * The login body as JSON. Unlike {@link Json#parse}, a malformed body is a plain validation
     * problem without Jackson's exception as the cause: its message quotes the token it stumbled on,
     * which may be the password.
     */
    private static JsonNode parseLogin(byte[] body) {
        try {
            return Json.parse(body);
        } catch (IOException e) {
            throw new ValidationException("The request body must be a JSON object with username and password.");
        }
    }

    /** {@code GET /slow?ms=N}: waits, then answers how long it waited. Runs on a worker thread. */
    private static void slow(HttpServerExchange exchange) throws Exception {
        int delay = delayMillis(query(exchange, DELAY_PARAMETER));
        long started = System.nanoTime();
        Thread.sleep(delay); // stands for slow work; a worker thread is held meanwhile, at most MAX_DELAY_MILLIS
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requested_ms", delay);
        body.put("waited_ms", (System.nanoTime() - started) / 1_000_000);
        Json.send(exchange, 200, body);
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

    /** {@code GET /admin/database}: whether the simulated outage is on. */
    private void databaseState(HttpServerExchange exchange) throws IOException {
        Json.send(exchange, 200, databaseBody(null));
    }

    /**
     * {@code POST /admin/database?state=down|up}: the admin starts or ends the simulated outage. Touches
     * no database, so that it works while the database is down.
     */
    private void setDatabaseState(HttpServerExchange exchange) throws Exception {
        String user = authenticate(exchange, true).orElseThrow();
        boolean granted = DemoUsers.ADMIN.equals(user);
        faultline.audit().authorization(OUTAGE_PATH, OUTAGE_ACTION, granted, user);
        if (!granted) {
            throw new AuthorizationException("Only admin may simulate a database outage.",
                    user + " is not " + DemoUsers.ADMIN, null);
        }
        boolean down = outageState(query(exchange, STATE_PARAMETER));
        boolean changed = videos.outage(down);
        if (changed) {
            events.databaseOutage(down);
        }
        Json.send(exchange, 200, databaseBody(changed));
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

    private Map<String, Object> databaseBody(@Nullable Boolean changed) {
        Map<String, Object> body = new LinkedHashMap<>();
        Optional<Instant> since = videos.downSince();
        body.put("database", since.isPresent() ? "down" : "up");
        since.ifPresent(t -> body.put("down_since", t.toString()));
        if (changed != null) {
            body.put("changed", changed);
        }
        body.put("simulated", true);
        body.put("note", since.isPresent()
                ? "demo only: every query fails with a real SQLException until POST " + OUTAGE_PATH + "?state=up"
                : "demo only: POST " + OUTAGE_PATH + "?state=down (admin token) makes every query fail");
        return body;
    }

    private void create(HttpServerExchange exchange) throws Exception {
        String owner = authenticate(exchange, false).orElse(Video.ANONYMOUS);
        NewVideo input = NewVideo.from(Json.parse(readBody(exchange)));
        Video video = videos.create(input.title(), input.templateId(), input.script(), owner);
        events.videoCreated(video);
        exchange.getResponseHeaders().put(Headers.LOCATION, "/videos/" + video.id());
        Json.send(exchange, 201, video.toJson());
    }

    private void list(HttpServerExchange exchange) throws Exception {
        authenticate(exchange, false);
        failures.provoke(query(exchange, FailureSimulator.PARAMETER));
        List<Map<String, Object>> items = videos.latest().stream().map(Video::toJson).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("videos", items);
        body.put("count", items.size());
        body.put("limit", VideoRepository.MAX_LIST);
        Json.send(exchange, 200, body);
    }

    private void get(HttpServerExchange exchange) throws Exception {
        authenticate(exchange, false);
        String id = pathId(exchange);
        failures.provoke(query(exchange, FailureSimulator.PARAMETER));
        Video video = videos.find(id).orElseThrow(() -> notFound(id));
        Json.send(exchange, 200, video.toJson());
    }

    private void delete(HttpServerExchange exchange) throws Exception {
        String user = authenticate(exchange, true).orElseThrow();
        String id = pathId(exchange);
        Video video = videos.find(id).orElseThrow(() -> notFound(id));
        boolean granted = user.equals(video.owner()) || DemoUsers.ADMIN.equals(user);
        faultline.audit().authorization("/videos/" + id, "delete", granted, user);
        if (!granted) {
            throw new AuthorizationException("You may not delete this video.",
                    user + " is neither the owner of " + id + " nor " + DemoUsers.ADMIN, null);
        }
        if (!videos.delete(id)) {
            throw notFound(id); // deleted by someone else since we looked
        }
        events.videoDeleted(id);
        exchange.setStatusCode(204); // no body; Undertow ends the exchange when the handler returns
    }

    /**
     * The user of the request's bearer token, also told to Faultline. Without an
     * {@code Authorization} header: empty, or a 401 problem when {@code required}. With one that is
     * not a single {@code Bearer} token known here and not expired: an audit event and a 401 problem.
     *
     * @throws AuthenticationException as above; the response challenges with {@code WWW-Authenticate}
     */
    private Optional<String> authenticate(HttpServerExchange exchange, boolean required) {
        HeaderValues authorization = exchange.getRequestHeaders().get(Headers.AUTHORIZATION);
        if (authorization == null || authorization.isEmpty()) {
            if (!required) {
                return Optional.empty();
            }
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, CHALLENGE);
            throw new AuthenticationException("This request needs a bearer token: POST /login for one.");
        }
        String token = authorization.size() == 1 ? bearerToken(authorization.getFirst()) : null;
        Optional<String> user = token != null ? tokens.user(token) : Optional.empty();
        if (user.isEmpty()) {
            faultline.audit().authentication(false, null, "token",
                    token != null ? "unknown or expired token" : "not a bearer token");
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, CHALLENGE + ", error=\"invalid_token\"");
            throw new AuthenticationException("The bearer token is invalid or has expired.");
        }
        actsFor(exchange, user.get());
        return user;
    }

    /** The token of {@code Bearer <token>} (scheme in any case), or {@code null}. */
    private static @Nullable String bearerToken(String authorization) {
        String value = authorization.strip();
        if (value.length() <= BEARER.length() || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || value.charAt(BEARER.length()) != ' ') {
            return null;
        }
        String token = value.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }

    /** Tells Faultline whom the request acts for: user_id in the MDC and in its log events. */
    private static void actsFor(HttpServerExchange exchange, String user) {
        FaultlineHandler.exchange(exchange).ifPresent(x -> x.userId(user));
    }

    private static String pathId(HttpServerExchange exchange) {
        return exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("id");
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("Video not found", "no video with id '" + id + "'", null);
    }

    /**
     * Reads the request body, at most {@value #MAX_BODY_BYTES} bytes, on a worker thread (the exchange
     * is blocking). A larger body, declared or streamed, is a 413 problem, after which the
     * connection is closed rather than the rest read.
     */
    private static byte[] readBody(HttpServerExchange exchange) throws IOException {
        exchange.setMaxEntitySize(MAX_BODY_BYTES);
        long declared = exchange.getRequestContentLength();
        if (declared > MAX_BODY_BYTES) {
            throw tooLarge(exchange, "declared Content-Length " + declared, null);
        }
        try {
            byte[] body = exchange.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw tooLarge(exchange, "body longer than " + MAX_BODY_BYTES + " bytes", null);
            }
            return body;
        } catch (RequestTooBigException e) {
            throw tooLarge(exchange, "Undertow stopped reading at " + MAX_BODY_BYTES + " bytes", e);
        }
    }

    private static FaultlineException tooLarge(HttpServerExchange exchange, String internal,
            @Nullable Throwable cause) {
        exchange.setPersistent(false); // close the connection after the 413 instead of reading the rest
        return new FaultlineException(ErrorType.PAYLOAD_TOO_LARGE,
                "The request body must not exceed " + MAX_BODY_BYTES + " bytes.", internal, cause);
    }

    private static @Nullable String query(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null ? null : values.peekFirst();
    }
}
