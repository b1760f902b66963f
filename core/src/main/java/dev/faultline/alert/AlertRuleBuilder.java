package dev.faultline.alert;

import dev.faultline.internal.Preconditions;
import dev.faultline.internal.Template;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the builders of the three rules ({@link ThresholdRule}, {@link ErrorRatioRule},
 * {@link PredicateRule}) share: the rule's name, its alerts' level and message, and its cooldown. Each
 * setter checks its argument and throws an {@link IllegalArgumentException} naming the setting. Not
 * thread-safe. Only this package extends it.
 *
 * @param <B> the rule's own builder, which every setter returns
 */
public abstract sealed class AlertRuleBuilder<B extends AlertRuleBuilder<B>>
        permits ThresholdRule.Builder, ErrorRatioRule.Builder, PredicateRule.Builder {

    static final String MESSAGE_TEMPLATE_SETTING = "alert.message_template";

    final String name;
    AlertLevel level;
    Template template;
    /** {@code null}: the rule's default (its window, or {@link PredicateRule#DEFAULT_COOLDOWN}). */
    @Nullable Duration cooldown;

    AlertRuleBuilder(String name, AlertLevel defaultLevel, String defaultTemplate) {
        this.name = Preconditions.name("alert.name", name);
        this.level = defaultLevel;
        this.template = Template.parse(MESSAGE_TEMPLATE_SETTING, defaultTemplate);
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /**
     * The level of its alerts. Default: the rule's {@code DEFAULT_LEVEL} ({@link AlertLevel#WARNING}
     * for threshold and predicate rules, {@link AlertLevel#ERROR} for error-ratio rules).
     */
    public B level(AlertLevel level) {
        this.level = Objects.requireNonNull(level, "alert.level");
        return self();
    }

    /**
     * The message, with {@code {field}} placeholders ({@code {rule}}, the event's fields such as
     * {@code {error_type}} and {@code {endpoint}}, and the rule's own such as {@code {count}},
     * {@code {threshold}}, {@code {window}}). Default: the rule's {@code DEFAULT_MESSAGE_TEMPLATE}.
     *
     * @throws IllegalArgumentException ({@code alert.message_template}) if blank or over 4,000 characters
     */
    public B messageTemplate(String messageTemplate) {
        this.template = Template.parse(MESSAGE_TEMPLATE_SETTING, messageTemplate);
        return self();
    }

    /**
     * How long a notification suppresses repeats (of the same group, for a predicate rule); zero
     * notifies every time. Default: the window for threshold and error-ratio rules,
     * {@link PredicateRule#DEFAULT_COOLDOWN} for a predicate rule.
     *
     * @throws IllegalArgumentException ({@code alert.cooldown}) if negative or over a day
     */
    public B cooldown(Duration cooldown) {
        this.cooldown = PredicateRule.cooldownOf(cooldown);
        return self();
    }
}
