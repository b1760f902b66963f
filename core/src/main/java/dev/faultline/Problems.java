package dev.faultline;

import dev.faultline.error.Classification;
import dev.faultline.error.ErrorClassifier;
import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import dev.faultline.error.FieldError;
import dev.faultline.error.Problem;
import dev.faultline.error.ValidationException;
import dev.faultline.http.ErrorReply;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** Turns a classified failure into an RFC 9457 reply. Thread-safe. */
final class Problems {

    /** The longest {@code instance} (the request path) a problem repeats. */
    static final int MAX_INSTANCE_LENGTH = 256;

    final @Nullable String typeBase;
    final boolean exposeDetails;
    final int stackFrames;
    private final Clock clock;
    /** Reads a downstream's Retry-After for a failure no FaultlineException gave one to. */
    private final @Nullable ErrorClassifier classifier;

    /** Redacts secrets (by name and by shape) from an exception message shown in development. */
    private final UnaryOperator<String> messageRedactor;

    Problems(@Nullable String typeBase, boolean exposeDetails, int stackFrames, Clock clock,
            @Nullable ErrorClassifier classifier, UnaryOperator<String> messageRedactor) {
        this.messageRedactor = messageRedactor;
        this.typeBase = typeBase;
        this.exposeDetails = exposeDetails;
        this.stackFrames = stackFrames;
        this.clock = clock;
        this.classifier = classifier;
    }

    ErrorReply reply(Classification c, @Nullable Throwable error, String requestId, String requestIdHeader,
            @Nullable String path) {
        FaultlineException fe = owner(c, error);
        Problem.Builder p = Problem.builder(c.status())
                .type(typeBase == null ? "about:blank" : typeBase + c.type().slug())
                .detail(fe != null ? fe.publicDetail() : c.type().genericDetail())
                .instance(path == null ? null : truncate(path))
                .extension("request_id", requestId)
                .extension("error_type", c.type().label())
                .extension("timestamp", DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        Duration retryAfter = null;
        if (fe != null) {
            if (fe instanceof ValidationException ve && !ve.fieldErrors().isEmpty()) {
                List<Map<String, String>> errors = new ArrayList<>(ve.fieldErrors().size());
                for (FieldError f : ve.fieldErrors()) {
                    errors.add(Map.of("field", f.field(), "message", f.message()));
                }
                p.extension("errors", errors);
            }
            retryAfter = fe.retryAfter().orElse(null);
            if (retryAfter != null) {
                p.extension("retry_after", seconds(retryAfter));
            }
            for (Map.Entry<String, Object> e : fe.extensions().entrySet()) {
                p.extension(e.getKey(), e.getValue());
            }
        } else if (classifier != null && error != null && c.type() == ErrorType.EXTERNAL_SERVICE && c.status() == 503) {
            // a downstream's 429 or 503 passed on as this service's 503: its Retry-After goes with it
            retryAfter = classifier.downstreamRetryAfter(error, clock.instant()).orElse(null);
            if (retryAfter != null) {
                p.extension("retry_after", seconds(retryAfter));
            }
        }
        if (exposeDetails && error != null) {
            p.extension("exception", error.getClass().getName());
            if (error.getMessage() != null) {
                p.extension("message", messageRedactor.apply(error.getMessage()));
            }
            if (stackFrames > 0) {
                p.extension("stack", frames(error));
            }
        }
        byte[] body = p.build().toJson();
        List<Map.Entry<String, String>> headers = new ArrayList<>(4);
        headers.add(Map.entry("Content-Type", Problem.MEDIA_TYPE));
        headers.add(Map.entry(requestIdHeader, requestId));
        headers.add(Map.entry("Cache-Control", "no-store"));
        if (retryAfter != null && (c.status() == 429 || c.status() == 503)) {
            headers.add(Map.entry("Retry-After", Long.toString(seconds(retryAfter))));
        }
        return new ErrorReply(c.status(), headers, body, c);
    }

    /** The FaultlineException in the chain whose type was chosen, whose public detail may be shown. */
    private static @Nullable FaultlineException owner(Classification c, @Nullable Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < dev.faultline.error.ErrorClassifier.MAX_CHAIN_DEPTH;
                depth++, t = t.getCause()) {
            if (t instanceof FaultlineException fe && fe.type() == c.type()) {
                return fe;
            }
        }
        return null;
    }

    private List<String> frames(Throwable error) {
        StackTraceElement[] trace = error.getStackTrace();
        int n = Math.min(stackFrames, trace.length);
        List<String> out = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            out.add(trace[i].toString());
        }
        if (error.getCause() != null && error.getCause() != error) {
            out.add("caused by " + error.getCause().getClass().getName());
        }
        return out;
    }

    private static long seconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }

    private static String truncate(String path) {
        return path.length() <= MAX_INSTANCE_LENGTH ? path : path.substring(0, MAX_INSTANCE_LENGTH);
    }
}
