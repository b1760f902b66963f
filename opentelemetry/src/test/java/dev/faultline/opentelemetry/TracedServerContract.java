package dev.faultline.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.alert.Alert;
import dev.faultline.alert.AlertChannel;
import dev.faultline.alert.PredicateRule;
import dev.faultline.error.ErrorType;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What a request that fails inside an OpenTelemetry server span looks like, on a real server: the
 * span (started by a test-side wrapper around the server's handler chain, as the Java agent's
 * instrumentation does, and exported by the SDK's in-memory exporter) carries {@code error.type}, the
 * exception and the right status, and the trace id is the problem's {@code request_id}, the
 * {@code X-Request-Id} header, the request id of Faultline's log line and of the alert it fires. One
 * subclass per adapter.
 *
 * <p>The application behind Faultline answers {@code /videos/db} with a real {@link java.sql.SQLException}
 * (a 503), {@code /videos/missing} with a {@code NotFoundException} (a 404) and {@code /videos/ok} with
 * 200; each logs one line on logger {@code app} first, from whichever thread the server runs it on.
 */
abstract class TracedServerContract {

    static final String TRACE_PARENT_ID = "0af7651916cd43dd8448eb211c80319c";
    static final String TRACEPARENT = "00-" + TRACE_PARENT_ID + "-b7ad6b7169203331-01";
    static final ObjectMapper JSON = new ObjectMapper();

    /** A running server; {@code traced} says whether the span wrapper is in front of Faultline. */
    interface Running extends AutoCloseable {
        URI base();
    }

    /**
     * Starts the server on a free loopback port with, from the outside in: a wrapper that starts a
     * SERVER span with {@code tracer} (parent extracted from {@code traceparent}) and makes it current
     * around the rest, ending it when the response is complete; Faultline's adapter; the application.
     */
    abstract Running start(Faultline faultline, Tracer tracer) throws Exception;

    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    final SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    final Tracer tracer = tracing.get("faultline-test");
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final List<Alert> alerts = new CopyOnWriteArrayList<>();

    @Nullable Faultline faultline;
    @Nullable Running server;

    @BeforeEach
    void captureLogs() {
        logs.start();
        for (String name : List.of("faultline.http", "app")) {
            ((Logger) LoggerFactory.getLogger(name)).addAppender(logs);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (String name : List.of("faultline.http", "app")) {
            ((Logger) LoggerFactory.getLogger(name)).detachAppender(logs);
        }
        if (server != null) {
            server.close();
        }
        if (faultline != null) {
            faultline.close();
        }
        tracing.close();
    }

    URI serve(Consumer<FaultlineOpenTelemetry.Builder> otel) throws Exception {
        FaultlineOpenTelemetry.Builder b = FaultlineOpenTelemetry.builder();
        otel.accept(b);
        faultline = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .defaultAlertRules(false)
                .alerting(a -> a.logChannel(false).tickInterval(Duration.ZERO)
                        .rule(PredicateRule.builder("database_down").condition(e -> e.type() == ErrorType.DATABASE).build())
                        .channel(AlertChannel.of("captured", alerts::add)))
                .security(s -> s.rateLimit(false))
                .exchangeObserver(b.build()).build();
        server = start(faultline, tracer);
        return server.base();
    }

    HttpResponse<String> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            r.headers(headers);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The one span the exporter received (the wrapper ends it when the response is complete). */
    SpanData span() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (exporter.getFinishedSpanItems().isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                fail("no span ended within 10 s");
            }
            Thread.sleep(10);
        }
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertEquals(1, spans.size(), spans.toString());
        assertEquals(SpanKind.SERVER, spans.get(0).getKind());
        return spans.get(0);
    }

    /** The {@code request completed} event on {@code faultline.http} (logged when the exchange closes). */
    ILoggingEvent completed() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Optional<ILoggingEvent> e = logs.list.stream().filter(x -> "request completed".equals(x.getMessage())).findFirst();
            if (e.isPresent()) {
                return e.get();
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no 'request completed' log line within 10 s: " + logs.list);
            }
            Thread.sleep(10);
        }
    }

    /** The one alert delivered (the rule fires on the database error). */
    Alert alert() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (alerts.isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                fail("no alert delivered within 10 s");
            }
            Thread.sleep(10);
        }
        assertEquals(1, alerts.size(), alerts.toString());
        return alerts.get(0);
    }

    ILoggingEvent appLine() {
        return logs.list.stream().filter(x -> x.getLoggerName().equals("app")).findFirst()
                .orElseThrow(() -> new AssertionError("the application logged nothing: " + logs.list));
    }

    static @Nullable Object kv(ILoggingEvent e, String key) {
        return e.getKeyValuePairs() == null ? null : e.getKeyValuePairs().stream()
                .filter(p -> p.key.equals(key)).map(p -> p.value).findFirst().orElse(null);
    }

    @Test
    @DisplayName("a 503 inside a span: one id in span, header, problem body and log line; error.type, exception and ERROR status on the span")
    void serverFault() throws Exception {
        URI base = serve(b -> { });
        HttpResponse<String> r = get(base.resolve("/videos/db"));
        assertEquals(503, r.statusCode(), r.body());
        SpanData span = span();
        String traceId = span.getTraceId();

        JsonNode problem = JSON.readTree(r.body());
        assertEquals(traceId, problem.path("request_id").asText(), r.body());
        assertEquals(Optional.of(traceId), r.headers().firstValue("X-Request-Id"));
        assertEquals(traceId, kv(completed(), "request_id"), "the log line's request id");
        assertEquals(traceId, completed().getMDCPropertyMap().get("trace_id"), "the log line's trace id");
        assertEquals(traceId, alert().context().get("request_id"), "the alert's request id");

        assertEquals("database", span.getAttributes().get(FaultlineOpenTelemetry.ERROR_TYPE));
        assertEquals("database", span.getAttributes().get(AttributeKey.stringKey(FaultlineOpenTelemetry.FAULTLINE_ERROR_TYPE)));
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        List<EventData> exceptions = span.getEvents().stream().filter(e -> e.getName().equals("exception")).toList();
        assertEquals(1, exceptions.size(), "the exception is recorded once: " + span.getEvents());
        assertEquals("java.sql.SQLException", exceptions.get(0).getAttributes().get(AttributeKey.stringKey("exception.type")));

        ILoggingEvent app = appLine();
        Map<String, String> mdc = app.getMDCPropertyMap();
        assertEquals(traceId, mdc.get("trace_id"), mdc.toString());
        assertEquals(span.getSpanId(), mdc.get("span_id"), mdc.toString());
        assertEquals(span.getSpanContext().getTraceFlags().asHex(), mdc.get("trace_flags"), mdc.toString());
        assertTrue(span.getSpanContext().getTraceFlags().isSampled());
        assertEquals(traceId, mdc.get("request_id"), mdc.toString());
    }

    @Test
    @DisplayName("a 404 inside a span: error.type and the exception, but the span's status stays unset")
    void clientFault() throws Exception {
        URI base = serve(b -> { });
        HttpResponse<String> r = get(base.resolve("/videos/missing"));
        assertEquals(404, r.statusCode(), r.body());
        SpanData span = span();
        assertEquals(span.getTraceId(), JSON.readTree(r.body()).path("request_id").asText());
        assertEquals("not_found", span.getAttributes().get(FaultlineOpenTelemetry.ERROR_TYPE));
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        assertEquals(1, span.getEvents().stream().filter(e -> e.getName().equals("exception")).count(), span.getEvents().toString());
    }

    @Test
    @DisplayName("a success inside a span: the trace id is the request id, and the span carries no error")
    void success() throws Exception {
        URI base = serve(b -> { });
        HttpResponse<String> r = get(base.resolve("/videos/ok"));
        assertEquals(200, r.statusCode(), r.body());
        SpanData span = span();
        assertEquals(Optional.of(span.getTraceId()), r.headers().firstValue("X-Request-Id"));
        assertEquals(null, span.getAttributes().get(FaultlineOpenTelemetry.ERROR_TYPE));
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        assertTrue(span.getEvents().isEmpty(), span.getEvents().toString());
    }

    @Test
    @DisplayName("an incoming traceparent continues its trace: the span's trace id, the caller's, is the request id")
    void continuesTrace() throws Exception {
        URI base = serve(b -> { });
        HttpResponse<String> r = get(base.resolve("/videos/db"), "traceparent", TRACEPARENT, "X-Request-Id", "client-id-1");
        SpanData span = span();
        assertEquals(TRACE_PARENT_ID, span.getTraceId());
        assertEquals(TRACE_PARENT_ID, JSON.readTree(r.body()).path("request_id").asText(), "the trace id wins over the client's id");
        assertEquals(Optional.of(TRACE_PARENT_ID), r.headers().firstValue("X-Request-Id"));
    }

    @Test
    @DisplayName("configured so, a client's X-Request-Id wins; the span still gets the failure and the MDC the trace id")
    void incomingWins() throws Exception {
        URI base = serve(b -> b.incomingRequestIdWins(true));
        HttpResponse<String> r = get(base.resolve("/videos/db"), "X-Request-Id", "client-id-1");
        SpanData span = span();
        assertEquals("client-id-1", JSON.readTree(r.body()).path("request_id").asText());
        assertEquals(Optional.of("client-id-1"), r.headers().firstValue("X-Request-Id"));
        assertEquals("client-id-1", kv(completed(), "request_id"));
        assertEquals(span.getTraceId(), completed().getMDCPropertyMap().get("trace_id"),
                "Faultline's own log line finds the trace, on whatever thread it is logged");
        assertEquals("database", span.getAttributes().get(FaultlineOpenTelemetry.ERROR_TYPE));
        assertEquals(span.getTraceId(), appLine().getMDCPropertyMap().get("trace_id"));
        assertNotEquals(span.getTraceId(), "client-id-1");
    }

    @Test
    @DisplayName("without a span (no wrapper reached), Faultline chooses the id as usual and puts no trace fields in the MDC")
    void noSpan() throws Exception {
        URI base = serve(b -> { });
        HttpResponse<String> r = get(base.resolve("/untraced/videos/db"), "X-Request-Id", "client-id-2");
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("client-id-2", JSON.readTree(r.body()).path("request_id").asText());
        assertFalse(appLine().getMDCPropertyMap().containsKey("trace_id"), appLine().getMDCPropertyMap().toString());
        assertTrue(exporter.getFinishedSpanItems().isEmpty());
    }
}
