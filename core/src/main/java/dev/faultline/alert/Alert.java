package dev.faultline.alert;

import dev.faultline.internal.Preconditions;
import dev.faultline.internal.Text;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One notification produced by a rule: what channels deliver and the history keeps. Immutable.
 *
 * <p>The context holds the triggering error event's fields under the names the logs use (see
 * {@link Alerting} for the list: {@code error_type}, {@code severity}, {@code endpoint},
 * {@code request_id}, …; a field that is unknown, such as {@code user_id}, is present with a
 * {@code null} value), plus a threshold rule's {@code count}, {@code threshold} and {@code window}, or
 * an error-ratio rule's {@code error_ratio}, {@code errors}, {@code requests}, ….
 *
 * @param id a random 16-hex-digit id, unique in practice; HTTP channels send it as
 *        {@code X-Faultline-Alert-Id} so that a receiver can drop a repeat
 * @param rule the rule's name
 * @param level the rule's level
 * @param message the rule's message template filled from the context (at most
 *        {@value #MAX_MESSAGE_LENGTH} characters); a resolved notification's message starts with
 *        {@code "Resolved: "}
 * @param firedAt when the rule fired (Faultline's clock)
 * @param context the triggering context, in a stable order; unmodifiable; values are strings,
 *        numbers, booleans or {@code null}
 * @param groupKey the cooldown group within the rule (for a predicate rule by default
 *        {@code "<error_type> <endpoint>"}; for threshold and ratio rules the rule name)
 * @param suppressed how many repeats of this rule and group the cooldown suppressed since the previous
 *        notification of that rule and group
 * @param resolved whether this notifies that the condition stopped holding
 */
public record Alert(String id, String rule, AlertLevel level, String message, Instant firedAt,
        Map<String, @Nullable Object> context, String groupKey, long suppressed, boolean resolved) {

    /** The longest message an alert keeps. */
    public static final int MAX_MESSAGE_LENGTH = 10_000;

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(firedAt, "firedAt");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(groupKey, "groupKey");
        if (suppressed < 0) {
            throw Preconditions.invalid("suppressed", "must not be negative, was " + suppressed);
        }
        message = Text.truncate(message, MAX_MESSAGE_LENGTH);
        context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }
}
