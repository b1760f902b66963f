package dev.faultline.logging;

import dev.faultline.internal.LogLines;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Audit events: authentication and authorization decisions. Never sampled, never dropped: each goes
 * to the {@code faultline.audit} logger and, synchronously, to every configured {@link AuditSink}. A
 * sink that throws a runtime exception is counted ({@link #sinkFailures()}, one per failing sink) and
 * the record is logged at ERROR with the failure (later failures suppressed on the first), saying how
 * many sinks failed, so that it is still somewhere. Errors ({@code OutOfMemoryError}...) propagate.
 *
 * <p>Thread-safe.
 */
public final class AuditEvents {

    private static final Logger LOG = LoggerFactory.getLogger(LogFields.LOGGER_AUDIT);

    private final CurrentRequest current;
    private final Clock clock;
    private final List<AuditSink> sinks;
    private final LongAdder sinkFailures = new LongAdder();

    /**
     * @param current which request the calling thread serves
     * @param clock the clock of record timestamps
     * @param sinks where records go besides the logger
     */
    public AuditEvents(CurrentRequest current, Clock clock, List<AuditSink> sinks) {
        this.current = Objects.requireNonNull(current, "current");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sinks = List.copyOf(sinks);
    }

    /**
     * Records an authentication attempt.
     *
     * @param success whether it succeeded
     * @param userId who tried, when known
     * @param method how ({@code password}, {@code token}, {@code oidc})
     * @param reason why it failed, when it did; never the credential itself
     */
    public void authentication(boolean success, @Nullable String userId, String method, @Nullable String reason) {
        Map<String, Object> f = context(userId);
        f.put(LogFields.SUCCESS, success);
        f.put(LogFields.AUTH_METHOD, Objects.requireNonNull(method, "method"));
        if (reason != null) {
            f.put(LogFields.REASON, reason);
        }
        record("authentication", f, success);
    }

    /**
     * Records an authorization decision.
     *
     * @param resource what was asked for ({@code /videos/42})
     * @param action what was to be done ({@code delete})
     * @param granted whether it was allowed
     * @param userId who asked, when known
     */
    public void authorization(String resource, String action, boolean granted, @Nullable String userId) {
        Map<String, Object> f = context(userId);
        f.put(LogFields.RESOURCE, Objects.requireNonNull(resource, "resource"));
        f.put(LogFields.ACTION, Objects.requireNonNull(action, "action"));
        f.put(LogFields.GRANTED, granted);
        record("authorization", f, granted);
    }

    /** How many times a sink failed to store a record. */
    public long sinkFailures() {
        return sinkFailures.sum();
    }

    private Map<String, Object> context(@Nullable String userId) {
        Map<String, Object> f = new LinkedHashMap<>();
        String requestId = current.requestId();
        if (requestId != null) {
            f.put(LogFields.REQUEST_ID, requestId);
        }
        String user = userId != null ? userId : current.userId();
        if (user != null) {
            f.put(LogFields.USER_ID, user);
        }
        return f;
    }

    private void record(String type, Map<String, Object> fields, boolean positive) {
        AuditRecord record = new AuditRecord(clock.instant(), type, fields);
        RuntimeException failure = null;
        int stored = 0;
        for (AuditSink sink : sinks) {
            try {
                sink.append(record);
                stored++;
            } catch (RuntimeException t) {
                sinkFailures.increment();
                if (failure == null) {
                    failure = t;
                } else {
                    failure.addSuppressed(t);
                }
            }
        }
        LoggingEventBuilder e = failure != null ? LOG.atError().setCause(failure)
                : positive ? LOG.atInfo() : LOG.atWarn();
        e = e.addKeyValue(LogFields.AUDIT_TYPE, type);
        for (Map.Entry<String, Object> f : record.fields().entrySet()) {
            e = e.addKeyValue(f.getKey(), f.getValue());
        }
        String message = type;
        if (failure != null) {
            int failed = sinks.size() - stored;
            message = type + " (" + failed + " of " + sinks.size() + " audit sinks failed to store this record"
                    + (stored == 0 ? "; it is kept only in this log line)" : ")");
        }
        LogLines.log(e, message, record.fields().containsKey(LogFields.REQUEST_ID),
                record.fields().containsKey(LogFields.USER_ID));
    }
}
