package dev.faultline.alert;

import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import dev.faultline.internal.Preconditions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of the alerting subsystem, which evaluates {@link AlertRule}s over error events and
 * request outcomes and delivers what fires to {@link AlertChannel}s, keeping every alert in a bounded
 * history. Immutable: {@code Faultline} builds its alerting engine from these settings, feeds it every
 * request and classified error, serves its history ({@code Faultline.alertHistory(hours)},
 * {@code GET /metrics/alerts?hours=N}) and closes it in {@code Faultline.close()}.
 *
 * <pre>{@code
 * Faultline faultline = Faultline.builder()
 *         .alerting(a -> a
 *                 .rule(ErrorRatioRule.builder("error_ratio").ratio(0.05).minRequests(100).notifyResolved(true).build())
 *                 .channel(SlackChannel.builder(URI.create(System.getenv("SLACK_WEBHOOK_URL"))).build())
 *                 .channel(EmailChannel.builder().host("smtp.example.com").port(587).startTls(true)
 *                         .credentials("alerts", password).from("alerts@example.com").to("oncall@example.com").build())
 *                 .closeDeadline(Duration.ofSeconds(5)))  // at shutdown: flush, then drop what is left
 *         .build();                                        // the default rules and the log channel are there too
 * }</pre>
 *
 * <h2>On the request thread</h2>
 * Recording a request or an error is O(number of rules), never blocks, never does I/O (throttled SLF4J
 * warnings aside) and never throws: a rule callback that throws is logged and counted
 * ({@link AlertStats#ruleErrors()}) and the other rules still run. An alert that fires is recorded in
 * the history (lock-free) and handed to the delivery threads through a lock-free queue. Error-ratio
 * rules and resolved notifications are evaluated on the engine's own scheduler every
 * {@link Builder#tickInterval(Duration) tick interval} (default 5 s).
 *
 * <h2>Context fields</h2>
 * An error event's fields appear in {@link Alert#context()} and in message templates under the names
 * the logs use: {@code occurred_at, request_id, error_type, severity, status, endpoint, method, user_id,
 * ip_address, fingerprint, exception} (the exception class), {@code error_message} (the internal,
 * truncated message) and {@code recovery}; templates also know {@code {rule}} and {@code {level}}.
 *
 * <h2>Delivery</h2>
 * <ul>
 *   <li><b>Queue.</b> An alert takes a place in a queue of {@link Builder#queueCapacity(int) 1,000} and
 *       keeps it until its delivery is final on every channel (queued, in an attempt or waiting for a
 *       retry). When the queue is full the alert is dropped: counted ({@code queue_full}, and each of its
 *       deliveries in {@code dropped}), logged (throttled) and kept in the history with every channel
 *       {@link DeliveryState#DROPPED dropped} ("queue full"). Nothing is dropped silently.</li>
 *   <li><b>Threads.</b> Daemon threads named {@code faultline-alert-N}: one dispatch thread, one
 *       scheduler thread (retries, attempt timeouts, ticks) and, per channel, up to
 *       {@link Builder#channelConcurrency(int) channelConcurrency} (default 4) delivery threads, started on
 *       demand and ended after 30 s idle. A slow or hanging channel holds only its own threads.</li>
 *   <li><b>Attempts.</b> Each attempt runs under the {@link Builder#attemptTimeout(Duration) attempt
 *       timeout} (default 10 s): past it the thread is interrupted and the attempt counts as failed.
 *       Per channel a Resilience4j circuit breaker opens after {@link Builder#circuitBreaker(int, Duration)
 *       5 consecutive failed attempts} for 30 s, then lets one trial attempt through. While it is open,
 *       deliveries to that channel are not attempted: they fail at once with "circuit open" (they are
 *       not queued for later, so a dead receiver costs nothing and the history says what was missed).</li>
 *   <li><b>Retries.</b> A failed attempt is retried unless the failure is permanent (a
 *       {@link DeliveryException#permanent() permanent} {@link DeliveryException}: HTTP 4xx other than 408
 *       and 429), after a delay drawn uniformly from {@code [0, min(maxDelay, baseDelay × 2^(attempt−1))]}
 *       ("full jitter"; defaults 500 ms and 30 s), or exactly the receiver's {@code Retry-After}. A
 *       delivery gives up as {@link DeliveryState#FAILED failed}, with the reason as its last error, when
 *       it made {@link Builder#maxAttempts(int) maxAttempts} attempts (default 5), when a
 *       {@code Retry-After} exceeds the max delay, when the next retry would start after its
 *       {@link Builder#deliveryDeadline(Duration) deadline} (default 10 minutes after its first attempt),
 *       or when the global retry budget refuses.</li>
 *   <li><b>Retry budget.</b> Across all channels, the retries made in the last
 *       {@link Builder#retryBudget(double, int, Duration) window} (default one minute) stay within
 *       {@code minRetries + ratio × first attempts} of that window (defaults: 10 + 20 %). A receiver that
 *       is down therefore gets at most its alerts, plus 20 %, plus 10 per minute, and never more than
 *       {@code maxAttempts} attempts per alert.</li>
 *   <li><b>Exactly once?</b> Per alert and channel there is at most one attempt in flight, and no
 *       attempt after one succeeded; a channel that returned normally is never called again for that
 *       alert. That is exactly-once as far as the sender can know. It is at-least-once as far as the
 *       receiver can: when an attempt times out or the connection breaks after the receiver processed
 *       the request, the retry repeats it. HTTP channels send the alert's id as
 *       {@code X-Faultline-Alert-Id} so that a receiver can drop such a repeat.</li>
 *   <li><b>Shutdown.</b> {@code Faultline.close()} stops accepting alerts (later ones are recorded as
 *       dropped, "shutdown"), lets queued deliveries and retries due before the deadline run, then marks
 *       everything left dropped and stops the threads. Every delivery that ends undelivered once closing
 *       began is logged at WARN with the alert's id, rule and the channel ({@code alert_id},
 *       {@code alert_rule}, {@code alert_channel}, {@code state}, {@code error}), then one summary line.
 *       It waits at most the {@link Builder#closeDeadline(Duration) close deadline} (5 s).</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * Bounded whatever the traffic: the history ({@link Builder#historySize(int) 500} alerts; the oldest is
 * evicted and counted), the queue ({@code queueCapacity} alerts), the cooldown groups
 * ({@link Builder#maxGroups(int) 1,000} per predicate rule; least recently used evicted and counted — an
 * evicted group may notify again before its cooldown ended), and per threshold or ratio rule one window
 * of 20 buckets.
 *
 * <p>Immutable and thread-safe.
 */
public final class Alerting {

    /** Default queue capacity: 1,000 alerts. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1_000;
    /** Default history size: 500 alerts. */
    public static final int DEFAULT_HISTORY_SIZE = 500;
    /** Default attempts per alert and channel, the first included: 5. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** Default base delay of the backoff: 500 ms. */
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(500);
    /** Default max delay between attempts: 30 s. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
    /** Default attempt timeout: 10 s. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    /** Default delivery deadline, from the first attempt: 10 minutes. */
    public static final Duration DEFAULT_DELIVERY_DEADLINE = Duration.ofMinutes(10);
    /** Default retry budget ratio: retries may add 20 % to the first attempts. */
    public static final double DEFAULT_RETRY_BUDGET_RATIO = 0.2;
    /** Default retries always allowed per retry-budget window: 10. */
    public static final int DEFAULT_RETRY_BUDGET_MIN_RETRIES = 10;
    /** Default retry budget window: one minute. */
    public static final Duration DEFAULT_RETRY_BUDGET_WINDOW = Duration.ofMinutes(1);
    /** Default consecutive failed attempts that open a channel's circuit breaker: 5. */
    public static final int DEFAULT_BREAKER_FAILURES = 5;
    /** Default time a channel's circuit breaker stays open: 30 s. */
    public static final Duration DEFAULT_BREAKER_OPEN_DURATION = Duration.ofSeconds(30);
    /**
     * Default delivery threads per channel: 4, so that one slow receiver answers a burst of alerts in
     * about one round-trip (and a drain at shutdown takes as long), not one round-trip per alert.
     */
    public static final int DEFAULT_CHANNEL_CONCURRENCY = 4;
    /** Default interval at which the engine ticks the rules: 5 s. */
    public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(5);
    /** Default cooldown groups kept per predicate rule: 1,000. */
    public static final int DEFAULT_MAX_GROUPS = 1_000;
    /** Default deadline of the close at shutdown: 5 s. */
    public static final Duration DEFAULT_CLOSE_DEADLINE = Duration.ofSeconds(5);
    /** The longest {@link Builder#closeDeadline(Duration) close deadline}: 10 minutes. */
    public static final Duration MAX_CLOSE_DEADLINE = Duration.ofMinutes(10);
    /** The retry budget counts in 10 buckets, each at least a millisecond wide. */
    private static final int MIN_RETRY_BUDGET_WINDOW_MILLIS = 10;

    private final boolean enabled;
    private final List<AlertRule> rules;
    private final List<AlertChannel> channels;
    private final Clock clock;
    private final int queueCapacity;
    private final int historySize;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Duration attemptTimeout;
    private final Duration deliveryDeadline;
    private final double retryBudgetRatio;
    private final int retryBudgetMinRetries;
    private final Duration retryBudgetWindow;
    private final int breakerFailures;
    private final Duration breakerOpenDuration;
    private final int channelConcurrency;
    private final Duration tickInterval;
    private final int maxGroups;
    private final Duration closeDeadline;
    private final boolean clientErrors;

    private Alerting(Builder b, boolean enabled) {
        this.enabled = enabled;
        this.rules = enabled ? List.copyOf(b.rules.values()) : List.of();
        List<AlertChannel> all = new ArrayList<>();
        if (enabled && b.logChannel) {
            all.add(LogChannel.create());
        }
        if (enabled) {
            all.addAll(b.channels.values());
        }
        this.channels = List.copyOf(all);
        this.clock = b.clock;
        this.queueCapacity = b.queueCapacity;
        this.historySize = b.historySize;
        this.maxAttempts = b.maxAttempts;
        this.baseDelay = b.baseDelay;
        this.maxDelay = b.maxDelay;
        this.attemptTimeout = b.attemptTimeout;
        this.deliveryDeadline = b.deliveryDeadline;
        this.retryBudgetRatio = b.budgetRatio;
        this.retryBudgetMinRetries = b.budgetMinRetries;
        this.retryBudgetWindow = b.budgetWindow;
        this.breakerFailures = b.breakerFailures;
        this.breakerOpenDuration = b.breakerOpen;
        this.channelConcurrency = b.channelConcurrency;
        this.tickInterval = b.tickInterval;
        this.maxGroups = b.maxGroups;
        this.closeDeadline = b.closeDeadline;
        this.clientErrors = b.clientErrors;
        // channels that keep state of their own (re-sending) learn which rules send resolved notifications
        for (AlertChannel c : channels) {
            if (c instanceof AlertmanagerChannel am) {
                am.rules(rules);
            }
        }
    }

    /** A builder with every default, no rules and the log channel. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings with {@link #defaultRules() the default rules} and the log channel; everything else default. */
    public static Alerting defaults() {
        return builder().rules(defaultRules()).build();
    }

    /**
     * Alerting that does nothing (the development preset): no rules, no channels, no threads;
     * the engine built from it records nothing and reports an empty history.
     */
    public static Alerting disabled() {
        return new Alerting(new Builder(), false);
    }

    /**
     * The default rules, which {@code Faultline.builder()} starts from:
     * <ul>
     *   <li>{@code critical_errors}: severity critical or type database; level critical; "Critical error:
     *       {error_type} at {endpoint}"; cooldown one minute (per error type and endpoint);</li>
     *   <li>{@code database_errors}: 5 database errors within 5 minutes; level error; resolved
     *       notifications;</li>
     *   <li>the {@link ThresholdRule#defaultsPerSeverity() per-severity thresholds} for high (5), medium
     *       (20) and low (100) within 5 minutes. {@code severity_critical} (threshold 1) is left out: on
     *       the first critical error it would notify again what {@code critical_errors} just notified, a
     *       duplicate notification. Add it with {@code rules(ThresholdRule.defaultsPerSeverity())} when
     *       you replace {@code critical_errors}.</li>
     * </ul>
     */
    public static List<AlertRule> defaultRules() {
        List<AlertRule> out = new ArrayList<>();
        out.add(PredicateRule.builder("critical_errors")
                .condition(e -> e.severity() == ErrorSeverity.CRITICAL || e.type() == ErrorType.DATABASE)
                .level(AlertLevel.CRITICAL)
                .messageTemplate("Critical error: {error_type} at {endpoint}")
                .cooldown(Duration.ofMinutes(1))
                .build());
        out.add(ThresholdRule.builder("database_errors")
                .condition(e -> e.type() == ErrorType.DATABASE)
                .threshold(5)
                .window(Duration.ofMinutes(5))
                .level(AlertLevel.ERROR)
                .messageTemplate("{count} database errors in {window}; latest at {endpoint}")
                .notifyResolved(true)
                .build());
        for (ThresholdRule r : ThresholdRule.defaultsPerSeverity()) {
            if (!r.name().equals("severity_critical")) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }


    /** Whether alerting runs at all: {@code false} for {@link #disabled()} (no rules, no channels, no threads). */
    public boolean enabled() {
        return enabled;
    }

    /** The rules, in the order they were added. */
    public List<AlertRule> rules() {
        return rules;
    }

    /** The channels in delivery-history order: the {@link LogChannel} first when on, then as added. */
    public List<AlertChannel> channels() {
        return channels;
    }

    /** The clock of rule windows, cooldowns and timestamps. */
    public Clock clock() {
        return clock;
    }

    /** How many alerts may be in delivery at once; see {@link Builder#queueCapacity(int)}. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** How many alerts the history keeps; see {@link Builder#historySize(int)}. */
    public int historySize() {
        return historySize;
    }

    /** Attempts per alert and channel, the first included; see {@link Builder#maxAttempts(int)}. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The base delay of the backoff; see {@link Builder#baseDelay(Duration)}. */
    public Duration baseDelay() {
        return baseDelay;
    }

    /** The longest wait before a retry; see {@link Builder#maxDelay(Duration)}. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** How long one attempt may take; see {@link Builder#attemptTimeout(Duration)}. */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /** How long after its first attempt a delivery may still retry; see {@link Builder#deliveryDeadline(Duration)}. */
    public Duration deliveryDeadline() {
        return deliveryDeadline;
    }

    /** The retry budget's ratio; see {@link Builder#retryBudget(double, int, Duration)}. */
    public double retryBudgetRatio() {
        return retryBudgetRatio;
    }

    /** The retries the budget always allows per window; see {@link Builder#retryBudget(double, int, Duration)}. */
    public int retryBudgetMinRetries() {
        return retryBudgetMinRetries;
    }

    /** The retry budget's window; see {@link Builder#retryBudget(double, int, Duration)}. */
    public Duration retryBudgetWindow() {
        return retryBudgetWindow;
    }

    /** Consecutive failed attempts that open a channel's circuit breaker; see {@link Builder#circuitBreaker(int, Duration)}. */
    public int breakerFailures() {
        return breakerFailures;
    }

    /** How long a channel's circuit breaker stays open; see {@link Builder#circuitBreaker(int, Duration)}. */
    public Duration breakerOpenDuration() {
        return breakerOpenDuration;
    }

    /** Delivery threads per channel; see {@link Builder#channelConcurrency(int)}. */
    public int channelConcurrency() {
        return channelConcurrency;
    }

    /** How often the rules are ticked, {@link Duration#ZERO} for never; see {@link Builder#tickInterval(Duration)}. */
    public Duration tickInterval() {
        return tickInterval;
    }

    /** How many cooldown groups each predicate rule keeps; see {@link Builder#maxGroups(int)}. */
    public int maxGroups() {
        return maxGroups;
    }

    /** The deadline {@code Faultline.close()} gives the deliveries still pending; see {@link Builder#closeDeadline(Duration)}. */
    public Duration closeDeadline() {
        return closeDeadline;
    }

    /** Whether client errors (4xx, 499) reach the rules; see {@link Builder#clientErrors(boolean)}. */
    public boolean clientErrors() {
        return clientErrors;
    }

    /**
     * Whether an outcome with this status reaches the rules: a 5xx always; a 4xx or a client that went
     * away (499) only when {@link Builder#clientErrors(boolean) client errors} are turned on. By default an
     * anonymous client cannot fire an alert with its own bad requests (issue 14).
     */
    public boolean counts(int status) {
        return status >= 500 || clientErrors;
    }

    @Override
    public String toString() {
        return "Alerting[" + (enabled ? "rules=" + rules.size() + ", channels="
                + channels.stream().map(AlertChannel::name).toList() : "disabled") + "]";
    }

    /**
     * Builds an {@link Alerting}. Not thread-safe; each setter checks its argument and throws an
     * {@link IllegalArgumentException} naming the setting; {@link #build()} checks settings that depend
     * on each other.
     */
    public static final class Builder {

        private final Map<String, AlertRule> rules = new LinkedHashMap<>();
        private final Map<String, AlertChannel> channels = new LinkedHashMap<>();
        private boolean logChannel = true;
        private Clock clock = Clock.systemUTC();
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private int historySize = DEFAULT_HISTORY_SIZE;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration baseDelay = DEFAULT_BASE_DELAY;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private Duration attemptTimeout = DEFAULT_ATTEMPT_TIMEOUT;
        private Duration deliveryDeadline = DEFAULT_DELIVERY_DEADLINE;
        private double budgetRatio = DEFAULT_RETRY_BUDGET_RATIO;
        private int budgetMinRetries = DEFAULT_RETRY_BUDGET_MIN_RETRIES;
        private Duration budgetWindow = DEFAULT_RETRY_BUDGET_WINDOW;
        private int breakerFailures = DEFAULT_BREAKER_FAILURES;
        private Duration breakerOpen = DEFAULT_BREAKER_OPEN_DURATION;
        private int channelConcurrency = DEFAULT_CHANNEL_CONCURRENCY;
        private Duration tickInterval = DEFAULT_TICK_INTERVAL;
        private int maxGroups = DEFAULT_MAX_GROUPS;
        private Duration closeDeadline = DEFAULT_CLOSE_DEADLINE;
        private boolean clientErrors;

        private Builder() {
        }

        /**
         * Adds a rule. Default: none.
         *
         * @throws IllegalArgumentException ({@code alert.name}) if a rule of that name was added already
         */
        public Builder rule(AlertRule rule) {
            Objects.requireNonNull(rule, "rule");
            if (rules.containsKey(rule.name())) {
                throw Preconditions.invalid("alert.name", "must be unique: a rule named '" + rule.name()
                        + "' was added already");
            }
            rules.put(rule.name(), rule);
            return this;
        }

        /** Adds rules, as {@link #rule(AlertRule)} each. */
        public Builder rules(Collection<? extends AlertRule> rules) {
            Objects.requireNonNull(rules, "rules");
            rules.forEach(this::rule);
            return this;
        }

        /**
         * Adds a channel. Default: only the {@link LogChannel} (see {@link #logChannel(boolean)}).
         *
         * @throws IllegalArgumentException ({@code alert.channel.name}) if its name is invalid or taken
         */
        public Builder channel(AlertChannel channel) {
            Objects.requireNonNull(channel, "channel");
            String name = Preconditions.name("alert.channel.name", channel.name());
            if (channels.containsKey(name) || (logChannel && name.equals(LogChannel.DEFAULT_NAME))) {
                throw Preconditions.invalid("alert.channel.name", "must be unique: a channel named '" + name
                        + "' is there already");
            }
            channels.put(name, channel);
            return this;
        }

        /**
         * Whether the {@link LogChannel} (logger {@code faultline.alert}) gets every alert besides the other
         * channels. Default {@code true}.
         *
         * @throws IllegalArgumentException ({@code alert.channel.name}) if turned on while another channel is
         *         named {@code log}
         */
        public Builder logChannel(boolean logChannel) {
            if (logChannel && channels.containsKey(LogChannel.DEFAULT_NAME)) {
                throw Preconditions.invalid("alert.channel.name", "must be unique: a channel named 'log' is there already");
            }
            this.logChannel = logChannel;
            return this;
        }

        /** The clock of rule windows, cooldowns and timestamps. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "alert.clock");
            return this;
        }

        /**
         * How many alerts may be in delivery at once (queued, in an attempt or waiting for a retry).
         * Default {@value Alerting#DEFAULT_QUEUE_CAPACITY}.
         *
         * @throws IllegalArgumentException ({@code alert.queue_capacity}) unless from 1 to 100,000
         */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = Preconditions.range("alert.queue_capacity", queueCapacity, 1, 100_000);
            return this;
        }

        /**
         * How many alerts the history keeps. Default {@value Alerting#DEFAULT_HISTORY_SIZE}.
         *
         * @throws IllegalArgumentException ({@code alert.history_size}) unless from 1 to 100,000
         */
        public Builder historySize(int historySize) {
            this.historySize = Preconditions.range("alert.history_size", historySize, 1, 100_000);
            return this;
        }

        /**
         * Attempts per alert and channel, the first included. Default {@value Alerting#DEFAULT_MAX_ATTEMPTS}.
         *
         * @throws IllegalArgumentException ({@code alert.max_attempts}) unless from 1 to 20
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = Preconditions.range("alert.max_attempts", maxAttempts, 1, 20);
            return this;
        }

        /**
         * The backoff before retry {@code n} is drawn from {@code [0, min(maxDelay, baseDelay × 2^(n−1))]}.
         * Default 500 ms.
         *
         * @throws IllegalArgumentException ({@code alert.base_delay}) unless whole milliseconds from 1 ms to an hour
         */
        public Builder baseDelay(Duration baseDelay) {
            this.baseDelay = Preconditions.millis("alert.base_delay", baseDelay, Duration.ofHours(1));
            return this;
        }

        /**
         * The longest wait before a retry, backoff or {@code Retry-After}: a {@code Retry-After} longer than
         * this fails the delivery. Default 30 s.
         *
         * @throws IllegalArgumentException ({@code alert.max_delay}) unless whole milliseconds from 1 ms to an hour
         */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = Preconditions.millis("alert.max_delay", maxDelay, Duration.ofHours(1));
            return this;
        }

        /**
         * How long one attempt may take before its thread is interrupted and it counts as failed. Default 10 s.
         *
         * @throws IllegalArgumentException ({@code alert.attempt_timeout}) unless whole milliseconds from 1 ms to 5 minutes
         */
        public Builder attemptTimeout(Duration attemptTimeout) {
            this.attemptTimeout = Preconditions.millis("alert.attempt_timeout", attemptTimeout, Duration.ofMinutes(5));
            return this;
        }

        /**
         * How long after its first attempt a delivery may still start a retry. Default 10 minutes.
         *
         * @throws IllegalArgumentException ({@code alert.delivery_deadline}) unless whole milliseconds from 1 ms to a day
         */
        public Builder deliveryDeadline(Duration deliveryDeadline) {
            this.deliveryDeadline = Preconditions.millis("alert.delivery_deadline", deliveryDeadline, Duration.ofDays(1));
            return this;
        }

        /**
         * The global retry budget: within any {@code window}, retries ≤ {@code minRetries + ratio × first
         * attempts}. Default 0.2, 10, one minute.
         *
         * @throws IllegalArgumentException ({@code alert.retry_budget.ratio}, {@code .min_retries},
         *         {@code .window}) unless the ratio is from 0 to 10, the minimum from 0 to 10,000 and the
         *         window whole milliseconds from 10 ms to an hour
         */
        public Builder retryBudget(double ratio, int minRetries, Duration window) {
            if (!(ratio >= 0.0 && ratio <= 10.0)) {
                throw Preconditions.invalid("alert.retry_budget.ratio", "must be from 0 to 10, was " + ratio);
            }
            Preconditions.range("alert.retry_budget.min_retries", minRetries, 0, 10_000);
            Preconditions.millis("alert.retry_budget.window", window, Duration.ofHours(1));
            if (window.toMillis() < MIN_RETRY_BUDGET_WINDOW_MILLIS) {
                throw Preconditions.invalid("alert.retry_budget.window", "must be at least 10 ms, was " + window);
            }
            this.budgetRatio = ratio;
            this.budgetMinRetries = minRetries;
            this.budgetWindow = window;
            return this;
        }

        /**
         * Each channel's circuit breaker opens after {@code failures} consecutive failed attempts and stays
         * open for {@code openDuration}, then lets one trial attempt through. Default 5 and 30 s.
         *
         * @throws IllegalArgumentException ({@code alert.circuit_breaker.failures}, {@code .open_duration})
         *         unless failures is from 1 to 1,000 and the duration whole milliseconds from 1 ms to an hour
         */
        public Builder circuitBreaker(int failures, Duration openDuration) {
            this.breakerFailures = Preconditions.range("alert.circuit_breaker.failures", failures, 1, 1_000);
            this.breakerOpen = Preconditions.millis("alert.circuit_breaker.open_duration", openDuration, Duration.ofHours(1));
            return this;
        }

        /**
         * Delivery threads per channel (attempts to one channel at the same time), so that a slow receiver
         * holds back at most this many alerts, and a drain at shutdown takes about
         * {@code ceil(pending / concurrency)} receiver round-trips. Default
         * {@value Alerting#DEFAULT_CHANNEL_CONCURRENCY}; 1 calls each channel one alert at a time (for a
         * channel that is not thread-safe).
         *
         * @throws IllegalArgumentException ({@code alert.channel_concurrency}) unless from 1 to 16
         */
        public Builder channelConcurrency(int channelConcurrency) {
            this.channelConcurrency = Preconditions.range("alert.channel_concurrency", channelConcurrency, 1, 16);
            return this;
        }

        /**
         * How long {@code Faultline.close()} waits for the deliveries still
         * pending before it drops them, each named in the log. Fit it into the orchestrator's grace period:
         * Kubernetes sends SIGTERM and kills the process {@code terminationGracePeriodSeconds} (30 s by
         * default) later, and that budget is shared by the {@code preStop} hook, the server's drain of the
         * requests in flight and this deadline; keep it at least one receiver round-trip (or the attempt
         * timeout, to never cut an attempt short). Also the setting {@code faultline.alerting.close-deadline}
         * ({@code FAULTLINE_ALERTING_CLOSE_DEADLINE}: {@code 5s}, {@code 1500ms}, {@code 1m} or
         * {@code PT5S}) when built by a {@code Faultline} whose code sets none. Default 5 s.
         *
         * @throws IllegalArgumentException ({@code alert.close_deadline}) unless whole milliseconds from 0 to 10 minutes
         */
        public Builder closeDeadline(Duration closeDeadline) {
            Objects.requireNonNull(closeDeadline, "alert.close_deadline");
            this.closeDeadline = closeDeadline.isZero() ? closeDeadline
                    : Preconditions.millis("alert.close_deadline", closeDeadline, MAX_CLOSE_DEADLINE);
            return this;
        }

        /**
         * How often the engine evaluates the error-ratio rules and the resolved notifications on its own
         * scheduler; {@link Duration#ZERO} for never (tests with a fake clock tick the engine themselves).
         * Default 5 s.
         *
         * @throws IllegalArgumentException ({@code alert.tick_interval}) unless zero or whole milliseconds up to an hour
         */
        public Builder tickInterval(Duration tickInterval) {
            Objects.requireNonNull(tickInterval, "alert.tick_interval");
            this.tickInterval = tickInterval.isZero() ? tickInterval
                    : Preconditions.millis("alert.tick_interval", tickInterval, Duration.ofHours(1));
            return this;
        }

        /**
         * How many cooldown groups each predicate rule keeps. Default {@value Alerting#DEFAULT_MAX_GROUPS}.
         *
         * @throws IllegalArgumentException ({@code alert.max_groups}) unless from 1 to 1,000,000
         */
        public Builder maxGroups(int maxGroups) {
            this.maxGroups = Preconditions.range("alert.max_groups", maxGroups, 1, 1_000_000);
            return this;
        }

        /**
         * Whether client errors (4xx, and 499 for a client that went away) reach the rules. Default
         * {@code false}: the severity, critical and error-ratio rules see only the service's own failures,
         * so that no anonymous client can fire an alert with bad requests; a burst of client faults from
         * one client is a security finding on {@code faultline.security} instead. Turn it on for rules
         * written for 4xx outcomes (failed logins, say), knowing that clients can then trigger them.
         */
        public Builder clientErrors(boolean clientErrors) {
            this.clientErrors = clientErrors;
            return this;
        }

        /**
         * The alerting settings; the engine built from them starts its threads.
         *
         * @throws IllegalStateException if the base delay exceeds the max delay
         */
        public Alerting build() {
            if (baseDelay.compareTo(maxDelay) > 0) {
                throw new IllegalStateException("alert.base_delay (" + baseDelay + ") must not exceed alert.max_delay ("
                        + maxDelay + ")");
            }
            return new Alerting(this, true);
        }

        @Override
        public String toString() {
            return "Alerting.Builder[rules=" + Collections.unmodifiableSet(rules.keySet()) + ", channels="
                    + channels.keySet() + "]";
        }
    }
}
