package dev.faultline.internal.alert;

import java.util.concurrent.atomic.LongAdder;

/** The counters of one {@link AlertEngine}; {@link LongAdder}s, safe to bump from any thread. */
final class Counters {
    final LongAdder fired = new LongAdder();
    final LongAdder suppressed = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder retryBudgetExhausted = new LongAdder();
    final LongAdder queueFull = new LongAdder();
    final LongAdder circuitOpen = new LongAdder();
    final LongAdder attemptFailures = new LongAdder();
    final LongAdder attemptTimeouts = new LongAdder();
    final LongAdder ruleErrors = new LongAdder();
    final LongAdder groupsEvicted = new LongAdder();
    final LongAdder internalErrors = new LongAdder();
}
