package dev.faultline.internal.alert;

import dev.faultline.alert.AlertChannel;
import dev.faultline.alert.AlertHistory;
import dev.faultline.alert.AlertRecord;
import dev.faultline.alert.AlertRule;
import dev.faultline.alert.AlertStats;
import dev.faultline.alert.Alerting;
import dev.faultline.alert.AlertmanagerChannel;
import dev.faultline.alert.DeliveryState;
import dev.faultline.error.ErrorEvent;
import dev.faultline.internal.LogThrottle;
import dev.faultline.internal.Preconditions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The alerting engine, built from {@link Alerting} settings: evaluates the rules over error events and
 * request outcomes, delivers what fires to the channels and keeps the bounded history. The guarantees
 * (request-thread cost, delivery, retries, shutdown, memory) are documented on {@link Alerting}.
 *
 * <p>{@link #onRequest(boolean)} and {@link #onError(ErrorEvent)} run on request threads: O(number of
 * rules), they never block, never do I/O (throttled SLF4J warnings aside) and never throw. Only core's
 * pipeline records and closes; the history is what {@code Faultline.alertHistory(hours)} serves.
 * Thread-safe: every method may be called from any thread.
 */
public final class AlertEngine implements AutoCloseable {

    private final Clock clock;
    private final Counters counters = new Counters();
    private final Alerting settings;
    private final List<String> channelNames;
    private final History history;
    private final @Nullable Dispatcher dispatcher;
    private final @Nullable RuleEngine engine;
    private final @Nullable ScheduledFuture<?> ticking;
    private final LogThrottle internalLog = new LogThrottle();
    /** Channels that keep state of their own (re-sending), closed with this engine. */
    private final List<AlertmanagerChannel> stateful;

