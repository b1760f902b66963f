package dev.faultline.alert;

import dev.faultline.internal.Json;
import dev.faultline.internal.Preconditions;
import dev.faultline.internal.Text;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * POSTs each alert as JSON to any URL: the alert's fields
 * ({@code id, rule, level, message, fired_at, resolved, suppressed, group, context}), with
 * {@code Content-Type: application/json}, {@code X-Faultline-Alert-Id} (to drop repeats) and the
 * configured headers (an {@code Authorization} token, say).
 *
 * <p>The body is at most {@link Builder#maxPayloadBytes(int) maxPayloadBytes} (default 64 KiB): a larger
 * one is sent with the message cut to {@value #TRUNCATED_MESSAGE} characters, each context string to
 * {@value #TRUNCATED_VALUE} and {@code "truncated": true}; if even that is too large, with the context
 * left out. HTTP as {@link SlackChannel}: JDK client, connect and request timeouts, 2xx delivered,
 * 429/503 {@code Retry-After} honoured, other 4xx permanent, 5xx and I/O errors retried. Header values
 * are never printed. Immutable and thread-safe.
 */
public final class WebhookChannel implements AlertChannel {

    /** Default name: {@code webhook}. */
    public static final String DEFAULT_NAME = "webhook";
    /** Default payload cap: 64 KiB. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
    /** The smallest payload cap: 1 KiB. */
    public static final int MIN_PAYLOAD_BYTES = 1024;
    static final int TRUNCATED_MESSAGE = 500;
    static final int TRUNCATED_VALUE = 200;

    private final String name;
    private final HttpPost post;
    private final int maxPayloadBytes;

    private WebhookChannel(Builder b) {
        this.name = b.name;
        this.maxPayloadBytes = b.maxPayloadBytes;
        this.post = b.post(b.url, Clock.systemUTC());
    }

    /**
     * A builder for {@code url}.
     *
     * @throws IllegalArgumentException ({@code alert.webhook.url}) unless an http(s) URL with a host
     */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) throws Exception {
        post.send(body(alert, maxPayloadBytes), alert.id());
    }

    /** The JSON body of {@code alert}, at most {@code max} bytes. */
    static byte[] body(Alert alert, int max) {
        byte[] full = Json.bytes(fields(alert));
        if (full.length <= max) {
            return full;
        }
        Map<String, @Nullable Object> m = fields(alert);
        m.put("message", Text.truncate(alert.message(), TRUNCATED_MESSAGE));
        Map<String, @Nullable Object> ctx = new LinkedHashMap<>();
        alert.context().forEach((k, v) -> ctx.put(Text.truncate(k, TRUNCATED_VALUE),
                v instanceof String s ? Text.truncate(s, TRUNCATED_VALUE) : v));
        m.put("context", ctx);
        m.put("truncated", true);
        byte[] cut = Json.bytes(m);
        if (cut.length <= max) {
            return cut;
        }
        m.remove("context");
        m.put("rule", Text.truncate(alert.rule(), TRUNCATED_VALUE));
        m.put("group", Text.truncate(alert.groupKey(), TRUNCATED_VALUE));
        m.put("message", Text.truncate(alert.message(), TRUNCATED_VALUE));
        return Json.bytes(m);
    }

    /**
     * The payload's fields, in this order: {@code id, rule, level, message, fired_at, resolved,
     * suppressed, group, context} (the same names as an alert of {@code /metrics/alerts}).
     */
    static Map<String, @Nullable Object> fields(Alert alert) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("id", alert.id());
        m.put("rule", alert.rule());
        m.put("level", alert.level().label());
        m.put("message", alert.message());
        m.put("fired_at", alert.firedAt().toString());
        m.put("resolved", alert.resolved());
        m.put("suppressed", alert.suppressed());
        m.put("group", alert.groupKey());
        m.put("context", new LinkedHashMap<>(alert.context()));
        return m;
    }

    @Override
    public String toString() {
        return "WebhookChannel[" + name + "]";
    }

    /** Builds a {@link WebhookChannel}. Not thread-safe; each setter checks its argument. */
    public static final class Builder extends HttpChannelBuilder<Builder> {

        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;

        private Builder(URI url) {
            super("alert.webhook.url", url, DEFAULT_NAME);
        }
        /**
         * A header sent with every post, replacing one of the same name. Default none.
         *
         * @throws IllegalArgumentException ({@code alert.webhook.header}) if the JDK client refuses it
         *         (restricted names such as {@code Host}, CR or LF in the value)
         */
        public Builder header(String name, String value) {
            return header("alert.webhook.header", name, value);
        }

        /** {@code Authorization: Bearer <token>}. */
        public Builder bearerToken(String token) {
            Objects.requireNonNull(token, "alert.webhook.header");
            return header("Authorization", "Bearer " + token);
        }

        /**
         * The largest body. Default 64 KiB.
         *
         * @throws IllegalArgumentException ({@code alert.webhook.max_payload_bytes}) unless from 1 KiB to 10 MiB
         */
        public Builder maxPayloadBytes(int maxPayloadBytes) {
            this.maxPayloadBytes = Preconditions.range("alert.webhook.max_payload_bytes", maxPayloadBytes, MIN_PAYLOAD_BYTES,
                    10 * 1024 * 1024);
            return this;
        }
        /** The channel. */
        public WebhookChannel build() {
            return new WebhookChannel(this);
        }
    }
}
