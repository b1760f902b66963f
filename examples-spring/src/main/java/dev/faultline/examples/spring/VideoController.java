package dev.faultline.examples.spring;

import dev.faultline.Faultline;
import dev.faultline.error.AuthenticationException;
import dev.faultline.error.AuthorizationException;
import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import dev.faultline.error.FieldError;
import dev.faultline.error.NotFoundException;
import dev.faultline.error.ValidationException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The video API's endpoints as Spring MVC handler methods. They throw Faultline's exceptions (or let
 * real ones through: H2's {@code SQLException}, a {@code ConnectException}); the starter turns every one
 * into its problem, with the route template ({@code /videos/{id}}) as the endpoint. Unknown paths and
 * methods are Spring's own {@code NoResourceFoundException} and {@code HttpRequestMethodNotSupportedException},
 * answered as problems the same way.
 */
@RestController
class VideoController {

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_DELAY_MILLIS = 5_000;
    private static final String CHALLENGE = "Bearer realm=\"faultline-examples\"";
    private static final String ADMIN = "admin";
    private static final Map<String, byte[]> DEMO_USERS = Map.of("alice", sha256("wonderland"),
            "bob", sha256("builder"), ADMIN, sha256("admin-secret")); // for the demo only
    private static final byte[] NOBODY = sha256("no such user");

    private final Faultline faultline;
    private final VideoStore videos;
    private final Failures failures;
    private final Tokens tokens;
    private final JsonMapper json;

    VideoController(Faultline faultline, VideoStore videos, Failures failures, Tokens tokens, JsonMapper json) {
        this.faultline = faultline;
        this.videos = videos;
        this.failures = failures;
        this.tokens = tokens;
        this.json = json;
    }

    @GetMapping("/")
    Map<String, Object> index() {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("service", "faultline video API (Spring Boot)");
        index.put("endpoints", List.of("POST /login", "POST /videos", "GET /videos", "GET /videos/{id}",
                "DELETE /videos/{id}", "GET /videos/{id}?fail=database|external|timeout", "GET /slow?ms=N",
                "GET /admin/database", "POST /admin/database?state=down|up"));
        index.put("monitoring", List.of("GET /health", "GET /health/live", "GET /health/ready", "GET /metrics/errors",
                "GET /metrics/trends?hours=N", "GET /metrics/insights", "GET /metrics/alerts?hours=N",
                "GET /metrics/performance", "GET /metrics/dashboard/", "GET /actuator/health"));
        return index;
    }

    @PostMapping("/login")
    ResponseEntity<Map<String, Object>> login(@RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false)
            @Nullable String type, @RequestBody(required = false) byte @Nullable [] body, HttpServletResponse response) {
        if (!isJson(type)) { // Faultline redacts a logged body by its declared type
            response.setHeader(HttpHeaders.CONNECTION, "close");
            throw new ValidationException("POST /login takes a JSON body: Content-Type: application/json.").withStatus(415);
        }
        Map<String, Object> fields = object(body, "The request body must be a JSON object with username and password.");
        List<FieldError> errors = new ArrayList<>();
        String user = string(fields, "username", errors);
        String password = string(fields, "password", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException("The login request is not valid.", errors);
        }
        byte[] expected = DEMO_USERS.get(user);
        boolean same = MessageDigest.isEqual(expected != null ? expected : NOBODY, sha256(password));
        if (expected == null || !same) {
            faultline.audit().authentication(false, user, "password", "bad credentials");
            throw new AuthenticationException("Invalid username or password.");
        }
        actsFor(user);
        faultline.audit().authentication(true, user, "password", null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", tokens.issue(user));
        answer.put("user", user);
        answer.put("expires_in", Tokens.TTL.toSeconds());
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(answer);
    }

    @PostMapping("/videos")
    ResponseEntity<Map<String, Object>> create(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
            @Nullable List<String> authorization, InputStream in, HttpServletResponse response) throws Exception {
        String owner = authenticate(authorization, false, response).orElse("anonymous");
        // read as sent, whatever its declared type (as the other servers do): for a form's type Spring's
        // @RequestBody would hand over the body rebuilt from the parsed parameters, not the bytes
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        Map<String, Object> fields = object(body, "The request body must be a JSON object.");
        List<FieldError> errors = new ArrayList<>();
        String title = string(fields, "title", errors);
        if (title != null && title.isBlank()) {
            errors.add(new FieldError("title", "must not be blank"));
        } else if (title != null && title.codePointCount(0, title.length()) > 200) {
            errors.add(new FieldError("title", "must be at most 200 characters"));
        }
        String templateId = string(fields, "template_id", errors);
        if (templateId != null && !templateId.matches("[a-z0-9_-]{1,64}")) {
            errors.add(new FieldError("template_id", "must be 1 to 64 characters of a-z, 0-9, '_' and '-'"));
        }
        String script = string(fields, "script", errors);
        if (script != null && script.codePointCount(0, script.length()) > 10_000) {
            errors.add(new FieldError("script", "must be at most 10000 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException("The video is not valid.", errors);
        }
        VideoStore.Video video = videos.create(title, templateId, script, owner);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("video_id", video.id());
        event.put("template_id", video.templateId());
        event.put("script_length", video.scriptLength());
        event.put("owner", owner);
        faultline.business().event("video_created", event);
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.LOCATION, "/videos/" + video.id())
                .body(video.toJson());
    }

    @GetMapping("/videos")
    Map<String, Object> list(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
            @Nullable List<String> authorization, @RequestParam(name = Failures.PARAMETER, required = false)
            @Nullable String fail, HttpServletResponse response) throws Exception {
        authenticate(authorization, false, response);
        failures.provoke(fail);
        List<Map<String, Object>> items = videos.latest().stream().map(VideoStore.Video::toJson).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("videos", items);
        body.put("count", items.size());
        body.put("limit", VideoStore.MAX_LIST);
        return body;
    }

    @GetMapping("/videos/{id}")
    Map<String, Object> get(@PathVariable String id, @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
            @Nullable List<String> authorization, @RequestParam(name = Failures.PARAMETER, required = false)
            @Nullable String fail, HttpServletResponse response) throws Exception {
        authenticate(authorization, false, response);
        failures.provoke(fail);
        return videos.find(id).orElseThrow(() -> notFound(id)).toJson();
    }

    @DeleteMapping("/videos/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, @RequestHeader(value = HttpHeaders.AUTHORIZATION,
            required = false) @Nullable List<String> authorization, HttpServletResponse response) throws Exception {
        String user = authenticate(authorization, true, response).orElseThrow();
        VideoStore.Video video = videos.find(id).orElseThrow(() -> notFound(id));
        boolean granted = user.equals(video.owner()) || ADMIN.equals(user);
        faultline.audit().authorization("/videos/" + id, "delete", granted, user);
        if (!granted) {
            throw new AuthorizationException("You may not delete this video.",
                    user + " is neither the owner of " + id + " nor " + ADMIN, null);
        }
        if (!videos.delete(id)) {
            throw notFound(id);
        }
        faultline.business().userAction("delete", "video", id);
        return ResponseEntity.noContent().build();
    }

    /** Waits on the request thread, as a slow dependency would make it wait. */
    @GetMapping("/slow")
    Map<String, Object> slow(@RequestParam(required = false) @Nullable String ms) throws InterruptedException {
        int delay;
        try {
            delay = ms == null ? 1_500 : Integer.parseInt(ms.strip());
        } catch (NumberFormatException e) {
            delay = -1;
        }
        if (delay < 0 || delay > MAX_DELAY_MILLIS) {
            throw new ValidationException("The delay is out of range.", List.of(new FieldError("ms",
                    "must be a whole number of milliseconds from 0 to " + MAX_DELAY_MILLIS)));
        }
        long started = System.nanoTime();
        Thread.sleep(delay);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requested_ms", delay);
        body.put("waited_ms", (System.nanoTime() - started) / 1_000_000);
        return body;
    }

    @GetMapping("/admin/database")
    Map<String, Object> databaseState() {
        return databaseBody(null);
    }

    /** Demo only: admin's token starts or ends a simulated database outage. */
    @PostMapping("/admin/database")
    Map<String, Object> setDatabaseState(@RequestParam(required = false) @Nullable String state,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) @Nullable List<String> authorization,
            HttpServletResponse response) {
        String user = authenticate(authorization, true, response).orElseThrow();
        boolean granted = ADMIN.equals(user);
        faultline.audit().authorization("/admin/database", "simulate_outage", granted, user);
        if (!granted) {
            throw new AuthorizationException("Only admin may simulate a database outage.", user + " is not " + ADMIN, null);
        }
        boolean down = switch (state == null ? "" : state.strip().toLowerCase(Locale.ROOT)) {
            case "down" -> true;
            case "up" -> false;
            default -> throw new ValidationException("The database state is not valid.",
                    List.of(new FieldError("state", "must be down or up")));
        };
        boolean changed = videos.outage(down);
        if (changed) {
            faultline.business().userAction(down ? "database_down" : "database_up", "database", "videos");
        }
        return databaseBody(changed);
    }

    private Map<String, Object> databaseBody(@Nullable Boolean changed) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("database", videos.downSince().isPresent() ? "down" : "up");
        videos.downSince().ifPresent(t -> body.put("down_since", t.toString()));
        if (changed != null) {
            body.put("changed", changed);
        }
        body.put("simulated", true);
        return body;
    }

    /** The user of the request's bearer token, also told to Faultline. */
    private Optional<String> authenticate(@Nullable List<String> authorization, boolean required,
            HttpServletResponse response) {
        if (authorization == null || authorization.isEmpty()) {
            if (!required) {
                return Optional.empty();
            }
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
            throw new AuthenticationException("This request needs a bearer token: POST /login for one.");
        }
        String token = authorization.size() == 1 ? bearerToken(authorization.get(0)) : null;
        Optional<String> user = token != null ? tokens.user(token) : Optional.empty();
        if (user.isEmpty()) {
            faultline.audit().authentication(false, null, "token",
                    token != null ? "unknown or expired token" : "not a bearer token");
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE + ", error=\"invalid_token\"");
            throw new AuthenticationException("The bearer token is invalid or has expired.");
        }
        actsFor(user.get());
        return user;
    }

    private static void actsFor(String user) {
        Faultline.current().ifPresent(c -> c.userId(user));
    }

    private static @Nullable String bearerToken(String authorization) {
        String value = authorization.strip();
        if (value.length() <= 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = value.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    /** The body as a JSON object, whatever its declared type (as the other servers read it). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> object(byte @Nullable [] body, String notAnObject) {
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length > MAX_BODY_BYTES) {
            throw new FaultlineException(ErrorType.PAYLOAD_TOO_LARGE,
                    "The request body must not exceed " + MAX_BODY_BYTES + " bytes.", "body of " + bytes.length, null);
        }
        Object parsed;
        try {
            parsed = json.readValue(bytes, Object.class);
        } catch (JacksonException e) { // Jackson's message may quote the body (a password): not kept
            throw new ValidationException("The request body is not valid JSON.");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new ValidationException(notAnObject);
        }
        return (Map<String, Object>) map;
    }

    private static @Nullable String string(Map<String, Object> fields, String name, List<FieldError> errors) {
        Object value = fields.get(name);
        if (value == null) {
            errors.add(new FieldError(name, "is required"));
            return null;
        }
        if (!(value instanceof String s)) {
            errors.add(new FieldError(name, "must be a string"));
            return null;
        }
        return s;
    }

    private static boolean isJson(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String base = (semi >= 0 ? contentType.substring(0, semi) : contentType).strip().toLowerCase(Locale.ROOT);
        return base.equals("application/json") || (base.endsWith("+json") && base.indexOf('/') > 0);
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("Video not found", "no video with id '" + id + "'", null);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
