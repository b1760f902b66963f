package dev.faultline.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.error.NotFoundException;
import dev.faultline.http.Exchange;
import dev.faultline.testkit.TestRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The observer on its own, driven through {@code Faultline.open} without a server. */
@DisplayName("FaultlineOpenTelemetry")
class FaultlineOpenTelemetryTest {

    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();

    static Faultline faultline(FaultlineOpenTelemetry otel) {
        return Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION).alertingEnabled(false)
                .security(s -> s.rateLimit(false)).exchangeObserver(otel).build();
    }

    @AfterEach
    void close() {
        tracing.close();
        MDC.clear();
    }

    @Test
    @DisplayName("a span that is not sampled still gives its trace id, and is not written to")
    void notSampled() {
        tracing.close();
        tracing = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff())
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        Span span = tracing.get("t").spanBuilder("GET /a").startSpan();
        assertFalse(span.isRecording());
        try (Faultline f = faultline(FaultlineOpenTelemetry.create()); Scope ignored = span.makeCurrent()) {
            Exchange x = f.open(TestRequest.get("/a"));
            assertEquals(span.getSpanContext().getTraceId(), x.requestId());
            try (Exchange.Scope bound = x.bind()) {
                assertEquals(span.getSpanContext().getTraceFlags().asHex(), MDC.get(FaultlineOpenTelemetry.MDC_TRACE_FLAGS));
                assertFalse(span.getSpanContext().getTraceFlags().isSampled());
            }
            assertEquals(503, x.fail(new SQLException("down", "08001")).status());
            assertEquals(0, f.observerFailures());
        } finally {
            span.end();
        }
        assertTrue(exporter.getFinishedSpanItems().isEmpty());
    }

    @Test
    @DisplayName("with the MDC off, a binding puts only Faultline's own fields; exceptions can be left unrecorded")
    void options() {
        Span span = tracing.get("t").spanBuilder("GET /a").startSpan();
        FaultlineOpenTelemetry otel = FaultlineOpenTelemetry.builder().mdc(false).recordExceptions(false).build();
        try (Faultline f = faultline(otel); Scope ignored = span.makeCurrent()) {
            Exchange x = f.open(TestRequest.get("/a"));
            try (Exchange.Scope bound = x.bind()) {
                assertNull(MDC.get(FaultlineOpenTelemetry.MDC_TRACE_ID));
                assertEquals(x.requestId(), MDC.get("request_id"));
            }
            x.fail(new NotFoundException("no"));
        } finally {
            span.end();
        }
        var data = exporter.getFinishedSpanItems().get(0);
        assertEquals("not_found", data.getAttributes().get(FaultlineOpenTelemetry.ERROR_TYPE));
        assertTrue(data.getEvents().isEmpty(), data.getEvents().toString());
    }

    @Test
    @DisplayName("a binding restores trace fields that were in the MDC before it, and nested bindings unwind in order")
    void restores() {
        MDC.put(FaultlineOpenTelemetry.MDC_TRACE_ID, "outer");
        Span span = tracing.get("t").spanBuilder("GET /a").startSpan();
        try (Faultline f = faultline(FaultlineOpenTelemetry.create()); Scope ignored = span.makeCurrent()) {
            Exchange x = f.open(TestRequest.get("/a"));
            try (Exchange.Scope outer = x.bind()) {
                try (Exchange.Scope inner = x.bind()) {
                    assertEquals(span.getSpanContext().getTraceId(), MDC.get(FaultlineOpenTelemetry.MDC_TRACE_ID));
                }
                assertEquals(span.getSpanContext().getTraceId(), MDC.get(FaultlineOpenTelemetry.MDC_TRACE_ID));
            }
        } finally {
            span.end();
        }
        assertEquals("outer", MDC.get(FaultlineOpenTelemetry.MDC_TRACE_ID));
        assertNull(MDC.get(FaultlineOpenTelemetry.MDC_SPAN_ID));
    }

    @Test
    @DisplayName("no current span: Faultline's own request id, and no trace fields")
    void noSpan() {
        try (Faultline f = faultline(FaultlineOpenTelemetry.create())) {
            Exchange x = f.open(TestRequest.get("/a").header("X-Request-Id", "abc"));
            assertEquals("abc", x.requestId());
            try (Exchange.Scope bound = x.bind()) {
                assertNull(MDC.get(FaultlineOpenTelemetry.MDC_TRACE_ID));
            }
            Exchange y = f.open(TestRequest.get("/a"));
            assertNotEquals(Span.getInvalid().getSpanContext().getTraceId(), y.requestId());
        }
    }
}
