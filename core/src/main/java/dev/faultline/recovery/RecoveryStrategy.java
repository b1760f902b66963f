package dev.faultline.recovery;

/**
 * A way to answer a failed request with something better than a problem: reconnect and retry, call a
 * replica, serve defaults. Registered per error type, optionally per route, through
 * {@link RecoveryConfig.Builder#strategy}. Each runs inside its own circuit breaker and time limit: a
 * strategy that throws, hangs past the limit or keeps failing is skipped and the original problem is
 * sent. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface RecoveryStrategy {

    /** Tries to recover; returns {@link RecoveryResult#notRecovered()} when it cannot. */
    RecoveryResult recover(RecoveryContext context) throws Exception;
}
