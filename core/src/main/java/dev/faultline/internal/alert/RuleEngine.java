package dev.faultline.internal.alert;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.faultline.alert.Alert;
import dev.faultline.alert.AlertRule;
import dev.faultline.alert.ErrorRatioRule;
import dev.faultline.alert.PredicateRule;
import dev.faultline.alert.ThresholdRule;
import dev.faultline.error.ErrorEvent;
import dev.faultline.error.ErrorType;
import dev.faultline.internal.AlertFields;
import dev.faultline.internal.LogThrottle;
import dev.faultline.internal.Template;
import dev.faultline.internal.Text;
import dev.faultline.internal.metrics.TimeWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates the rules of an {@link dev.faultline.alert.Alerting} and hands what fires to a sink. {@link #onError} and
 * {@link #onRequest} run on request threads: O(rules), no lock shared across requests (Caffeine's
 * per-key synchronisation for a new cooldown group aside), no I/O but throttled SLF4J warnings.
 */
final class RuleEngine {

    private final Clock clock;
    private final Counters counters;
    private final Consumer<Alert> sink;
    private final PredicateEval[] predicates;
    private final ThresholdEval[] thresholds;
    private final RatioEval[] ratios;

    RuleEngine(List<AlertRule> rules, Clock clock, int maxGroups, Counters counters, Consumer<Alert> sink) {
        this.clock = clock;
        this.counters = counters;
        this.sink = sink;
        List<PredicateEval> p = new ArrayList<>();
        List<ThresholdEval> t = new ArrayList<>();
        List<RatioEval> r = new ArrayList<>();
        for (AlertRule rule : rules) {
            if (rule instanceof PredicateRule pr) {
                p.add(new PredicateEval(pr, maxGroups));
            } else if (rule instanceof ThresholdRule tr) {
                t.add(new ThresholdEval(tr));
            } else if (rule instanceof ErrorRatioRule er) {
                r.add(new RatioEval(er));
            }
        }
        this.predicates = p.toArray(new PredicateEval[0]);
        this.thresholds = t.toArray(new ThresholdEval[0]);
        this.ratios = r.toArray(new RatioEval[0]);
    }

    void onError(ErrorEvent e) {
        Map<String, @Nullable Object> ctx = null;
        for (PredicateEval p : predicates) {
            ctx = p.evaluate(e, ctx);
        }
        for (ThresholdEval t : thresholds) {
            ctx = t.evaluate(e, ctx);
        }
    }

    void onRequest(boolean failed) {
        for (RatioEval r : ratios) {
            r.window.record(0L, failed, false);
        }
    }

    void tick() {
        long now = clock.millis();
        for (ThresholdEval t : thresholds) {
            t.tick(now);
        }
        for (RatioEval r : ratios) {
            r.tick(now);
        }
    }

    /** The context of an error event: its fields under the names the logs use. */
    static Map<String, @Nullable Object> of(ErrorEvent e) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>(24);
        m.put(AlertFields.OCCURRED_AT, e.timestamp().toString());
        m.put(AlertFields.REQUEST_ID, e.requestId());
        m.put(AlertFields.ERROR_TYPE, e.type().label());
        m.put(AlertFields.SEVERITY, e.severity().label());
        m.put(AlertFields.STATUS, e.status());
        m.put(AlertFields.ENDPOINT, e.endpoint());
        m.put(AlertFields.METHOD, e.method());
        m.put(AlertFields.USER_ID, e.userId());
        m.put(AlertFields.IP_ADDRESS, e.clientIp());
        m.put(AlertFields.FINGERPRINT, e.fingerprint());
        m.put(AlertFields.EXCEPTION, e.exceptionClass());
        m.put(AlertFields.ERROR_MESSAGE, e.message());
        m.put(AlertFields.RECOVERY, e.recovery());
        return m;
    }

    private void fire(Gate gate, Alert alert) {
        if (!alert.resolved()) {
            gate.fired(alert);
        }
        counters.fired.increment();
        sink.accept(alert);
    }

    private void ruleError(AlertRule rule, LogThrottle throttle, String callback, Throwable t) {
        counters.ruleErrors.increment();
        if (throttle.allow()) {
            Dispatcher.LOG.atWarn().setMessage("alert rule callback failed; counted and skipped")
                    .addKeyValue("alert_rule", rule.name())
                    .addKeyValue("callback", callback)
                    .addKeyValue("rule_errors_total", counters.ruleErrors.sum())
                    .setCause(t)
                    .log();
        }
    }

    private static Map<String, @Nullable Object> context(ErrorEvent e, @Nullable Map<String, @Nullable Object> ctx) {
        return ctx != null ? ctx : of(e);
    }

    private static String render(Template template, AlertRule rule, Map<String, @Nullable Object> ctx) {
        return template.render(f -> {
            if (ctx.containsKey(f)) {
                return ctx.get(f);
            }
            return switch (f) {
                case "rule" -> rule.name();
                case "level" -> rule.level().label();
                default -> Template.UNKNOWN;
            };
        }, Alert.MAX_MESSAGE_LENGTH);
    }

    private static TimeWindow window(Duration window, Clock clock) {
        return TimeWindow.builder().slots(ThresholdRule.BUCKETS).slotWidth(bucketWidth(window))
                .clock(clock).build();
    }

    /** The width of one of the {@value ThresholdRule#BUCKETS} buckets of {@code window}: window / 20, rounded up. */
    static Duration bucketWidth(Duration window) {
        long ms = window.toMillis();
        return Duration.ofMillis((ms + ThresholdRule.BUCKETS - 1) / ThresholdRule.BUCKETS);
    }

    private static Duration span(Duration window) {
        return bucketWidth(window).multipliedBy(ThresholdRule.BUCKETS);
    }

    // ---------------------------------------------------------------- predicate rules

    private final class PredicateEval {
        final PredicateRule rule;
        final Template template;
        final long cooldown;
        final Cache<String, Gate> gates;
        final LogThrottle errors = new LogThrottle();

        PredicateEval(PredicateRule rule, int maxGroups) {
            this.rule = rule;
            this.template = Template.parse("alert.message_template", rule.messageTemplate());
            this.cooldown = rule.cooldown().toMillis();
            this.gates = Caffeine.newBuilder()
                    .maximumSize(maxGroups)
                    .removalListener((String k, Gate g, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                        if (cause.wasEvicted()) {
                            counters.groupsEvicted.increment();
                        }
                    })
                    .build();
        }

        /** The default group key of the last event, with its type and endpoint: a burst reuses it. */
        private volatile @Nullable DefaultKey lastDefaultKey;

        /** The event's group key, truncated. */
        private String groupKey(ErrorEvent e) {
            if (rule.groupKey() == PredicateRule.DEFAULT_GROUP_KEY) {
                return defaultKey(e);
            }
            String key;
            try {
                key = rule.groupKey().apply(e);
                if (key == null) {
                    throw new NullPointerException("the group key function returned null");
                }
            } catch (Throwable t) {
                ruleError(rule, errors, "group key", t);
                return defaultKey(e);
            }
            return Text.truncate(key, PredicateRule.MAX_GROUP_KEY_LENGTH);
        }

        /**
         * {@link PredicateRule#DEFAULT_GROUP_KEY} of the event, truncated: the last one's string when the
         * type and endpoint are the same, so that the failures of an outage build no key (and the cache
         * finds the key's hash code already computed).
         */
        private String defaultKey(ErrorEvent e) {
            DefaultKey last = lastDefaultKey;
            if (last != null && last.type() == e.type() && last.endpoint().equals(e.endpoint())) {
                return last.key();
            }
            String key = Text.truncate(PredicateRule.DEFAULT_GROUP_KEY.apply(e), PredicateRule.MAX_GROUP_KEY_LENGTH);
            lastDefaultKey = new DefaultKey(e.type(), e.endpoint(), key);
            return key;
        }

        @Nullable
        Map<String, @Nullable Object> evaluate(ErrorEvent e, @Nullable Map<String, @Nullable Object> ctx) {
            boolean matches;
            try {
                matches = rule.condition().test(e);
            } catch (Throwable t) {
                ruleError(rule, errors, "condition", t);
                return ctx;
            }
            if (!matches) {
                return ctx;
            }
            String key = groupKey(e);
            Gate gate = gates.get(key, k -> new Gate());
            long now = clock.millis();
            long carried = gate.offer(now, cooldown);
            if (carried == Gate.SUPPRESSED) {
                counters.suppressed.increment();
                return ctx;
            }
            Map<String, @Nullable Object> c = context(e, ctx);
            fire(gate, new Alert(AlertFields.newId(), rule.name(), rule.level(), render(template, rule, c),
                    Instant.ofEpochMilli(now), c, key, carried, false));
            return c;
        }
    }

    /** A default group key and the error type and endpoint it was made of. */
    private record DefaultKey(ErrorType type, String endpoint, String key) {
    }

    // ---------------------------------------------------------------- threshold rules

    private final class ThresholdEval {
        final ThresholdRule rule;
        final Template template;
        final TimeWindow window;
        /** The slots of {@link #window} the rule's window covers. */
        final int slots;
        final long cooldown;
        final Gate gate = new Gate();
        final LogThrottle errors = new LogThrottle();

        ThresholdEval(ThresholdRule rule) {
            this.rule = rule;
            this.template = Template.parse("alert.message_template", rule.messageTemplate());
            this.window = window(rule.window(), clock);
            this.slots = window.slotsIn(span(rule.window()));
            this.cooldown = rule.cooldown().toMillis();
        }

        @Nullable
        Map<String, @Nullable Object> evaluate(ErrorEvent e, @Nullable Map<String, @Nullable Object> ctx) {
            boolean matches;
            try {
                matches = rule.condition().test(e);
            } catch (Throwable t) {
                ruleError(rule, errors, "condition", t);
                return ctx;
            }
            if (!matches) {
                return ctx;
            }
            // one clock reading; counting and the cooldown's check allocate nothing, so that an outage's
            // failures cost no garbage once the rule has notified
            long now = clock.millis();
            window.current(now).record(0L, false, false);
            // reads back from the newest slot only until the threshold is reached: in an outage, one slot
            if (window.count(slots, now, rule.threshold()) < rule.threshold()) {
                return ctx;
            }
            long carried = gate.offer(now, cooldown);
            if (carried == Gate.SUPPRESSED) {
                counters.suppressed.increment();
                return ctx;
            }
            long count = window.count(slots, now); // the exact count, for the notification
            Map<String, @Nullable Object> base = context(e, ctx);
            Map<String, @Nullable Object> c = new LinkedHashMap<>(base);
            c.put(AlertFields.COUNT, count);
            c.put(AlertFields.THRESHOLD, rule.threshold());
            c.put(AlertFields.WINDOW, Text.duration(rule.window()));
            fire(gate, new Alert(AlertFields.newId(), rule.name(), rule.level(), render(template, rule, c),
                    Instant.ofEpochMilli(now), c, rule.name(), carried, false));
            return base;
        }

        void tick(long now) {
            if (!rule.notifyResolved()) {
                return;
            }
            try {
                long count = window.count(slots, now);
                if (count >= rule.threshold()) {
                    gate.held(now);
                    return;
                }
                long carried = gate.tryResolve(now, rule.window().toMillis());
                if (carried == Gate.SUPPRESSED) {
                    return;
                }
                Alert last = gate.last();
                Map<String, @Nullable Object> c = new LinkedHashMap<>();
                if (last != null) {
                    c.putAll(last.context());
                }
                c.put(AlertFields.COUNT, count);
                c.put(AlertFields.THRESHOLD, rule.threshold());
                c.put(AlertFields.WINDOW, Text.duration(rule.window()));
                String message = "Resolved: " + (last != null ? last.message() : render(template, rule, c));
                fire(gate, new Alert(AlertFields.newId(), rule.name(), rule.level(), message, Instant.ofEpochMilli(now), c,
                        rule.name(), carried, true));
            } catch (RuntimeException ex) {
                ruleError(rule, errors, "tick", ex);
            }
        }
    }

    // ---------------------------------------------------------------- error-ratio rules

    private final class RatioEval {
        final ErrorRatioRule rule;
        final Template template;
        final TimeWindow window;
        final Duration span;
        final long cooldown;
        final Gate gate = new Gate();
        final LogThrottle errors = new LogThrottle();

        RatioEval(ErrorRatioRule rule) {
            this.rule = rule;
            this.template = Template.parse("alert.message_template", rule.messageTemplate());
            this.window = window(rule.window(), clock);
            this.span = span(rule.window());
            this.cooldown = rule.cooldown().toMillis();
        }

        void tick(long now) {
            try {
                TimeWindow.Snapshot s = window.snapshot(span);
                long requests = s.count();
                long failed = s.errors();
                double ratio = requests == 0 ? 0.0 : (double) failed / requests;
                boolean holds = requests >= rule.minRequests() && ratio >= rule.ratio();
                Map<String, @Nullable Object> c = new LinkedHashMap<>();
                c.put(AlertFields.ERROR_RATIO, Math.round(ratio * 10_000) / 10_000.0);
                c.put(AlertFields.ERROR_PERCENT, String.valueOf(Math.round(ratio * 1_000) / 10.0));
                c.put(AlertFields.ERRORS, failed);
                c.put(AlertFields.REQUESTS, requests);
                c.put(AlertFields.RATIO_THRESHOLD, rule.ratio());
                c.put(AlertFields.MIN_REQUESTS, rule.minRequests());
                c.put(AlertFields.WINDOW, Text.duration(rule.window()));
                if (holds) {
                    long carried = gate.offer(now, cooldown);
                    if (carried == Gate.SUPPRESSED) {
                        counters.suppressed.increment();
                        return;
                    }
                    fire(gate, new Alert(AlertFields.newId(), rule.name(), rule.level(), render(template, rule, c),
                            Instant.ofEpochMilli(now), c, rule.name(), carried, false));
                    return;
                }
                if (!rule.notifyResolved()) {
                    return;
                }
                long carried = gate.tryResolve(now, rule.window().toMillis());
                if (carried == Gate.SUPPRESSED) {
                    return;
                }
                Alert last = gate.last();
                String message = "Resolved: " + (last != null ? last.message() : render(template, rule, c));
                fire(gate, new Alert(AlertFields.newId(), rule.name(), rule.level(), message, Instant.ofEpochMilli(now), c,
                        rule.name(), carried, true));
            } catch (RuntimeException ex) {
                ruleError(rule, errors, "tick", ex);
            }
        }
    }
}
