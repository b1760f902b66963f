package dev.faultline.logging;

import dev.faultline.internal.LogLines;
import dev.faultline.internal.Preconditions;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Business events on the {@code faultline.business} logger, each carrying the context of the exchange
 * it happens in (request_id, user_id). Field values under sensitive keys are redacted like everything
 * else Faultline logs. Domain helpers (an application's {@code videoCreated}) are built on
 * {@link #event(String, Map)}.
 *
 * <p>Thread-safe.
 */
public final class BusinessEvents {

    private static final Logger LOG = LoggerFactory.getLogger(LogFields.LOGGER_BUSINESS);

    private final CurrentRequest current;
    private final Redactor redactor;

    /**
     * @param current which request the calling thread serves
     * @param redactor the redactor for field values
     */
    public BusinessEvents(CurrentRequest current, Redactor redactor) {
        this.current = Objects.requireNonNull(current, "current");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    /**
     * Logs a business event named {@code name} (also the log message) with its fields.
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public void event(String name, Map<String, ?> fields) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fields, "fields");
        if (name.isBlank()) {
            throw Preconditions.invalid("business event name", "must not be blank");
        }
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String requestId = current.requestId();
        LoggingEventBuilder e = LOG.atInfo().addKeyValue(LogFields.EVENT, name);
        String user = null;
        if (requestId != null) {
            e = e.addKeyValue(LogFields.REQUEST_ID, requestId);
            user = current.userId();
            if (user != null) {
                e = e.addKeyValue(LogFields.USER_ID, user);
            }
        }
        for (Map.Entry<String, ?> f : fields.entrySet()) {
            Object v = f.getValue();
            Object logged = v == null ? null : redactor.isSensitiveKey(f.getKey()) ? redactor.replacement()
                    : v instanceof CharSequence text ? redactor.text(text.toString()) : v;
            e = e.addKeyValue(f.getKey(), logged);
        }
        LogLines.log(e, name, requestId != null || fields.containsKey(LogFields.REQUEST_ID),
                user != null || fields.containsKey(LogFields.USER_ID));
    }

    /** Logs that the current user did {@code action} on a resource ({@code user_action}). */
    public void userAction(String action, String resourceType, String resourceId) {
        event("user_action", Map.of(LogFields.ACTION, Objects.requireNonNull(action, "action"),
                LogFields.RESOURCE_TYPE, Objects.requireNonNull(resourceType, "resourceType"),
                LogFields.RESOURCE_ID, Objects.requireNonNull(resourceId, "resourceId")));
    }

}
