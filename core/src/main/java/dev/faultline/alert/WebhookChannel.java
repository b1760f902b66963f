package dev.faultline.alert;

import dev.faultline.internal.Json;
import dev.faultline.internal.Preconditions;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * POSTs each alert as JSON to any URL: the alert's {@link Alert#toMap() map}
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
        this.post = new HttpPost(b.httpClient, b.url, b.connectTimeout, b.requestTimeout, b.headers,
                Clock.systemUTC());
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
        byte[] full = Json.bytes(alert.toMap());
        if (full.length <= max) {
            return full;
        }
        Map<String, @Nullable Object> m = alert.toMap();
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

    @Override
    public String toString() {
        return "WebhookChannel[" + name + "]";
    }

    /** Builds a {@link WebhookChannel}. Not thread-safe; each setter checks its argument. */
    public static final class Builder {

        private final URI url;
        private String name = DEFAULT_NAME;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private Duration connectTimeout = HttpPost.DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = HttpPost.DEFAULT_REQUEST_TIMEOUT;
        private @Nullable HttpClient httpClient;

        private Builder(URI url) {
            this.url = HttpPost.checkUri("alert.webhook.url", url);
        }

        /**
         * The channel's name. Default {@value WebhookChannel#DEFAULT_NAME}.
         *
         * @throws IllegalArgumentException ({@code alert.channel.name}) if invalid
         */
        public Builder name(String name) {
            this.name = Preconditions.name("alert.channel.name", name);
            return this;
        }

        /**
         * A header sent with every post, replacing one of the same name. Default none.
         *
         * @throws IllegalArgumentException ({@code alert.webhook.header}) if the JDK client refuses it
         *         (restricted names such as {@code Host}, CR or LF in the value)
         */
        public Builder header(String name, String value) {
            HttpPost.checkHeader("alert.webhook.header", name, value);
            headers.put(name, value);
            return this;
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

        /**
         * The TCP connect timeout (of the client this channel builds). Default 5 s.
         *
         * @throws IllegalArgumentException ({@code alert.http.connect_timeout}) unless whole ms from 1 ms to 5 minutes
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Preconditions.millis("alert.http.connect_timeout", connectTimeout, Duration.ofMinutes(5));
            return this;
        }

        /**
         * How long to wait for the answer. Default 10 s.
         *
         * @throws IllegalArgumentException ({@code alert.http.request_timeout}) unless whole ms from 1 ms to 5 minutes
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Preconditions.millis("alert.http.request_timeout", requestTimeout, Duration.ofMinutes(5));
            return this;
        }

        /** The client to use. Default: one built for this channel. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "alert.http.client");
            return this;
        }

        /** The channel. */
        public WebhookChannel build() {
            return new WebhookChannel(this);
        }
    }
}
