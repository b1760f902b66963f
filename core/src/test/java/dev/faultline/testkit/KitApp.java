package dev.faultline.testkit;

import dev.faultline.Faultline;
import dev.faultline.RequestContext;
import dev.faultline.error.AuthenticationException;
import dev.faultline.error.AuthorizationException;
import dev.faultline.error.ConflictException;
import dev.faultline.error.ErrorType;
import dev.faultline.error.ExternalServiceException;
import dev.faultline.error.FaultlineException;
import dev.faultline.error.FieldError;
import dev.faultline.error.NotFoundException;
import dev.faultline.error.RateLimitedException;
import dev.faultline.error.ValidationException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;

/**
 * The standard test application of the conformance kit. Every adapter's test maps these routes onto
 * its server's own routing, calling the behaviours below, so that all adapters are held to the same
 * scenarios:
 *
 * <table>
 *   <caption>Routes (all GET)</caption>
 *   <tr><td>{@value #OK}</td><td>200 {@code text/plain} body {@code ok}</td></tr>
 *   <tr><td>{@code /kit/fail/{type}}</td><td>throws {@link #failure(String)} on the request thread</td></tr>
 *   <tr><td>{@code /kit/async/fail/{type}}</td><td>throws {@link #failure(String)} from the server's
 *       asynchronous mechanism (Undertow dispatch, servlet async, JAX-RS suspended response...)</td></tr>
 *   <tr><td>{@value #BOOM}</td><td>throws an {@link IllegalStateException} with {@link #NASTY_MESSAGE}</td></tr>
 *   <tr><td>{@value #COMMITTED}</td><td>writes and flushes {@link #PARTIAL_BODY}, then throws</td></tr>
 *   <tr><td>{@value #MDC}</td><td>200, body {@link #mdcReport()} from the request thread</td></tr>
 *   <tr><td>{@value #ASYNC_MDC}</td><td>200, body {@link #mdcReport()} from the asynchronous mechanism</td></tr>
 *   <tr><td>{@code /kit/items/{id}}</td><td>200, body {@code item <id>}; route template {@value #ITEM_TEMPLATE}</td></tr>
 *   <tr><td>POST {@value #ECHO}</td><td>reads the whole request body, then writes it back with the same
 *       {@code Content-Type} (read first: the JDK client does not read a response while it still sends)</td></tr>
 *   <tr><td>POST {@value #FORM}</td><td>reads the form parameter {@code name} through the server's own form
 *       API and answers {@code name=<value>} as text</td></tr>
 *   <tr><td>{@value #BIG}{@code ?bytes=N}</td><td>writes N bytes of {@link #bigByte(long)} as {@code text/plain},
 *       streaming</td></tr>
 *   <tr><td>{@value #BARE_401}</td><td>no exception, no body: status 401 and the header
 *       {@code WWW-Authenticate: }{@value #CHALLENGE}, as an authentication layer answers</td></tr>
 *   <tr><td>{@value #STALE}</td><td>200 {@code application/json} {@link #STALE_BODY}, or throws
 *       {@code failure("database")} while {@link #STALE_FAILING} is set</td></tr>
 *   <tr><td>{@value #SHED}</td><td>counts its calls in {@link #SHED_CALLS}; 200 {@code ok}, or throws
 *       {@code failure("database")} while {@link #SHED_FAILING} is set</td></tr>
 *   <tr><td>{@value #SECRET_JSON}</td><td>200 {@code application/json}: {@link #SECRET_JSON_BODY}</td></tr>
 *   <tr><td>POST {@value #JSON}</td><td>(used by {@link HostileKit}) reads the whole request body and answers
 *       {@link #json(String, byte[])} as {@code text/plain}; lets its exceptions propagate</td></tr>
 * </table>
 */
public final class KitApp {

