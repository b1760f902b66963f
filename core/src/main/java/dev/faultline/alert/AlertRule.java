package dev.faultline.alert;

import java.time.Duration;

/**
 * An alert rule: a {@link PredicateRule} (one matching error event), a {@link ThresholdRule} (N
 * matching events within a window) or an {@link ErrorRatioRule} (failed requests over all requests
 * within a window). Rules are immutable configuration, built with their builders; the state they need
 * (windows, cooldowns) belongs to the alerting engine that evaluates them, so a rule may be shared.
 *
 * <p>Every rule has a cooldown per group key: a notification of a rule and group key suppresses
 * further ones of the same rule and group key for the cooldown; each suppressed repeat is counted and
 * the count is carried by the next notification ({@link Alert#suppressed()}).
 */
public sealed interface AlertRule permits PredicateRule, ThresholdRule, ErrorRatioRule {

    /** The longest cooldown allowed: one day. */
    Duration MAX_COOLDOWN = Duration.ofDays(1);

    /** The rule's name: 1 to 64 characters of {@code [A-Za-z0-9_.-]}, unique within an {@link Alerting}. */
    String name();

    /** The level of its alerts. */
    AlertLevel level();

    /** The message template, with {@code {field}} placeholders. */
    String messageTemplate();

    /** How long a notification suppresses repeats of the same rule and group key. */
    Duration cooldown();
}
