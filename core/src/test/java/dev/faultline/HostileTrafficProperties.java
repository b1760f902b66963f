package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.alert.AlertLevel;
import dev.faultline.alert.AlertRecord;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import dev.faultline.metrics.ErrorStats;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.testkit.KitClock;
import dev.faultline.testkit.TestRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Signals an anonymous client cannot forge (issue 14): whatever hostile requests untrusted clients
 * send, no alert above {@code info} fires and no 5xx is counted; and refused requests, to however many
 * distinct paths, create no endpoint.
 */
class HostileTrafficProperties {

    /** What a hostile request does to the pipeline. */
    enum Kind {
        /** Undertow's "remote peer closed connection" while the application reads the body. */
        CUT_BODY,
        /** A broken pipe on the server's own connection while writing the response. */
        BROKEN_PIPE,
        /** Malformed chunked framing (UT000042). */
        BAD_TRAILERS,
        /** A JSON body Jackson refuses (a parse error, or a limit). */
        BAD_JSON,
        /** A JSON number past Jackson's default limit. */
        JSON_BOMB,
        /** A bare 4xx the server or router produced (404, 405, 413, 414, 431, 400). */
        BARE_4XX,
        /** A script in the query (signature). */
        SIGNATURE,
        /** A plain request to a random path (404 from the router). */
        RANDOM_PATH
    }

    record Hostile(Kind kind, String client, String path, int status) {
    }

