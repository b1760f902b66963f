package dev.faultline.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.Faultline;
import dev.faultline.error.AuthenticationException;
import dev.faultline.error.AuthorizationException;
import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import dev.faultline.error.NotFoundException;
import dev.faultline.error.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server-independent part of the video API: validation, repository calls, login and tokens,
 * provoked failures, audit and business events, the simulated outage. Each server's routes
 * ({@link VideoServlet} on Jetty, {@link VideoResource} on Jersey, {@link HelidonRoutes} on Helidon)
 * are a thin translation: they wrap the request in a {@link Call}, call one method here and write
 * the {@link Reply}. Failures are thrown as Faultline exceptions, never written: the server's
 * Faultline adapter turns them into problem responses. The endpoints are those of {@link VideoApi}
 * (Undertow), which answers the same.
 *
 * <p>Thread-safe.
 */
public final class VideoService {

    private static final String BEARER = "Bearer";
    private static final String CHALLENGE = BEARER + " realm=\"faultline-examples\"";
    private static final String OUTAGE_PATH = "/admin/database";

    /** The request as this service needs it, whatever the server. */
    public interface Call {

        /** The values of a request header, possibly empty. */
        List<String> headers(String name);

        /** The first value of a query parameter, or {@code null}. */
        @Nullable String query(String name);

        /**
         * The request body, at most {@value VideoApi#MAX_BODY_BYTES} bytes
         * (see {@link VideoService#readBody(InputStream, long, Call)}).
         */
        byte[] body() throws IOException;

        /** Sets a response header (before the reply or a thrown problem is written). */
        void responseHeader(String name, String value);

        /** Tells Faultline whom the request acts for ({@code Exchange.userId}). */
        void actsFor(String user);

        /** Asks the server to close the connection after the response (the body is left unread). */
        default void closeConnection() {
            responseHeader("Connection", "close");
        }
    }

    /** An answer: a status, a JSON body or none, and headers. */
    public record Reply(int status, @Nullable Object body, Map<String, String> headers) {

        static Reply json(int status, Object body) {
            return new Reply(status, body, Map.of());
        }
    }

    private final Faultline faultline;
    private final VideoRepository videos;
    private final FailureSimulator failures;
    private final TokenStore tokens;
    private final VideoEvents events;

    /** The service over {@code videos}, recording audit and business events with {@code faultline}. */
    public VideoService(Faultline faultline, VideoRepository videos, FailureSimulator failures, TokenStore tokens) {
        this.faultline = Objects.requireNonNull(faultline, "faultline");
        this.videos = Objects.requireNonNull(videos, "videos");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.events = new VideoEvents(faultline.business());
    }

    /** {@code GET /}. */
    public Reply index() {
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
                endpoint("GET", "/slow?ms=N", "answer after N ms (0 to " + VideoApi.MAX_DELAY_MILLIS + ", default "
                        + VideoApi.DEFAULT_DELAY_MILLIS + "): over 1000 ms it is logged as a slow request"),
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
        return Reply.json(200, index);
    }