    /** Builds the engine and, unless the settings are {@link Alerting#disabled() disabled}, starts its threads. */
    public AlertEngine(Alerting settings) {
        this.settings = settings;
        this.clock = settings.clock();
        List<AlertChannel> channels = settings.channels();
        this.channelNames = channels.stream().map(AlertChannel::name).toList();
        this.stateful = channels.stream().filter(AlertmanagerChannel.class::isInstance)
                .map(AlertmanagerChannel.class::cast).toList();
        if (!settings.enabled()) {
            this.history = new History(1);
            this.dispatcher = null;
            this.engine = null;
            this.ticking = null;
            return;
        }
        this.history = new History(settings.historySize());
        DeliveryConfig cfg = new DeliveryConfig(settings.queueCapacity(), settings.maxAttempts(),
                settings.baseDelay(), settings.maxDelay(), settings.attemptTimeout(), settings.deliveryDeadline(),
                settings.retryBudgetRatio(), settings.retryBudgetMinRetries(), settings.retryBudgetWindow(),
                settings.breakerFailures(), settings.breakerOpenDuration(), settings.channelConcurrency());
        Dispatcher d = new Dispatcher(cfg, channels, clock, counters, history);
        this.dispatcher = d;
        this.engine = new RuleEngine(settings.rules(), clock, settings.maxGroups(), counters, d::submit);
        Duration tick = settings.tickInterval();
        this.ticking = tick.isZero() ? null
                : d.scheduler.scheduleWithFixedDelay(this::tick, tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The settings this engine was built from. */
    public Alerting settings() {
        return settings;
    }

    /**
     * Whether an outcome with this status reaches the rules; see {@link Alerting#counts(int)}.
     */
    public boolean counts(int status) {
        return settings.counts(status);
    }

    /** Whether this engine evaluates rules at all ({@code false} for {@link Alerting#disabled()}). */
    public boolean enabled() {
        return engine != null;
    }

    /**
     * Records one finished request for the error-ratio rules. O(number of ratio rules), lock-free, never
     * throws.
     *
     * @param failed whether the request failed (as the pipeline counts errors)
     */
    public void onRequest(boolean failed) {
        RuleEngine e = engine;
        if (e == null) {
            return;
        }
        try {
            e.onRequest(failed);
        } catch (Throwable t) {
            internalError("onRequest", t);
        }
    }

    /**
     * Evaluates the predicate and threshold rules against one error event, and hands what fires to the
     * delivery threads. O(number of rules), never blocks, never does I/O, never throws. A client error
     * (4xx, or 499 for a client that went away) is ignored unless {@link Alerting.Builder#clientErrors(boolean)}
     * turned them on.
     */
    public void onError(ErrorEvent event) {
        RuleEngine e = engine;
        if (e == null || event == null || !counts(event.status())) {
            return;
        }
        try {
            e.onError(event);
        } catch (Throwable t) {
            internalError("onError", t);
        }
    }

    /**
     * Evaluates the error-ratio rules and the resolved notifications. Called every tick interval by this
     * engine's scheduler; tests with a fake clock and {@code tickInterval(Duration.ZERO)} call it
     * themselves. Never throws.
     */
    public void tick() {
        RuleEngine e = engine;
        if (e == null) {
            return;
        }
        try {
            e.tick();
        } catch (Throwable t) {
            internalError("tick", t);
        }
    }

    private void internalError(String where, Throwable t) {
        counters.internalErrors.increment();
        if (internalLog.allow()) {
            Dispatcher.LOG.atError().setMessage("alerting failed unexpectedly; counted and ignored")
                    .addKeyValue("where", where)
                    .setCause(t)
                    .log();
        }
    }

    /** The whole history, newest first, with each channel's delivery as it stands now. */
    public List<AlertRecord> history() {
        List<Tracked> all = history.newestFirst();
        List<AlertRecord> out = new ArrayList<>(all.size());
        for (Tracked t : all) {
            out.add(t.snapshot());
        }
        return out;
    }

    /** The alerts fired within {@code within} of now (Faultline's clock), newest first. */
    public List<AlertRecord> history(Duration within) {
        Preconditions.nonNegative("within", within);
        Instant since = clock.instant().minus(within);
        List<AlertRecord> out = new ArrayList<>();
        for (Tracked t : history.newestFirst()) {
            if (!t.alert.firedAt().isBefore(since)) {
                out.add(t.snapshot());
            }
        }
        return out;
    }

    /** The counters since this engine was built. */
    public AlertStats stats() {
        Dispatcher d = dispatcher;
        Counters c = counters;
        return new AlertStats(c.fired.sum(), c.suppressed.sum(), c.delivered.sum(), c.failed.sum(),
                c.dropped.sum(), d == null ? 0 : d.queueSize(), d == null ? 0 : d.queueCapacity(), c.retries.sum(),
                c.retryBudgetExhausted.sum(), c.queueFull.sum(), c.circuitOpen.sum(), c.attemptFailures.sum(),
                c.attemptTimeouts.sum(), c.ruleErrors.sum(), d == null ? 0 : history.size(),
                d == null ? 0 : history.capacity(), history.evicted(), c.groupsEvicted.sum(), c.internalErrors.sum());
    }

    /**
     * The alerts fired within the last {@code hours} hours, newest first, with the counters: what
     * {@code GET /metrics/alerts?hours=N} shows.
     *
     * @throws IllegalArgumentException if {@code hours} is below 1
     */
    public AlertHistory snapshot(int hours) {
        if (hours < 1) {
            throw Preconditions.invalid("hours", "must be at least 1, was " + hours);
        }
        return new AlertHistory(enabled(), channelNames, hours, history(Duration.ofHours(hours)), stats());
    }

    /** The rules, in the order they were added. */
    public List<AlertRule> rules() {
        return settings.rules();
    }

    /** The channels' names, in delivery-history order (the log channel first when on). */
    public List<String> channels() {
        return channelNames;
    }

    /**
     * Stops accepting alerts, lets queued deliveries and retries due before {@code deadline} run, then
     * marks every delivery still pending {@link DeliveryState#DROPPED dropped} ("shutdown") and stops the
     * threads. Later alerts are recorded as dropped. Idempotent: a second call returns the first one's
     * result at once.
     *
     * @return whether every alert was delivered or given up before the deadline (nothing dropped)
     */
    public boolean close(Duration deadline) {
        Preconditions.nonNegative("deadline", deadline);
        Dispatcher d = dispatcher;
        if (d == null) {
            return true;
        }
        ScheduledFuture<?> t = ticking;
        if (t != null) {
            t.cancel(false);
        }
        try {
            return d.close(deadline);
        } finally {
            stateful.forEach(AlertmanagerChannel::close);
        }
    }

    /**
     * {@link #close(Duration)} with the settings' {@link Alerting#closeDeadline() close deadline} (default
     * {@link Alerting#DEFAULT_CLOSE_DEADLINE 5 s}).
     */
    @Override
    public void close() {
        close(settings.closeDeadline());
    }

    @Override
    public String toString() {
        return "AlertEngine[" + (enabled() ? "rules=" + settings.rules().size() + ", channels=" + channelNames
                : "disabled") + "]";
    }
}