    public static final String OK = "/kit/ok";
    public static final String FAIL_TEMPLATE = "/kit/fail/{type}";
    public static final String ASYNC_FAIL_TEMPLATE = "/kit/async/fail/{type}";
    public static final String BOOM = "/kit/boom";
    public static final String COMMITTED = "/kit/committed";
    public static final String MDC = "/kit/mdc";
    public static final String ASYNC_MDC = "/kit/async/mdc";
    public static final String ITEM_TEMPLATE = "/kit/items/{id}";
    public static final String ECHO = "/kit/echo";
    public static final String FORM = "/kit/form";
    public static final String BIG = "/kit/big";
    public static final String SECRET_JSON = "/kit/secret-json";
    public static final String BARE_401 = "/kit/bare-401";
    /** POST: the application parses its JSON body through Jackson with explicit limits ({@link #json(String, byte[])}). */
    public static final String JSON = "/kit/json";

    /** The challenge {@value #BARE_401} sends. */
    public static final String CHALLENGE = "Bearer realm=\"kit\"";

    /** A secret the response of {@value #SECRET_JSON} holds under a nested {@code token} member. */
    public static final String RESPONSE_SECRET = "resp-secret-9f2c";

    /** The body of {@value #SECRET_JSON}. */
    public static final String SECRET_JSON_BODY = "{\"user\":{\"name\":\"kit\",\"roles\":[\"a\",\"b\"],"
            + "\"token\":\"" + RESPONSE_SECRET + "\"}}";

    /** A database password the {@code database} failure's message carries in a connection URL. */
    public static final String DB_PASSWORD = "kit-db-pass-7Qm2";

    /** A connection URL with {@link #DB_PASSWORD}, as drivers put in their messages. */
    public static final String DB_URL = "postgres://kit:" + DB_PASSWORD + "@db.internal:5432/kit";

    /** Marks every internal message: a production client must never see it. */
    public static final String SECRET = "s3cr3t-internal";

    /** An exception message built to break naive JSON writers and HTML embedding. */
    public static final String NASTY_MESSAGE = "quote\" backslash\\ newline\n cr\r tab\t nul\u0000 bell\u0007 "
            + "</script><script>alert(1)</script> unpaired \uD800 low \uDC00 emoji \uD83D\uDE00 " + SECRET;

    /** What {@value #COMMITTED} writes before it throws. */
    public static final String PARTIAL_BODY = "partial-body-";

    private KitApp() {
    }

    /**
     * The exception the kit throws for an error type's slug ({@code not-found}); a mix of Faultline's
     * own exceptions and raw JDK ones, wrapped as applications wrap them, so that both the exception
     * family and the built-in classification are exercised. Every internal message holds {@link #SECRET}.
     */
    public static RuntimeException failure(String slug) {
        ErrorType type = typeOf(slug);
        return switch (type) {
            case VALIDATION -> new ValidationException("The video is not valid.",
                    List.of(new FieldError("title", "must not be blank"), new FieldError("script", "too long")));
            case AUTHENTICATION -> new AuthenticationException("Sign in first.", "no session " + SECRET, null);
            case AUTHORIZATION -> new AuthorizationException("You may not delete this video.", "user 7 " + SECRET, null);
            case NOT_FOUND -> new NotFoundException("Video not found.", "video 42 " + SECRET, null);
            case CONFLICT -> new ConflictException("The video changed meanwhile.", "etag " + SECRET, null);
            case PAYLOAD_TOO_LARGE -> new FaultlineException(ErrorType.PAYLOAD_TOO_LARGE, null, "body " + SECRET, null);
            case RATE_LIMITED -> new RateLimitedException("Slow down.", Duration.ofSeconds(30));
            case TIMEOUT -> new RuntimeException("wrapped " + SECRET, new SocketTimeoutException("read timed out " + SECRET));
            case DATABASE -> new IllegalStateException("query failed " + SECRET,
                    new SQLException("SELECT * FROM users -- " + SECRET + " on " + DB_URL, "08001"));
            case EXTERNAL_SERVICE -> new ExternalServiceException("payments", null, new ConnectException("refused " + SECRET));
            case NETWORK -> new UncheckedIOException(new UnknownHostException("db-7.internal " + SECRET));
            case RESOURCE_EXHAUSTED -> new RejectedExecutionException("pool full " + SECRET);
            case INTERNAL -> new IllegalStateException("invariant broken " + SECRET);
            case CLIENT_CLOSED -> new FaultlineException(ErrorType.CLIENT_CLOSED, null, "client gone " + SECRET, null);
        };
    }

