package dev.faultline.alert;

/**
 * The counters of the alerting engine (built from the {@link Alerting} settings) since it was built.
 * Deliveries are counted per alert and channel (an alert for three channels makes three deliveries). Immutable snapshot; counters are read one by one,
 * so a snapshot taken while alerts fire may be off by the ones in progress.
 *
 * @param fired alerts produced by the rules (resolved notifications included)
 * @param suppressed repeats the cooldowns suppressed
 * @param delivered deliveries the channel accepted
 * @param failed deliveries given up (permanent error, attempts, retry budget or deadline exhausted,
 *        {@code Retry-After} beyond the max delay, circuit open)
 * @param dropped deliveries never finished: queue full or shutdown
 * @param queueSize alerts accepted and not yet finished on every channel (queued, in an attempt, or
 *        waiting for a retry); never above {@code queueCapacity}
 * @param queueCapacity the bound of {@code queueSize}
 * @param retries retries scheduled
 * @param retryBudgetExhausted retries refused by the global retry budget
 * @param queueFull alerts dropped because the queue was full
 * @param circuitOpen attempts not made because the channel's circuit breaker was open
 * @param attemptFailures attempts that failed (threw, timed out or got a non-2xx answer)
 * @param attemptTimeouts attempts that outlived the attempt timeout
 * @param ruleErrors rule callbacks (conditions, group keys) that threw
 * @param historySize alerts in the history
 * @param historyCapacity the bound of the history
 * @param historyEvicted alerts evicted from the history to make room
 * @param groupsEvicted cooldown groups evicted because a rule had more than its maximum
 * @param internalErrors unexpected failures inside alerting (bugs), each logged
 */
public record AlertStats(long fired, long suppressed, long delivered, long failed, long dropped, int queueSize,
        int queueCapacity, long retries, long retryBudgetExhausted, long queueFull, long circuitOpen,
        long attemptFailures, long attemptTimeouts, long ruleErrors, int historySize, int historyCapacity,
        long historyEvicted, long groupsEvicted, long internalErrors) {
}
