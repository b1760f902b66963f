package dev.faultline.examples;

import dev.faultline.alert.AlertChannel;
import dev.faultline.alert.AlertmanagerChannel;
import dev.faultline.alert.EmailChannel;
import dev.faultline.alert.SlackChannel;
import dev.faultline.alert.WebhookChannel;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The alert channels the environment asks for, besides Faultline's log channel (logger
 * {@code faultline.alert}), which gets every alert whenever alerting is on:
 *
 * <table>
 *   <caption>Alert channels from the environment</caption>
 *   <tr><th>variable</th><th>channel</th></tr>
 *   <tr><td>{@value #SLACK_WEBHOOK_URL}</td><td>{@code slack}: Slack messages to this incoming webhook</td></tr>
 *   <tr><td>{@value #ALERT_WEBHOOK_URL}</td><td>{@code webhook}: each alert POSTed as JSON to this URL;
 *       {@value #ALERT_WEBHOOK_TOKEN}, if set, is sent as {@code Authorization: Bearer <token>}</td></tr>
 *   <tr><td>{@value #SMTP_HOST}</td><td>{@code email}: mail through this SMTP server, with
 *       {@value #SMTP_PORT} (default 587 with STARTTLS, else 25), {@value #SMTP_FROM} (required),
 *       {@value #SMTP_TO} (required, comma-separated), {@value #SMTP_USERNAME} and {@value #SMTP_PASSWORD}
 *       (both or neither), {@value #SMTP_STARTTLS} {@code true|false} (default {@code true} when a user
 *       name is set, else {@code false})</td></tr>
 *   <tr><td>{@value #ALERTMANAGER_URL}</td><td>{@code alertmanager}: alerts POSTed to this Prometheus
 *       Alertmanager ({@code http://alertmanager:9093}) with labels {@code service="videos"} and
 *       {@code instance} = the host name, re-sent every minute while active (see
 *       {@link AlertmanagerChannel})</td></tr>
 * </table>
 *
 * <p>An unset or blank variable counts as unset. A bad value fails with an
 * {@link IllegalArgumentException} whose message names the variable and never repeats a webhook URL, a
 * token or a password (they are secrets); {@code Main} then exits with status 2. Alerting itself is off
 * in development ({@code FAULTLINE_ENV=development}): the channels are still checked, but get nothing.
 */
final class AlertChannels {

    static final String SLACK_WEBHOOK_URL = "SLACK_WEBHOOK_URL";
    static final String ALERT_WEBHOOK_URL = "ALERT_WEBHOOK_URL";
    static final String ALERT_WEBHOOK_TOKEN = "ALERT_WEBHOOK_TOKEN";
    static final String SMTP_HOST = "SMTP_HOST";
    static final String SMTP_PORT = "SMTP_PORT";
    static final String SMTP_FROM = "SMTP_FROM";
    static final String SMTP_TO = "SMTP_TO";
    static final String SMTP_USERNAME = "SMTP_USERNAME";
    static final String SMTP_PASSWORD = "SMTP_PASSWORD";
    static final String SMTP_STARTTLS = "SMTP_STARTTLS";
    static final String ALERTMANAGER_URL = "ALERTMANAGER_URL";
    /** The {@code service} label of the example's alerts in Alertmanager. */
    static final String SERVICE = "videos";

    /** The SMTP port without STARTTLS. */
    static final int SMTP_PORT_PLAIN = 25;
    /** The SMTP port with STARTTLS (submission). */
    static final int SMTP_PORT_STARTTLS = 587;

    private static final List<String> SMTP_DETAILS = List.of(SMTP_PORT, SMTP_FROM, SMTP_TO, SMTP_USERNAME,
            SMTP_PASSWORD, SMTP_STARTTLS);

    private AlertChannels() {
    }

    /**
     * The channels {@code environment} configures, in the order slack, webhook, email, alertmanager; none when it
     * sets none of the variables. Building them opens no connection.
     *
     * @param environment variable name → value, such as {@link System#getenv()}
     * @throws IllegalArgumentException if a variable has a bad value or one the others need is missing;
     *         the message starts with the variable's name
     */
    static List<AlertChannel> fromEnvironment(Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        List<AlertChannel> channels = new ArrayList<>();
        String slack = value(environment, SLACK_WEBHOOK_URL);
        if (slack != null) {
            URI webhook = httpUrl(SLACK_WEBHOOK_URL, slack);
            channels.add(secret(SLACK_WEBHOOK_URL, () -> SlackChannel.builder(webhook).build()));
        }
        String webhookUrl = value(environment, ALERT_WEBHOOK_URL);
        String token = value(environment, ALERT_WEBHOOK_TOKEN);
        if (webhookUrl != null) {
            URI url = httpUrl(ALERT_WEBHOOK_URL, webhookUrl);
            channels.add(secret(token != null ? ALERT_WEBHOOK_TOKEN : ALERT_WEBHOOK_URL, () -> {
                WebhookChannel.Builder b = WebhookChannel.builder(url);
                if (token != null) {
                    b.bearerToken(token);
                }
                return b.build();
            }));
        } else if (token != null) {
            throw new IllegalArgumentException(ALERT_WEBHOOK_TOKEN + " is set but " + ALERT_WEBHOOK_URL
                    + " is not: set " + ALERT_WEBHOOK_URL + " to send alerts to a webhook");
        }
        String host = value(environment, SMTP_HOST);
        if (host != null) {
            channels.add(email(environment, host));
        } else {
            for (String detail : SMTP_DETAILS) {
                if (value(environment, detail) != null) {
                    throw new IllegalArgumentException(detail + " is set but " + SMTP_HOST + " is not: set "
                            + SMTP_HOST + " to send alerts by e-mail");
                }
            }
        }
        String alertmanager = value(environment, ALERTMANAGER_URL);
        if (alertmanager != null) {
            URI url = httpUrl(ALERTMANAGER_URL, alertmanager);
            channels.add(secret(ALERTMANAGER_URL, () -> AlertmanagerChannel.builder(url).service(SERVICE).build()));
        }
        return List.copyOf(channels);
    }

    private static AlertChannel email(Map<String, String> environment, String host) {
        String username = value(environment, SMTP_USERNAME);
        String password = value(environment, SMTP_PASSWORD);
        if (username != null && password == null) {
            throw new IllegalArgumentException(SMTP_PASSWORD + " is required when " + SMTP_USERNAME + " is set");
        }
        if (password != null && username == null) {
            throw new IllegalArgumentException(SMTP_USERNAME + " is required when " + SMTP_PASSWORD + " is set");
        }
        String startTlsValue = value(environment, SMTP_STARTTLS);
        boolean startTls = startTlsValue == null ? username != null : bool(SMTP_STARTTLS, startTlsValue);
        String portValue = value(environment, SMTP_PORT);
        int port = portValue == null ? (startTls ? SMTP_PORT_STARTTLS : SMTP_PORT_PLAIN) : port(portValue);
        String from = value(environment, SMTP_FROM);
        if (from == null) {
            throw new IllegalArgumentException(SMTP_FROM + " is required when " + SMTP_HOST
                    + " is set: the sender's address, such as alerts@example.com");
        }
        List<String> to = new ArrayList<>();
        String toValue = value(environment, SMTP_TO);
        if (toValue != null) {
            for (String address : toValue.split(",")) {
                if (!address.isBlank()) {
                    to.add(address.strip());
                }
            }
        }
        if (to.isEmpty()) {
            throw new IllegalArgumentException(SMTP_TO + " is required when " + SMTP_HOST
                    + " is set: one or more comma-separated addresses, such as oncall@example.com");
        }
        EmailChannel.Builder b = EmailChannel.builder();
        set(SMTP_HOST, () -> b.host(host));
        set(SMTP_FROM, () -> b.from(from));
        set(SMTP_TO, () -> b.to(to.toArray(String[]::new)));
        b.port(port).startTls(startTls);
        if (username != null) {
            b.credentials(username, Objects.requireNonNull(password));
        }
        // build() parses the addresses with Jakarta Mail; its message names alert.email.from or .to
        return buildEmail(b::build);
    }

    /** The value of {@code name}, stripped; {@code null} when unset or blank. */
    private static @Nullable String value(Map<String, String> environment, String name) {
        String v = environment.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** An http(s) URL with a host. The message never shows the value: a webhook URL is a secret. */
    static URI httpUrl(String name, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " is not a URL (its value is not shown: it may hold a secret)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an http:// or https:// URL with a host"
                    + " (its value is not shown: it may hold a secret)");
        }
        return uri;
    }

    private static int port(String value) {
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(SMTP_PORT + " must be a port number from 1 to 65535, was '"
                    + shorten(value) + "'");
        }
        return port;
    }

    private static boolean bool(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + shorten(value) + "'");
        };
    }

    private static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    /** Runs a builder step; an {@link IllegalArgumentException} it throws is renamed after {@code name}. */
    private static void set(String name, Runnable step) {
        try {
            step.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not valid: " + e.getMessage(), e);
        }
    }

    /**
     * Builds an HTTP channel. A refusal names {@code name} without the reason, which could quote the
     * secret URL or token.
     */
    private static AlertChannel secret(String name, Supplier<AlertChannel> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(name + " is not valid (its value is not shown: it may hold a secret)");
        }
    }

    /**
     * Builds the e-mail channel. A refused address is renamed after its variable; a missing Jakarta Mail
     * says so.
     */
    private static AlertChannel buildEmail(Supplier<AlertChannel> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String variable = message.startsWith("alert.email.from") ? SMTP_FROM
                    : message.startsWith("alert.email.to") ? SMTP_TO : SMTP_HOST;
            throw new IllegalArgumentException(variable + " is not valid: " + message, e);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(SMTP_HOST + " is set, but the e-mail channel cannot be built: "
                    + e.getMessage(), e);
        }
    }
}