    @Provide
    Arbitrary<Hostile> hostile() {
        Arbitrary<String> clients = Arbitraries.of("203.0.113.1", "203.0.113.2", "198.51.100.7", "2001:db8::1");
        Arbitrary<String> paths = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)
                .map(s -> "/" + s);
        return Combinators.combine(Arbitraries.of(Kind.class), clients, paths,
                Arbitraries.of(400, 404, 405, 413, 414, 431)).as(Hostile::new);
    }

    private static final IOException SERVER_IO = serverIo(new IOException("Broken pipe"));

    /** An exception whose stack trace says the server's own connection threw it. */
    private static <T extends Throwable> T serverIo(T t) {
        t.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("sun.nio.ch.SocketDispatcher", "write0", null, -2),
                new StackTraceElement("io.undertow.conduits.ChunkedStreamSinkConduit", "write", null, 1),
                new StackTraceElement("dev.example.App", "handle", null, 1)});
        return t;
    }

    private static Throwable failure(Kind kind) {
        return switch (kind) {
            case CUT_BODY -> new IOException("UT000128: Remote peer closed connection before all data could be read");
            case BROKEN_PIPE -> new java.io.UncheckedIOException(SERVER_IO);
            case BAD_TRAILERS -> new RuntimeException(new IOException("UT000042: Could not decode trailers in HTTP request"));
            case BAD_JSON -> parse("{\"title\":");
            case JSON_BOMB -> parse("{\"title\":" + "9".repeat(2_000) + "}");
            default -> throw new IllegalArgumentException(kind.name());
        };
    }

    private static Throwable parse(String json) {
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            throw new AssertionError("parsed: " + json);
        } catch (IOException e) {
            return e;
        }
    }

    private static Faultline faultline(KitClock clock, AtomicLong nanos, int perMinute) {
        return Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .clock(clock).ticker(nanos::get)
                .security(s -> s.maxRequestsPerMinute(perMinute)
                        .signatureMode(dev.faultline.security.SecurityConfig.Mode.BLOCK))
                .alerting(a -> a.tickInterval(Duration.ZERO).logChannel(false))
                .build();
    }

    /** Drives one hostile request through the pipeline as an adapter would. */
    private static void send(Faultline f, Hostile h) {
        TestRequest request = TestRequest.get(h.path()).remoteAddress(h.client()).header("User-Agent", "hostile\r\nINFO x");
        if (h.kind() == Kind.SIGNATURE) {
            request.query("q=%3Cscript%3Ealert(1)%3C/script%3E");
        }
        if (h.kind() == Kind.CUT_BODY || h.kind() == Kind.BAD_JSON || h.kind() == Kind.JSON_BOMB
                || h.kind() == Kind.BAD_TRAILERS || h.kind() == Kind.BROKEN_PIPE) {
            request.route("/videos/{id}");
        }
        Exchange x = f.open(request);
        Optional<ErrorReply> refused = x.rejection();
        int status;
        if (refused.isPresent()) {
            status = refused.get().status();
        } else {
            status = switch (h.kind()) {
                case BARE_4XX -> x.failStatus(h.status()).status();
                case RANDOM_PATH, SIGNATURE -> x.failStatus(404).status();
                default -> x.fail(failure(h.kind())).status();
            };
        }
        // what a server sets when it gives up on a dead connection: its own 500, never sent
        x.close(ResponseView.of(status == 499 ? 500 : status, 0));
    }

    @Property(tries = 60)
    void hostileClientsFireNoAlertAndCountNo5xx(@ForAll @Size(max = 300) List<@From("hostile") Hostile> requests) {
        KitClock clock = new KitClock();
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        try (Faultline f = faultline(clock, nanos, 60)) {
            for (Hostile h : requests) {
                send(f, h);
                clock.advance(Duration.ofMillis(50));
                nanos.addAndGet(Duration.ofMillis(50).toNanos());
            }
            f.pipeline.alerting.tick();
            for (AlertRecord a : f.alerts(24).alerts()) {
                assertFalse(a.alert().level().compareTo(AlertLevel.INFO) > 0, () -> "alert: " + a);
            }
            assertEquals(0L, f.performance().overall().lastHour().errorRequests(), "5xx counted");
            ErrorStats errors = f.errors();
            assertEquals(0L, errors.bySeverity(ErrorSeverity.HIGH) + errors.bySeverity(ErrorSeverity.CRITICAL),
                    errors.bySeverity()::toString);
            assertEquals(0L, errors.byType(ErrorType.INTERNAL), errors.byType()::toString);
        }
    }

    @Example
    void theSameVolumeOfServerFailuresDoesAlert() {
        // the control: the property above is not vacuous, the default rules do fire on 5xx
        KitClock clock = new KitClock();
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        try (Faultline f = faultline(clock, nanos, 1_000_000)) {
            for (int i = 0; i < 6; i++) {
                Exchange x = f.open(TestRequest.get("/videos/1").route("/videos/{id}").remoteAddress("203.0.113.1"));
                x.close(ResponseView.of(x.fail(new IllegalStateException("boom")).status(), 0));
            }
            assertTrue(f.alerts(1).alerts().stream()
                    .anyMatch(a -> a.alert().rule().equals("severity_high")), "severity_high fired");
        }
    }

    @Property(tries = 40)
    void refusedRequestsLeaveTheEndpointNamesUnchanged(@ForAll @Size(max = 400) List<@From("hostile") Hostile> requests) {
        KitClock clock = new KitClock();
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        try (Faultline f = faultline(clock, nanos, 1)) {
            // the application's own routes, seen first, one request per client (the budget of 1/min)
            for (String client : List.of("203.0.113.1", "203.0.113.2", "198.51.100.7", "2001:db8::1")) {
                Exchange x = f.open(TestRequest.get("/videos/1").route("/videos/{id}").remoteAddress(client));
                assertTrue(x.rejection().isEmpty(), "admitted");
                x.close(ResponseView.of(200, 2));
            }
            Set<String> before = names(f);
            for (Hostile h : requests) {
                // every one refused: the clients spent their budget, and no time passes
                String method = switch (Math.floorMod(h.path().hashCode(), 3)) {
                    case 0 -> "GET";
                    case 1 -> "POST";
                    default -> "BREW";
                };
                Exchange x = f.open(TestRequest.of(method, h.path() + "/" + h.kind()).remoteAddress(h.client()));
                ErrorReply r = x.rejection().orElseThrow(() -> new AssertionError("not refused: " + h));
                x.close(ResponseView.of(r.status(), r.body().length));
            }
            Set<String> after = names(f);
            Set<String> added = new HashSet<>(after);
            added.removeAll(before);
            for (String name : added) {
                assertTrue(name.endsWith(" " + PerformanceStats.REJECTED), () -> "a refused request created " + name);
            }
            Map<String, Long> byEndpoint = f.errors().byEndpoint();
            for (String e : byEndpoint.keySet()) {
                assertTrue(e.equals(PerformanceStats.REJECTED), () -> "errors by endpoint " + byEndpoint);
            }
            assertTrue(f.performance().endpoint("GET", "/videos/{id}").isPresent(), "the application's route keeps its figures");
        }
    }

    private static Set<String> names(Faultline f) {
        Set<String> out = new HashSet<>();
        for (PerformanceStats.Endpoint e : f.performance().endpoints()) {
            out.add(e.method() + " " + e.endpoint());
        }
        return out;
    }
}
