package dev.faultline.spring.boot;

import dev.faultline.Faultline;

/**
 * Changes the auto-configured {@link Faultline.Builder} after the properties were applied: health
 * checks, classifier rules, alert rules and channels, listeners. Declare beans of this type; they run
 * in {@link org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface FaultlineCustomizer {

    /**
     * Changes the builder.
     *
     * @param builder the builder, with {@code faultline.*} already applied
     */
    void customize(Faultline.Builder builder);
}
