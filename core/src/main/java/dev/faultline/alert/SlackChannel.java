package dev.faultline.alert;

import dev.faultline.internal.AlertFields;
import dev.faultline.internal.Json;
import dev.faultline.internal.Text;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Posts alerts to a Slack incoming webhook, as one message with the alert's fields as attachment fields:
 *
 * <pre>{@code
 * {"text": ":rotating_light: *[CRITICAL]* critical_errors: Critical error: database at /videos/{id}",
 *  "attachments": [{"color": "danger", "fallback": "...",
 *                   "fields": [{"title": "Error Type", "value": "database", "short": true},
 *                              {"title": "Endpoint", "value": "/videos/{id}", "short": true},
 *                              {"title": "User ID", "value": "Unknown", "short": true},
 *                              {"title": "Request ID", "value": "...", "short": true},
 *                              {"title": "Suppressed Repeats", "value": "0", "short": true}, ...],
 *                   "footer": "faultline alert 3f9c...", "ts": 1740824130}]}
 * }</pre>
 *
 * <p>Colour by level: critical and error {@code danger}, warning {@code warning}, info {@code #439FE0},
 * resolved {@code good}. Fields, in this order when present in the context: Error Type, Endpoint, User
 * ID ({@code Unknown} when not known), Request ID, Severity, Status, Method, Count, Threshold, Window,
 * Error Ratio, Errors, Requests, Suppressed Repeats, then the other context fields under their own names.
 * {@code &}, {@code <} and {@code >} are escaped as Slack requires.
 *
 * <h2>Limits</h2>
 * Slack truncates or rejects oversized messages, so the payload is cut first, each cut ending in an
 * ellipsis: {@code text} at most {@value #MAX_TEXT} characters (Slack's documented limit of a message's
 * text), a field's value at most {@value #MAX_FIELD_VALUE} and its title {@value #MAX_FIELD_TITLE}
 * characters, at most {@value #MAX_FIELDS} fields, the {@code fallback} at most {@value #MAX_FALLBACK}.
 *
 * <p>HTTP: JDK {@link HttpClient}, connect timeout 5 s and request timeout 10 s by default; the
 * answer maps to delivered (2xx), retry after {@code Retry-After} (429, 503), retry (408, 5xx, I/O
 * errors) or permanent failure (other statuses); see {@link Alerting} for retries. Immutable and
 * thread-safe.
 */
public final class SlackChannel implements AlertChannel {

    /** Default name: {@code slack}. */
    public static final String DEFAULT_NAME = "slack";
    /** The longest {@code text}: 40,000 characters. */
    public static final int MAX_TEXT = 40_000;
    /** The longest attachment field value: 2,000 characters. */
    public static final int MAX_FIELD_VALUE = 2_000;
    /** The longest attachment field title: 100 characters. */
    public static final int MAX_FIELD_TITLE = 100;
    /** The most attachment fields: 20. */
    public static final int MAX_FIELDS = 20;
    /** The longest attachment fallback: 300 characters. */
    public static final int MAX_FALLBACK = 300;

    private static final String[][] KNOWN_FIELDS = {
        {AlertFields.ERROR_TYPE, "Error Type"}, {AlertFields.ENDPOINT, "Endpoint"}, {AlertFields.USER_ID, "User ID"},
        {AlertFields.REQUEST_ID, "Request ID"}, {AlertFields.SEVERITY, "Severity"}, {AlertFields.STATUS, "Status"},
        {AlertFields.METHOD, "Method"}, {AlertFields.COUNT, "Count"}, {AlertFields.THRESHOLD, "Threshold"},
        {AlertFields.WINDOW, "Window"}, {AlertFields.ERROR_RATIO, "Error Ratio"}, {AlertFields.ERRORS, "Errors"},
        {AlertFields.REQUESTS, "Requests"},
    };

    private final String name;
    private final HttpPost post;

    private SlackChannel(Builder b) {
        this.name = b.name;
        this.post = b.post(b.url, Clock.systemUTC());
    }

    /**
     * A builder for the incoming webhook {@code webhook}.
     *
     * @throws IllegalArgumentException ({@code alert.slack.webhook}) unless an http(s) URL with a host
     */
    public static Builder builder(URI webhook) {
        return new Builder(webhook);
    }

    /** A channel for {@code webhook} with every default. */
    public static SlackChannel create(URI webhook) {
        return builder(webhook).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) throws Exception {
        post.send(Json.bytes(payload(alert)), alert.id());
    }

    /** The Slack message for {@code alert}, within the limits. */
    static Map<String, Object> payload(Alert alert) {
        String head = (alert.resolved() ? ":white_check_mark: *[RESOLVED]* " : ":rotating_light: *[" + alert.level()
                .name().toUpperCase(Locale.ROOT) + "]* ") + escape(alert.rule()) + ": ";
        String text = cut(head + escape(alert.message()), MAX_TEXT);

        List<Map<String, Object>> fields = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        Map<String, @Nullable Object> ctx = alert.context();
        for (String[] f : KNOWN_FIELDS) {
            if (ctx.containsKey(f[0])) {
                Object v = ctx.get(f[0]);
                if (v == null && !f[0].equals(AlertFields.USER_ID)) {
                    continue;
                }
                field(fields, f[1], v == null ? "Unknown" : String.valueOf(v));
                used.add(f[0]);
            }
        }
        field(fields, "Suppressed Repeats", String.valueOf(alert.suppressed()));
        for (Map.Entry<String, @Nullable Object> e : ctx.entrySet()) {
            if (fields.size() >= MAX_FIELDS) {
                break;
            }
            if (!used.contains(e.getKey()) && e.getValue() != null) {
                field(fields, e.getKey(), String.valueOf(e.getValue()));
            }
        }

        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("color", color(alert));
        attachment.put("fallback", Text.truncate((alert.resolved() ? "[RESOLVED] " : "[" + alert.level().name() + "] ")
                + alert.rule() + ": " + alert.message(), MAX_FALLBACK));
        attachment.put("fields", fields);
        attachment.put("footer", "faultline alert " + alert.id());
        attachment.put("ts", alert.firedAt().getEpochSecond());

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", text);
        m.put("attachments", List.of(attachment));
        return m;
    }

    private static void field(List<Map<String, Object>> fields, String title, String value) {
        if (fields.size() >= MAX_FIELDS) {
            return;
        }
        String v = cut(escape(value), MAX_FIELD_VALUE);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("title", cut(escape(title), MAX_FIELD_TITLE));
        f.put("value", v);
        f.put("short", v.length() <= 40);
        fields.add(f);
    }

    /** Slack's colour for the alert. */
    static String color(Alert alert) {
        if (alert.resolved()) {
            return "good";
        }
        return switch (alert.level()) {
            case CRITICAL, ERROR -> "danger";
            case WARNING -> "warning";
            case INFO -> "#439FE0";
        };
    }

    /** Escapes {@code &}, {@code <}, {@code >} as Slack requires. */
    static String escape(String s) {
        if (s.indexOf('&') < 0 && s.indexOf('<') < 0 && s.indexOf('>') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Truncates escaped text without leaving half an entity ({@code &am…}). */
    static String cut(String escaped, int max) {
        if (escaped.length() <= max) {
            return escaped;
        }
        String t = Text.truncate(escaped, max);
        int amp = t.lastIndexOf('&');
        if (amp >= 0 && amp >= t.length() - 6 && t.indexOf(';', amp) < 0) {
            t = t.substring(0, amp) + Text.ELLIPSIS;
        }
        return t;
    }

    @Override
    public String toString() {
        return "SlackChannel[" + name + "]"; // the webhook URL is a secret: never printed
    }

    /** Builds a {@link SlackChannel}. Not thread-safe; each setter checks its argument. */
    public static final class Builder extends HttpChannelBuilder<Builder> {


        private Builder(URI webhook) {
            super("alert.slack.webhook", webhook, DEFAULT_NAME);
        }
        /** The channel. */
        public SlackChannel build() {
            return new SlackChannel(this);
        }
    }
}
