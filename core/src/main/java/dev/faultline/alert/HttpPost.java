package dev.faultline.alert;

import dev.faultline.internal.Preconditions;
import dev.faultline.internal.Text;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A JSON POST with the JDK {@link HttpClient}, its answer mapped to a delivery outcome: 2xx delivered;
 * 429 and 503 retryable after their {@code Retry-After} (seconds or an HTTP-date) when they send one;
 * 408 and 5xx retryable; any other status permanent; I/O errors and timeouts propagate (retryable).
 * The first {@value #MAX_ERROR_BODY} bytes of an error answer go into the error message. Immutable and
 * thread-safe.
 */
final class HttpPost {

    static final int MAX_ERROR_BODY = 200;
    static final String ALERT_ID_HEADER = "X-Faultline-Alert-Id";

    /** Default connect timeout of HTTP channels: 5 s. */
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default request timeout of HTTP channels: 10 s. */
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final URI uri;
    private final Duration requestTimeout;
    private final Map<String, String> headers;
    private final Clock clock;

    HttpPost(@Nullable HttpClient client, URI uri, Duration connectTimeout, Duration requestTimeout,
            Map<String, String> headers, Clock clock) {
        this.client = client != null ? client
                : HttpClient.newBuilder()
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
        this.uri = uri;
        this.requestTimeout = requestTimeout;
        this.headers = new LinkedHashMap<>(headers);
        this.clock = clock;
    }

    /** Checks an http(s) URI with a host. */
    static URI checkUri(String setting, URI uri) {
        Objects.requireNonNull(uri, setting);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            // never echo the URL: webhook URLs carry their secret in the path
            throw Preconditions.invalid(setting, "must be an http or https URL with a host (scheme was '"
                    + Text.truncate(scheme, 16) + "')");
        }
        return uri;
    }

    /** Checks a header the way the JDK client will (restricted names, CR/LF), naming the setting. */
    static void checkHeader(String setting, String name, String value) {
        Objects.requireNonNull(name, setting);
        Objects.requireNonNull(value, setting);
        try {
            HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value);
        } catch (IllegalArgumentException e) {
            throw Preconditions.invalid(setting, "'" + Text.truncate(name, 80) + "' is not allowed: "
                    + e.getMessage());
        }
    }

    void send(byte[] body, String alertId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "faultline-alert")
                .header(ALERT_ID_HEADER, alertId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::setHeader);
        HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = r.statusCode();
        String snippet;
        try (InputStream in = r.body()) {
            snippet = status / 100 == 2 ? "" : snippet(in);
        }
        if (status / 100 == 2) {
            return;
        }
        String message = "HTTP " + status + (snippet.isEmpty() ? "" : ": " + snippet);
        if (status == 429 || status == 503) {
            Duration after = retryAfter(r.headers().firstValue("Retry-After").orElse(null), clock);
            throw after != null ? DeliveryException.retryAfter(message + " (Retry-After " + Text.duration(after) + ")",
                    after) : DeliveryException.retryable(message);
        }
        if (status == 408 || status >= 500) {
            throw DeliveryException.retryable(message);
        }
        throw DeliveryException.permanent(message);
    }

    private static String snippet(InputStream in) throws IOException {
        byte[] buf = in.readNBytes(MAX_ERROR_BODY);
        return new String(buf, StandardCharsets.UTF_8).replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    /**
     * A {@code Retry-After} value as a delay from now: delta-seconds ({@code 120}) or an HTTP-date
     * ({@code Wed, 21 Oct 2015 07:28:00 GMT}, a past one meaning zero); {@code null} if absent or
     * malformed.
     */
    static @Nullable Duration retryAfter(@Nullable String value, Clock clock) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.isEmpty()) {
            return null;
        }
        if (v.length() <= 10 && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    URI uri() {
        return uri;
    }
}
