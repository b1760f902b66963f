package dev.faultline.opentelemetry;

import dev.faultline.error.NotFoundException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The test application's behaviour and the span wrapper's parts, shared by the servers. */
final class TestApp {

    static final Logger APP = LoggerFactory.getLogger("app");

    private TestApp() {
    }

    /** Logs one line, then fails as the path says ({@code /db}: a real SQLException; {@code /missing}: 404). */
    static void handle(String path) throws SQLException {
        APP.info("handling {}", path);
        if (path.endsWith("/db")) {
            throw new SQLException("connection refused", "08001");
        }
        if (path.endsWith("/missing")) {
            throw new NotFoundException("There is no such video.");
        }
    }

    /** Throws {@code t} unchanged, checked or not. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** Whether the span wrapper lets this path through untraced. */
    static boolean untraced(String path) {
        return path.startsWith("/untraced");
    }

    /**
     * A SERVER span for an incoming request, its parent extracted from the request's
     * {@code traceparent} as the agent's instrumentation does.
     */
    static <C> Span serverSpan(Tracer tracer, String method, String path, C carrier, TextMapGetter<C> getter) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, getter);
        return tracer.spanBuilder(method + " " + path).setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
    }

    /** A getter over one header lookup. */
    interface Headers<C> extends TextMapGetter<C> {
        @Override
        default Iterable<String> keys(C carrier) {
            return java.util.List.of("traceparent", "tracestate");
        }

        @Override
        @Nullable String get(@Nullable C carrier, String key);
    }
}
