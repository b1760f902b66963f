package dev.faultline.alert;

import dev.faultline.internal.AlertFields;
import dev.faultline.internal.Json;
import dev.faultline.internal.LogThrottle;
import dev.faultline.internal.Preconditions;
import dev.faultline.internal.Text;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to a Prometheus <a href="https://prometheus.io/docs/alerting/latest/clients/">Alertmanager</a>
 * through its {@code POST /api/v2/alerts}, so that the alerts of many instances are grouped,
 * deduplicated, silenced, inhibited and routed by the engine operators already run for Prometheus'
 * own alerts.
 *
 * <pre>{@code
 * Alerting.builder()
 *         .channel(AlertmanagerChannel.builder(URI.create("http://alertmanager:9093"))
 *                 .service("videos")
 *                 .instance(System.getenv("HOSTNAME"))
 *                 .dashboardUrl(URI.create("https://videos.example.com/faultline/"))
 *                 .build())
 * }</pre>
 *
 * <h2>What Alertmanager receives</h2>
 * Each alert of a rule and cooldown group becomes one Alertmanager alert, identified there by its labels:
 * <ul>
 *   <li>labels: {@code alertname} (the rule's name), {@code severity} (the rule's {@link AlertLevel}:
 *       {@code info}, {@code warning}, {@code error}, {@code critical}), {@code service},
 *       {@code instance}, and when the triggering event has them, {@code error_type} and
 *       {@code endpoint} (route templates: bounded). The labels are fixed when a rule's group starts
 *       firing, until it resolves, so that Alertmanager sees one alert whatever endpoint the latest
 *       matching event came from;</li>
 *   <li>annotations: {@code summary} (the alert's message), {@code request_id} and {@code fingerprint}
 *       of the latest triggering event, {@code alert_id} (Faultline's id of the latest notification:
 *       find it in {@code /metrics/alerts});</li>
 *   <li>{@code generatorURL}: the {@link Builder#dashboardUrl(URI) dashboard}, when configured;</li>
 *   <li>{@code startsAt}: when the group started firing; {@code endsAt}: when the rule resolved, for
 *       a resolved notification. For a rule that sends resolved notifications (a threshold or error-ratio
 *       rule with {@code notifyResolved}), a firing alert's {@code endsAt} is
 *       {@value #RESEND_HORIZON} re-send intervals ahead and moves with each re-send, as Prometheus does:
 *       should this instance die without resolving it, Alertmanager resolves it by itself soon after. For
 *       a rule that never resolves (a predicate rule such as {@code critical_errors}), {@code endsAt} is
 *       the latest notification plus the {@link Builder#eventAlertDuration(Duration) event alert
 *       duration} (default 5 minutes).</li>
 * </ul>
 *
 * <h2>Re-sending</h2>
 * Alertmanager forgets an alert nobody repeats and loses every alert when it restarts, so its clients
 * must send active alerts again and again: this channel keeps the active alerts (and resolved ones for
 * {@value #RESEND_HORIZON} intervals, so that a resolve Alertmanager missed still reaches it) and
 * POSTs all of them in one request every {@link Builder#resendInterval(Duration) re-send interval}
 * (default one minute), on its own daemon thread, started by the first delivery. A failed re-send is
 * counted ({@link #resendFailures()}) and logged (throttled); the next interval tries again. At most
 * {@value #MAX_ACTIVE} alerts are kept; beyond that, new groups are delivered once and not re-sent
 * (counted in {@link #untracked()}).
 *
 * <h2>Delivery guarantees</h2>
 * Each notification is delivered as the other channels' are: by the alerting engine's delivery threads,
 * with budgeted retries, the channel's circuit breaker and its state in the history. HTTP as
 * {@link WebhookChannel}: 2xx delivered, 429/503 {@code Retry-After} honoured, other 4xx permanent (a
 * 400 means Alertmanager refused the alert), 5xx and I/O errors retried. A notification and a re-send
 * never overlap, and notifications of one rule and group go one at a time, so that Alertmanager always
 * ends up with the latest state; notifications of different groups may be delivered concurrently.
 *
 * <p>For an Alertmanager cluster, add one channel per peer (each with its own {@link Builder#name(String)
 * name}), as Prometheus sends to every peer. One channel instance belongs to one {@link Alerting}.
 * Thread-safe.
 */
public final class AlertmanagerChannel implements AlertChannel, AutoCloseable {

    /** Default name: {@code alertmanager}. */
    public static final String DEFAULT_NAME = "alertmanager";
    /** The API path alerts are POSTed to, appended to the configured URL unless it ends with it. */
    public static final String API_PATH = "/api/v2/alerts";
    /** Default re-send interval: one minute. */
    public static final Duration DEFAULT_RESEND_INTERVAL = Duration.ofMinutes(1);
    /** Default time an alert of a rule that never resolves stays active: 5 minutes. */
    public static final Duration DEFAULT_EVENT_ALERT_DURATION = Duration.ofMinutes(5);
    /** Default service label: {@code unknown_service:java}, as OpenTelemetry names an unnamed service. */
    public static final String DEFAULT_SERVICE = "unknown_service:java";
    /** How many re-send intervals ahead a firing alert's {@code endsAt} is, and how long resolved ones are re-sent. */
    public static final int RESEND_HORIZON = 4;
    /** The most alerts kept for re-sending. */
    public static final int MAX_ACTIVE = 1_000;
    /** The longest label value or annotation sent; longer ones are cut. */
    static final int MAX_VALUE = 1_024;
    /** The alerting logger, {@code faultline.alert}, as the other alerting warnings use. */
    private static final Logger LOG = LoggerFactory.getLogger("faultline.alert");
    private static final int STRIPES = 16;

    private final String name;
    private final HttpPost post;
    private final Clock clock;
    private final String service;
    private final String instance;
    private final @Nullable String generatorUrl;
    private final Duration resendInterval;
    private final Duration eventAlertDuration;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    /**
     * Orders what reaches Alertmanager, which keeps whichever update of an alert comes last: a re-send
     * (write lock) never overlaps a notification (read lock), and notifications of one rule and group
     * go one at a time (a stripe per key); notifications of different groups may run concurrently.
     */
    private final ReentrantReadWriteLock sending = new ReentrantReadWriteLock();
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final LongAdder resends = new LongAdder();
    private final LongAdder resendFailures = new LongAdder();
    private final LongAdder untracked = new LongAdder();
    private final LogThrottle resendLog = new LogThrottle();
    private volatile Set<String> resolvingRules = Set.of();
    private @Nullable ScheduledExecutorService resender; // guarded by this
    private boolean closed; // guarded by this

    /**
     * One alert as Alertmanager knows it.
     *
     * @param lastUpdate when the latest notification applied to it fired (older ones do not change it)
     * @param endsAt for a resolved alert when it resolved; for an event alert when it expires; else null
     */
    private record Active(Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
            Instant lastUpdate, @Nullable Instant endsAt, boolean resolved, boolean event) {
    }

    private AlertmanagerChannel(Builder b, String instance) {
        this.name = b.name;
        this.clock = b.clock;
        this.service = b.service;
        this.instance = instance;
        this.generatorUrl = b.dashboardUrl == null ? null : b.dashboardUrl.toString();
        this.resendInterval = b.resendInterval;
        this.eventAlertDuration = b.eventAlertDuration;
        this.post = b.post(apiUri(b.url), b.clock);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * A builder for the Alertmanager at {@code url}: its base ({@code http://alertmanager:9093}, or with
     * a route prefix) or the full {@code …/api/v2/alerts} URL.
     *
     * @throws IllegalArgumentException ({@code alert.alertmanager.url}) unless an http(s) URL with a host
     */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    static URI apiUri(URI url) {
        String s = url.toString();
        if (s.endsWith(API_PATH)) {
            return url;
        }
        return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + API_PATH);
    }

    @Override
    public String name() {
        return name;
    }

    /** Where alerts are POSTed. */
    public URI uri() {
        return post.uri();
    }

    /** The {@code instance} label this channel sends. */
    public String instance() {
        return instance;
    }

    /** The {@code service} label this channel sends. */
    public String service() {
        return service;
    }

    /** How many re-sends (one POST of every kept alert each) succeeded. */
    public long resends() {
        return resends.sum();
    }

    /** How many re-sends failed (each was tried again an interval later). */
    public long resendFailures() {
        return resendFailures.sum();
    }

    /** How many alert groups were delivered but not kept for re-sending, because {@value #MAX_ACTIVE} were kept. */
    public long untracked() {
        return untracked.sum();
    }

    /** How many alerts are kept for re-sending now (firing, or resolved recently). */
    public int activeAlerts() {
        return active.size();
    }

    /**
     * Tells the channel which rules send resolved notifications (their firing alerts stay active until
     * resolved); {@link Alerting.Builder#build()} calls it with its rules.
     */
    void rules(Collection<? extends AlertRule> rules) {
        Set<String> resolving = new java.util.HashSet<>();
        for (AlertRule r : rules) {
            if ((r instanceof ThresholdRule t && t.notifyResolved()) || (r instanceof ErrorRatioRule e && e.notifyResolved())) {
                resolving.add(r.name());
            }
        }
        this.resolvingRules = Set.copyOf(resolving);
    }

    @Override
    public void deliver(Alert alert) throws Exception {
        String key = alert.rule() + '\u0000' + alert.groupKey();
        ReentrantLock stripe = stripes[(key.hashCode() & 0x7fff_ffff) % STRIPES];
        // before the first POST, which may fail: an alert Alertmanager missed is re-sent
        startResending();
        sending.readLock().lockInterruptibly();
        try {
            stripe.lockInterruptibly();
            try {
                Instant now = clock.instant();
                Active a = apply(key, alert);
                post.send(body(List.of(a), now), alert.id());
            } finally {
                stripe.unlock();
            }
        } finally {
            sending.readLock().unlock();
        }
    }

    /** Applies a notification to the kept state (its key's stripe held); returns the alert to send for it. */
    private Active apply(String key, Alert alert) {
        Active current = active.get(key);
        if (current != null && alert.firedAt().isBefore(current.lastUpdate())) {
            return current; // a retry of an older notification: send what is current, change nothing
        }
        boolean event = !resolvingRules.contains(alert.rule());
        Active next;
        if (alert.resolved()) {
            Map<String, String> labels = current != null ? current.labels() : labels(alert);
            Instant starts = current != null ? current.startsAt() : alert.firedAt();
            next = new Active(labels, annotations(alert), starts, alert.firedAt(), alert.firedAt(), true, event);
        } else if (current == null || current.resolved() || expired(current, alert.firedAt())) {
            next = new Active(labels(alert), annotations(alert), alert.firedAt(), alert.firedAt(),
                    event ? alert.firedAt().plus(eventAlertDuration) : null, false, event);
        } else {
            next = new Active(current.labels(), annotations(alert), current.startsAt(), alert.firedAt(),
                    event ? alert.firedAt().plus(eventAlertDuration) : null, false, event);
        }
        if (current == null && active.size() >= MAX_ACTIVE) {
            untracked.increment();
        } else {
            active.put(key, next);
        }
        return next;
    }

    private static boolean expired(Active a, Instant at) {
        Instant ends = a.endsAt();
        return ends != null && !at.isBefore(ends);
    }

    private Map<String, String> labels(Alert alert) {
        Map<String, String> l = new TreeMap<>();
        l.put("alertname", cut(alert.rule()));
        l.put("severity", alert.level().label());
        l.put("service", cut(service));
        l.put("instance", cut(instance));
        putIfPresent(l, "error_type", alert.context().get(AlertFields.ERROR_TYPE));
        putIfPresent(l, "endpoint", alert.context().get(AlertFields.ENDPOINT));
        return l;
    }

    private static Map<String, String> annotations(Alert alert) {
        Map<String, String> a = new TreeMap<>();
        a.put("summary", cut(alert.message()));
        putIfPresent(a, "request_id", alert.context().get(AlertFields.REQUEST_ID));
        putIfPresent(a, "fingerprint", alert.context().get(AlertFields.FINGERPRINT));
        a.put("alert_id", alert.id());
        return a;
    }

    private static void putIfPresent(Map<String, String> m, String key, @Nullable Object value) {
        if (value != null && !value.toString().isEmpty()) {
            m.put(key, cut(value.toString()));
        }
    }

    private static String cut(String s) {
        return Text.truncate(s, MAX_VALUE);
    }

    /** The JSON array Alertmanager's API takes. */
    private byte[] body(Collection<Active> alerts, Instant now) {
        List<Object> out = new ArrayList<>(alerts.size());
        for (Active a : alerts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("labels", a.labels());
            m.put("annotations", a.annotations());
            m.put("startsAt", a.startsAt().toString());
            Instant ends = a.endsAt();
            if (ends == null) {
                ends = now.plus(resendInterval.multipliedBy(RESEND_HORIZON));
            }
            m.put("endsAt", ends.toString());
            if (generatorUrl != null) {
                m.put("generatorURL", generatorUrl);
            }
            out.add(m);
        }
        return Json.bytes(out);
    }

    /**
     * Sends every kept alert once, now, and forgets those that have ended: event alerts past their
     * {@code endsAt}, resolved ones re-sent for {@value #RESEND_HORIZON} intervals. What the re-send
     * thread runs every interval; public for tests and for callers that want a re-send at once.
     *
     * @return whether the POST succeeded (or there was nothing to send)
     */
    public boolean resendNow() {
        try {
            sending.writeLock().lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            Instant now = clock.instant();
            Instant forgetResolved = now.minus(resendInterval.multipliedBy(RESEND_HORIZON));
            active.entrySet().removeIf(e -> {
                Active a = e.getValue();
                Instant ends = a.endsAt();
                return a.resolved() ? ends != null && ends.isBefore(forgetResolved) : a.event() && expired(a, now);
            });
            List<Active> all = new ArrayList<>(active.values());
            if (all.isEmpty()) {
                return true;
            }
            post.send(body(all, now), "resend-" + AlertFields.newId());
            resends.increment();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            resendFailures.increment();
            if (resendLog.allow()) {
                LOG.atWarn().setMessage("re-sending active alerts to Alertmanager failed; trying again next interval")
                        .addKeyValue("alert_channel", name)
                        .addKeyValue("active_alerts", active.size())
                        .addKeyValue("resend_failures_total", resendFailures.sum())
                        .addKeyValue("error", Text.truncate(String.valueOf(e.getMessage()), 200))
                        .log();
            }
            return false;
        } finally {
            sending.writeLock().unlock();
        }
    }

    private synchronized void startResending() {
        if (resender != null || closed) {
            return;
        }
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "faultline-alertmanager-" + name);
            t.setDaemon(true);
            return t;
        });
        long every = resendInterval.toMillis();
        s.scheduleWithFixedDelay(this::resendNow, every, every, TimeUnit.MILLISECONDS);
        resender = s;
    }

    /** Stops re-sending (what Alertmanager has keeps until its {@code endsAt}). Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        ScheduledExecutorService s = resender;
        if (s != null) {
            s.shutdownNow();
            resender = null;
        }
    }

    @Override
    public String toString() {
        return "AlertmanagerChannel[" + name + "]";
    }

    /** Builds an {@link AlertmanagerChannel}. Not thread-safe; each setter checks its argument. */
    public static final class Builder extends HttpChannelBuilder<Builder> {

        private String service = DEFAULT_SERVICE;
        private @Nullable String instance;
        private @Nullable URI dashboardUrl;
        private Duration resendInterval = DEFAULT_RESEND_INTERVAL;
        private Duration eventAlertDuration = DEFAULT_EVENT_ALERT_DURATION;
        private Clock clock = Clock.systemUTC();

        private Builder(URI url) {
            super("alert.alertmanager.url", url, DEFAULT_NAME);
        }
        /**
         * The {@code service} label. Default {@value AlertmanagerChannel#DEFAULT_SERVICE}.
         *
         * @throws IllegalArgumentException ({@code alert.alertmanager.service}) if blank
         */
        public Builder service(String service) {
            this.service = nonBlank("alert.alertmanager.service", service);
            return this;
        }

        /**
         * The {@code instance} label, which tells this instance's alerts from the others' (Alertmanager
         * merges alerts with equal labels). Default: the local host name (a pod's name on Kubernetes);
         * set it when several instances share a host.
         *
         * @throws IllegalArgumentException ({@code alert.alertmanager.instance}) if blank
         */
        public Builder instance(String instance) {
            this.instance = nonBlank("alert.alertmanager.instance", instance);
            return this;
        }

        /**
         * The dashboard's address, sent as each alert's {@code generatorURL} (Alertmanager's "Source"
         * link). Default none.
         *
         * @throws IllegalArgumentException ({@code alert.alertmanager.dashboard_url}) unless an http(s) URL with a host
         */
        public Builder dashboardUrl(URI dashboardUrl) {
            this.dashboardUrl = HttpPost.checkUri("alert.alertmanager.dashboard_url", dashboardUrl);
            return this;
        }

        /**
         * How often the kept alerts are sent again. Default one minute (Prometheus' own default).
         *
         * @throws IllegalArgumentException ({@code alert.alertmanager.resend_interval}) unless whole ms from 1 ms to an hour
         */
        public Builder resendInterval(Duration resendInterval) {
            this.resendInterval = Preconditions.millis("alert.alertmanager.resend_interval", resendInterval, Duration.ofHours(1));
            return this;
        }

        /**
         * How long an alert of a rule that never resolves (a predicate rule) stays active in
         * Alertmanager after its latest notification. Default 5 minutes.
         *
         * @throws IllegalArgumentException ({@code alert.alertmanager.event_alert_duration}) unless whole ms from 1 ms to a day
         */
        public Builder eventAlertDuration(Duration duration) {
            this.eventAlertDuration = Preconditions.millis("alert.alertmanager.event_alert_duration", duration, Duration.ofDays(1));
            return this;
        }

        /**
         * A header sent with every request (an {@code Authorization} for an Alertmanager behind a proxy).
         * Default none.
         *
         * @throws IllegalArgumentException ({@code alert.alertmanager.header}) if the JDK client refuses it
         */
        public Builder header(String name, String value) {
            return header("alert.alertmanager.header", name, value);
        }

        /** {@code Authorization: Bearer <token>}. */
        public Builder bearerToken(String token) {
            Objects.requireNonNull(token, "alert.alertmanager.header");
            return header("Authorization", "Bearer " + token);
        }
        /** The clock of {@code startsAt}, {@code endsAt} and expiry. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "alert.clock");
            return this;
        }

        /** The channel (resolving the local host name when no instance was set). */
        public AlertmanagerChannel build() {
            String i = instance;
            if (i == null) {
                i = localHostName();
            }
            return new AlertmanagerChannel(this, i);
        }

        private static String localHostName() {
            try {
                String h = InetAddress.getLocalHost().getHostName();
                return h == null || h.isBlank() ? "unknown" : h;
            } catch (java.io.IOException | SecurityException e) {
                return "unknown";
            }
        }

        private static String nonBlank(String setting, String value) {
            Objects.requireNonNull(value, setting);
            if (value.isBlank()) {
                throw Preconditions.invalid(setting, "must not be blank");
            }
            return value.strip();
        }
    }
}
