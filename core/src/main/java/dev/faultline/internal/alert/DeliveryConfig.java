package dev.faultline.internal.alert;

import java.time.Duration;

/**
 * The delivery settings of an {@link AlertEngine}, taken from its {@link dev.faultline.alert.Alerting}
 * settings (checked by their builder).
 */
record DeliveryConfig(int queueCapacity, int maxAttempts, Duration baseDelay, Duration maxDelay,
        Duration attemptTimeout, Duration deliveryDeadline, double retryBudgetRatio, int retryBudgetMinRetries,
        Duration retryBudgetWindow, int breakerFailures, Duration breakerOpenDuration, int channelConcurrency) {
}
