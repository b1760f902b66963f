package dev.faultline.alert;

import java.util.List;
import java.util.Objects;

/**
 * A snapshot of the alerts fired within the last {@code hours} hours, with each channel's delivery as
 * it stood when read, and the alerting counters. Taken by {@code Faultline.alerts(int)}; the body of
 * {@code /metrics/alerts} ({@code hours}, {@code total}, {@code alerts}, {@code stats}). Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * AlertHistory alerts = faultline.alerts(24);
 * alerts.alerts().stream().map(r -> r.alert().rule()).toList();
 * long fired = alerts.stats().fired();
 * }</pre>
 *
 * <p>The constructor refuses {@code null} components, keys and elements, and keeps unmodifiable copies
 * of the collections it is given.
 *
 * @param enabled whether alerting runs (off by default in development); when it does not, the history
 *        is empty. Not part of the endpoint's body
 * @param channels the channels' names, in the order of each record's deliveries (the log channel
 *        first when on); unmodifiable. Not part of the endpoint's body
 * @param hours the span, in hours
 * @param alerts the alerts fired within the span, newest first; unmodifiable
 * @param stats the counters since this Faultline was built
 */
public record AlertHistory(boolean enabled, List<String> channels, int hours, List<AlertRecord> alerts,
        AlertStats stats) {

    public AlertHistory {
        channels = List.copyOf(channels);
        alerts = List.copyOf(alerts);
        Objects.requireNonNull(stats, "stats");
    }

    /** The number of alerts in the span: {@code alerts().size()}. */
    public int total() {
        return alerts.size();
    }
}
