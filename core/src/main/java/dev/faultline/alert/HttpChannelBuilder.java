package dev.faultline.alert;

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
 * What the builders of the channels that post over HTTP ({@link WebhookChannel}, {@link SlackChannel},
 * {@link AlertmanagerChannel}) share: the address, the channel's name, the timeouts and the HTTP
 * client. Each setter checks its argument and throws an {@link IllegalArgumentException} naming the
 * setting. Not thread-safe. Only this package extends it.
 *
 * @param <B> the channel's own builder, which every setter returns
 */
public abstract sealed class HttpChannelBuilder<B extends HttpChannelBuilder<B>>
        permits WebhookChannel.Builder, SlackChannel.Builder, AlertmanagerChannel.Builder {

    final URI url;
    String name;
    final Map<String, String> headers = new LinkedHashMap<>();
    Duration connectTimeout = HttpPost.DEFAULT_CONNECT_TIMEOUT;
    Duration requestTimeout = HttpPost.DEFAULT_REQUEST_TIMEOUT;
    @Nullable HttpClient httpClient;

    HttpChannelBuilder(String urlSetting, URI url, String defaultName) {
        this.url = HttpPost.checkUri(urlSetting, url);
        this.name = defaultName;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * The channel's name, unique among an {@link Alerting}'s channels. Default: the channel's
     * {@code DEFAULT_NAME} ({@value WebhookChannel#DEFAULT_NAME}, {@value SlackChannel#DEFAULT_NAME},
     * {@value AlertmanagerChannel#DEFAULT_NAME}).
     *
     * @throws IllegalArgumentException ({@code alert.channel.name}) unless 1 to 64 characters of
     *         {@code [A-Za-z0-9_.-]}
     */
    public B name(String name) {
        this.name = Preconditions.name("alert.channel.name", name);
        return self();
    }

    /**
     * The TCP connect timeout (of the client this channel builds). Default 5 s.
     *
     * @throws IllegalArgumentException ({@code alert.http.connect_timeout}) unless whole ms from 1 ms to 5 minutes
     */
    public B connectTimeout(Duration connectTimeout) {
        this.connectTimeout = Preconditions.millis("alert.http.connect_timeout", connectTimeout, Duration.ofMinutes(5));
        return self();
    }

    /**
     * How long to wait for the answer. Default 10 s.
     *
     * @throws IllegalArgumentException ({@code alert.http.request_timeout}) unless whole ms from 1 ms to 5 minutes
     */
    public B requestTimeout(Duration requestTimeout) {
        this.requestTimeout = Preconditions.millis("alert.http.request_timeout", requestTimeout, Duration.ofMinutes(5));
        return self();
    }

    /**
     * The client to use (its own connect timeout, proxy, TLS); {@link #connectTimeout} then does not
     * apply. Default: one built for this channel.
     */
    public B httpClient(HttpClient httpClient) {
        this.httpClient = Objects.requireNonNull(httpClient, "alert.http.client");
        return self();
    }

    /** Adds a header sent with every post, replacing one of the same name ({@code setting} names it). */
    B header(String setting, String name, String value) {
        HttpPost.checkHeader(setting, name, value);
        headers.put(name, value);
        return self();
    }

    /** The poster of the channel being built, to {@code uri}. */
    HttpPost post(URI uri, Clock clock) {
        return new HttpPost(httpClient, uri, connectTimeout, requestTimeout, headers, clock);
    }
}