    private static Map<String, String> endpoint(String method, String path, String description) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("method", method);
        e.put("path", path);
        e.put("description", description);
        return e;
    }

    /** {@code POST /login}: JSON credentials of a demo user → a bearer token. */
    public Reply login(Call call) throws IOException {
        List<String> types = call.headers("Content-Type");
        if (!VideoApi.isJson(types.isEmpty() ? null : types.get(0))) {
            // not read: Faultline redacts a logged body by its declared type
            call.closeConnection();
            throw new ValidationException("POST /login takes a JSON body: Content-Type: application/json.")
                    .withStatus(415);
        }
        byte[] raw = call.body();
        JsonNode tree;
        try {
            tree = Json.parse(raw);
        } catch (IOException e) { // Jackson's message may quote the password: not kept as the cause
            throw new ValidationException("The request body must be a JSON object with username and password.");
        }
        Credentials credentials = Credentials.from(tree);
        String user = credentials.username();
        if (!DemoUsers.check(user, credentials.password())) {
            faultline.audit().authentication(false, user, "password", "bad credentials");
            throw new AuthenticationException("Invalid username or password.");
        }
        call.actsFor(user);
        faultline.audit().authentication(true, user, "password", null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", tokens.issue(user));
        body.put("user", user);
        body.put("expires_in", tokens.ttl().toSeconds());
        return new Reply(200, body, Map.of("Cache-Control", "no-store"));
    }

    /** {@code POST /videos}. */
    public Reply create(Call call) throws Exception {
        String owner = authenticate(call, false).orElse(Video.ANONYMOUS);
        NewVideo input = NewVideo.from(Json.parse(call.body()));
        Video video = videos.create(input.title(), input.templateId(), input.script(), owner);
        events.videoCreated(video);
        return new Reply(201, video.toJson(), Map.of("Location", "/videos/" + video.id()));
    }

    /** {@code GET /videos}. */
    public Reply list(Call call) throws Exception {
        authenticate(call, false);
        failures.provoke(call.query(FailureSimulator.PARAMETER));
        List<Map<String, Object>> items = videos.latest().stream().map(Video::toJson).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("videos", items);
        body.put("count", items.size());
        body.put("limit", VideoRepository.MAX_LIST);
        return Reply.json(200, body);
    }

    /** {@code GET /videos/{id}}. */
    public Reply get(Call call, String id) throws Exception {
        authenticate(call, false);
        failures.provoke(call.query(FailureSimulator.PARAMETER));
        Video video = videos.find(id).orElseThrow(() -> notFound(id));
        return Reply.json(200, video.toJson());
    }

    /** {@code DELETE /videos/{id}}: its owner or admin. */
    public Reply delete(Call call, String id) throws Exception {
        String user = authenticate(call, true).orElseThrow();
        Video video = videos.find(id).orElseThrow(() -> notFound(id));
        boolean granted = user.equals(video.owner()) || DemoUsers.ADMIN.equals(user);
        faultline.audit().authorization("/videos/" + id, "delete", granted, user);
        if (!granted) {
            throw new AuthorizationException("You may not delete this video.",
                    user + " is neither the owner of " + id + " nor " + DemoUsers.ADMIN, null);
        }
        if (!videos.delete(id)) {
            throw notFound(id);
        }
        events.videoDeleted(id);
        return new Reply(204, null, Map.of());
    }

    /** {@code GET /slow?ms=N}: waits on the calling (worker) thread. */
    public Reply slow(Call call) throws InterruptedException {
        int delay = VideoApi.delayMillis(call.query(VideoApi.DELAY_PARAMETER));
        long started = System.nanoTime();
        Thread.sleep(delay);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requested_ms", delay);
        body.put("waited_ms", (System.nanoTime() - started) / 1_000_000);
        return Reply.json(200, body);
    }

    /** {@code GET /admin/database}. */
    public Reply databaseState() {
        return Reply.json(200, databaseBody(null));
    }

    /** {@code POST /admin/database?state=down|up}: admin only. */
    public Reply setDatabaseState(Call call) {
        String user = authenticate(call, true).orElseThrow();
        boolean granted = DemoUsers.ADMIN.equals(user);
        faultline.audit().authorization(OUTAGE_PATH, VideoApi.OUTAGE_ACTION, granted, user);
        if (!granted) {
            throw new AuthorizationException("Only admin may simulate a database outage.",
                    user + " is not " + DemoUsers.ADMIN, null);
        }
        boolean down = VideoApi.outageState(call.query(VideoApi.STATE_PARAMETER));
        boolean changed = videos.outage(down);
        if (changed) {
            events.databaseOutage(down);
        }
        return Reply.json(200, databaseBody(changed));
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

    /**
     * The user of the request's bearer token, also told to Faultline; see {@link VideoApi}.
     *
     * @throws AuthenticationException with a {@code WWW-Authenticate} challenge set on the response
     */
    Optional<String> authenticate(Call call, boolean required) {
        List<String> authorization = call.headers("Authorization");
        if (authorization.isEmpty()) {
            if (!required) {
                return Optional.empty();
            }
            call.responseHeader("WWW-Authenticate", CHALLENGE);
            throw new AuthenticationException("This request needs a bearer token: POST /login for one.");
        }
        String token = authorization.size() == 1 ? bearerToken(authorization.get(0)) : null;
        Optional<String> user = token != null ? tokens.user(token) : Optional.empty();
        if (user.isEmpty()) {
            faultline.audit().authentication(false, null, "token",
                    token != null ? "unknown or expired token" : "not a bearer token");
            call.responseHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
            throw new AuthenticationException("The bearer token is invalid or has expired.");
        }
        call.actsFor(user.get());
        return user;
    }

    private static @Nullable String bearerToken(String authorization) {
        String value = authorization.strip();
        if (value.length() <= BEARER.length() || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || value.charAt(BEARER.length()) != ' ') {
            return null;
        }
        String token = value.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("Video not found", "no video with id '" + id + "'", null);
    }

    /**
     * Reads a request body of at most {@value VideoApi#MAX_BODY_BYTES} bytes; a larger one, declared
     * ({@code declaredLength}, -1 when unknown) or streamed, is a 413 problem after which the
     * connection is closed.
     */
    static byte[] readBody(InputStream in, long declaredLength, Call call) throws IOException {
        if (declaredLength > VideoApi.MAX_BODY_BYTES) {
            throw tooLarge(call, "declared Content-Length " + declaredLength);
        }
        byte[] body = in.readNBytes(VideoApi.MAX_BODY_BYTES + 1);
        if (body.length > VideoApi.MAX_BODY_BYTES) {
            throw tooLarge(call, "body longer than " + VideoApi.MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    private static FaultlineException tooLarge(Call call, String internal) {
        call.closeConnection();
        return new FaultlineException(ErrorType.PAYLOAD_TOO_LARGE,
                "The request body must not exceed " + VideoApi.MAX_BODY_BYTES + " bytes.", internal, null);
    }
}
