package dev.faultline.internal;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Emits Faultline's own log events so that every field of a line has one source: the event's
 * key-value pairs.
 *
 * <p>Faultline puts {@code request_id} (and {@code user_id} when known) in the MDC while the
 * application runs, so that the application's own lines carry them; its events carry the same
 * fields as key-value pairs, so that a line emitted where no request is bound (a completion on a
 * server's I/O thread) has them too. An event emitted while the request is bound would otherwise
 * carry each of them twice: encoders that write the MDC and the key-value pairs as top-level fields
 * of one object (logstash-logback-encoder, Spring Boot's {@code ecs} and {@code logstash} structured
 * formats) refuse such an event as a duplicate and the appender drops the line. So, while one of these
 * events is logged, the MDC's copies of the fields the event carries are lifted out and put back
 * afterwards, on the same thread, before {@link #log} returns. Every backend reads the MDC while the
 * event is being logged (Logback's asynchronous appender copies it before queueing), so no line sees
 * the lifted state after the fact. When the MDC holds neither field, this costs two map look-ups.
 *
 * <p>Stateless and thread-safe; works on the calling thread's MDC only.
 */
public final class LogLines {

    /** The MDC key, and event key, of the request id. */
    public static final String REQUEST_ID = "request_id";
    /** The MDC key, and event key, of the user id. */
    public static final String USER_ID = "user_id";

    private LogLines() {
    }

    /**
     * Logs {@code event} with {@code message}, hiding from the MDC, for the call, the fields the event
     * carries as key-value pairs.
     *
     * @param message the message, or {@code null} when the builder already has one
     * @param carriesRequestId whether the event has a {@code request_id} key-value pair
     * @param carriesUserId whether the event has a {@code user_id} key-value pair
     */
    public static void log(LoggingEventBuilder event, @Nullable String message, boolean carriesRequestId,
            boolean carriesUserId) {
        String requestId = carriesRequestId ? MDC.get(REQUEST_ID) : null;
        String userId = carriesUserId ? MDC.get(USER_ID) : null;
        if (requestId == null && userId == null) {
            emit(event, message);
            return;
        }
        lift(requestId, userId);
        try {
            emit(event, message);
        } finally {
            restore(requestId, userId);
        }
    }

    /**
     * Logs {@code event}, hiding from the MDC, for the call, the fields the event carries as key-value
     * pairs (as {@link #log(LoggingEventBuilder, String, boolean, boolean)}).
     *
     * @param carriesRequestId whether the event has a {@code request_id} key-value pair
     * @param carriesUserId whether the event has a {@code user_id} key-value pair
     */
    public static void log(LogEvent event, boolean carriesRequestId, boolean carriesUserId) {
        String requestId = carriesRequestId ? MDC.get(REQUEST_ID) : null;
        String userId = carriesUserId ? MDC.get(USER_ID) : null;
        if (requestId == null && userId == null) {
            event.emit();
            return;
        }
        lift(requestId, userId);
        try {
            event.emit();
        } finally {
            restore(requestId, userId);
        }
    }

    private static void lift(@Nullable String requestId, @Nullable String userId) {
        if (requestId != null) {
            MDC.remove(REQUEST_ID);
        }
        if (userId != null) {
            MDC.remove(USER_ID);
        }
    }

    private static void restore(@Nullable String requestId, @Nullable String userId) {
        if (requestId != null) {
            MDC.put(REQUEST_ID, requestId);
        }
        if (userId != null) {
            MDC.put(USER_ID, userId);
        }
    }

    private static void emit(LoggingEventBuilder event, @Nullable String message) {
        if (message == null) {
            event.log();
        } else {
            event.log(message);
        }
    }
}
