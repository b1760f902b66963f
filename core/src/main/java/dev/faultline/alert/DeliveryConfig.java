package dev.faultline.alert;

import java.time.Duration;

/** The delivery settings of an {@link Alerting}, checked by its builder. */
record DeliveryConfig(int queueCapacity, int maxAttempts, Duration baseDelay, Duration maxDelay,
        Duration attemptTimeout, Duration deliveryDeadline, double retryBudgetRatio, int retryBudgetMinRetries,
        Duration retryBudgetWindow, int breakerFailures, Duration breakerOpenDuration, int channelConcurrency) {
}