    /**
     * The error types a client still connected gets a problem for: every type but
     * {@link ErrorType#CLIENT_CLOSED}, whose client is gone (nothing is written for it; the hostile kit
     * covers it).
     */
    public static List<ErrorType> answeredTypes() {
        return java.util.Arrays.stream(ErrorType.values()).filter(t -> t != ErrorType.CLIENT_CLOSED).toList();
    }

    /** The error type named by a slug ({@code not-found}). */
    public static ErrorType typeOf(String slug) {
        return ErrorType.valueOf(slug.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public static final String STALE = "/kit/stale";
    public static final String SHED = "/kit/shed";
    public static final String STALE_BODY = "{\"videos\":[\"v1\",\"v2\"]}";
    public static final java.util.concurrent.atomic.AtomicBoolean STALE_FAILING = new java.util.concurrent.atomic.AtomicBoolean();
    public static final java.util.concurrent.atomic.AtomicBoolean SHED_FAILING = new java.util.concurrent.atomic.AtomicBoolean();
    public static final java.util.concurrent.atomic.AtomicInteger SHED_CALLS = new java.util.concurrent.atomic.AtomicInteger();

    /** {@value #STALE}'s behaviour: the body, or a database failure. */
    public static String stale() {
        if (STALE_FAILING.get()) {
            throw failure("database");
        }
        return STALE_BODY;
    }

    /** {@value #SHED}'s behaviour: {@code ok}, or a database failure. */
    public static String shed() {
        SHED_CALLS.incrementAndGet();
        if (SHED_FAILING.get()) {
            throw failure("database");
        }
        return "ok";
    }

    /** The Jackson limits of {@value #JSON}: an application that validates bodies sets limits like these. */
    private static final com.fasterxml.jackson.databind.ObjectMapper LIMITED_JSON = new com.fasterxml.jackson.databind.ObjectMapper(
            com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxNestingDepth(64).maxNumberLength(100).maxStringLength(10_000)
                            .maxDocumentLength(64 * 1024).maxNameLength(1_000).build())
                    .build());

    /**
     * {@value #JSON}'s behaviour: a JSON object with a string member {@code title}, parsed through Jackson
     * with explicit limits; answers {@code title=<title>}. A content type other than
     * {@code application/json} is a 415 problem; anything Jackson refuses propagates as Jackson's own
     * exception, for Faultline's classifier.
     */
    public static String json(String contentType, byte[] body) throws java.io.IOException {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new FaultlineException(ErrorType.VALIDATION, "Send the body as application/json.",
                    "content type " + contentType, null).withStatus(415);
        }
        Title t = LIMITED_JSON.readValue(body, Title.class);
        return "title=" + t.title();
    }

    /** The body {@value #JSON} accepts. */
    public record Title(String title) {
    }

    /** The monitoring token of the kit's guarded server. */
    public static final String TOKEN = "kit-monitoring-token-0123456789";

    /** A health check that "sleeps 10 s": it blocks on {@code hang} for up to ten seconds. */
    public static dev.faultline.health.HealthResult hangingCheck(java.util.concurrent.CountDownLatch hang)
            throws InterruptedException {
        hang.await(10, java.util.concurrent.TimeUnit.SECONDS);
        return dev.faultline.health.HealthResult.up();
    }

    /** The byte at offset {@code i} of {@value #BIG}'s body: printable ASCII, so the body is valid text. */
    public static byte bigByte(long i) {
        return (byte) ('a' + (i % 26));
    }

    /** What the application sees of its request: the MDC's request id and the current exchange's. */
    public static String mdcReport() {
        String current = Faultline.current().map(RequestContext::requestId).orElse("none");
        return "mdc=" + org.slf4j.MDC.get("request_id") + ";current=" + current;
    }
}
