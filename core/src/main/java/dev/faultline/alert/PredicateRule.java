package dev.faultline.alert;

import dev.faultline.error.ErrorEvent;
import dev.faultline.internal.Preconditions;
import dev.faultline.internal.Template;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A rule that fires on one error event that matches its condition, like the default rule
 * {@code critical_errors}:
 *
 * <pre>{@code
 * PredicateRule rule = PredicateRule.builder("critical_errors")
 *         .condition(e -> e.severity() == ErrorSeverity.CRITICAL || e.type() == ErrorType.DATABASE)
 *         .level(AlertLevel.CRITICAL)
 *         .messageTemplate("Critical error: {error_type} at {endpoint}")
 *         .cooldown(Duration.ofMinutes(1))
 *         .build();
 * }</pre>
 *
 * <p>The message template's placeholders are filled from the event's fields, under the names the
 * logs use ({@code {error_type}}, {@code {severity}}, {@code {endpoint}}, {@code {request_id}}, …, see
 * {@link Alerting}), plus {@code {rule}} and {@code {level}}. The cooldown applies per group key:
 * {@link #DEFAULT_GROUP_KEY by default} per error type and endpoint, so a burst of database errors on
 * one endpoint notifies once per cooldown while a new endpoint notifies at once.
 *
 * <p>The condition and group-key function are user callbacks: one that throws is logged and counted
 * ({@link AlertStats#ruleErrors()}) and never reaches the request. A condition that throws counts as
 * not matching; a group-key function that throws (or returns {@code null}) falls back to the default
 * group key, so the alert still fires. Both run on the request thread and must be fast and free of
 * I/O.
 *
 * <p>Immutable and thread-safe.
 */
public final class PredicateRule implements AlertRule {

    /** Default level: {@link AlertLevel#WARNING}. */
    public static final AlertLevel DEFAULT_LEVEL = AlertLevel.WARNING;
    /** Default message template. */
    public static final String DEFAULT_MESSAGE_TEMPLATE = "{rule}: {error_type} error at {endpoint}";
    /** Default cooldown: 5 minutes. */
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(5);
    /** The default group key: the error type's label and the endpoint ({@code "database /videos/{id}"}). */
    public static final Function<ErrorEvent, String> DEFAULT_GROUP_KEY = e -> e.type().label() + " " + e.endpoint();
    /** The longest group key kept; longer ones are truncated. */
    public static final int MAX_GROUP_KEY_LENGTH = 200;

    private final String name;
    private final Predicate<ErrorEvent> condition;
    private final AlertLevel level;
    private final Template template;
    private final Duration cooldown;
    private final Function<ErrorEvent, String> groupKey;

    private PredicateRule(Builder b) {
        this.name = b.name;
        this.condition = Objects.requireNonNull(b.condition, "alert.condition");
        this.level = b.level;
        this.template = b.template;
        this.cooldown = b.cooldown != null ? b.cooldown : DEFAULT_COOLDOWN;
        this.groupKey = b.groupKey;
    }

    /** A builder for a rule named {@code name}, with every default and no condition yet. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A rule from its five parts: name, condition, alert level, message template, cooldown; grouped by
     * the default group key.
     */
    public static PredicateRule of(String name, Predicate<ErrorEvent> condition, AlertLevel level,
            String messageTemplate, Duration cooldown) {
        return builder(name).condition(condition).level(level).messageTemplate(messageTemplate).cooldown(cooldown)
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    /** The condition an event must match. */
    public Predicate<ErrorEvent> condition() {
        return condition;
    }

    @Override
    public AlertLevel level() {
        return level;
    }

    @Override
    public String messageTemplate() {
        return template.toString();
    }


    @Override
    public Duration cooldown() {
        return cooldown;
    }

    /** The function that gives an event's cooldown group. */
    public Function<ErrorEvent, String> groupKey() {
        return groupKey;
    }

    @Override
    public String toString() {
        return "PredicateRule[" + name + ", level=" + level.label() + ", cooldown=" + cooldown + "]";
    }

    /** Builds a {@link PredicateRule}. Not thread-safe; each setter checks its argument. */
    public static final class Builder extends AlertRuleBuilder<Builder> {

        private @Nullable Predicate<ErrorEvent> condition;
        private Function<ErrorEvent, String> groupKey = DEFAULT_GROUP_KEY;

        private Builder(String name) {
            super(name, DEFAULT_LEVEL, DEFAULT_MESSAGE_TEMPLATE);
        }

        /** The condition an event must match. Required. */
        public Builder condition(Predicate<ErrorEvent> condition) {
            this.condition = Objects.requireNonNull(condition, "alert.condition");
            return this;
        }
        /**
         * The event's cooldown group within the rule. Default {@link #DEFAULT_GROUP_KEY}: error type and
         * endpoint. Keys longer than {@value #MAX_GROUP_KEY_LENGTH} characters are truncated; an
         * {@link Alerting} keeps at most {@link Alerting.Builder#maxGroups(int) maxGroups} groups per rule.
         */
        public Builder groupKey(Function<ErrorEvent, String> groupKey) {
            this.groupKey = Objects.requireNonNull(groupKey, "alert.group_key");
            return this;
        }

        /**
         * The rule.
         *
         * @throws IllegalStateException if no condition was set
         */
        public PredicateRule build() {
            if (condition == null) {
                throw new IllegalStateException("alert.condition is required for rule " + name);
            }
            return new PredicateRule(this);
        }
    }

    static Duration cooldownOf(Duration cooldown) {
        Preconditions.nonNegative("alert.cooldown", cooldown);
        if (cooldown.compareTo(MAX_COOLDOWN) > 0) {
            throw Preconditions.invalid("alert.cooldown", "must be at most " + MAX_COOLDOWN + ", was " + cooldown);
        }
        return cooldown;
    }
}
