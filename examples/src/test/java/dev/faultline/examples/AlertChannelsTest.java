package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.alert.AlertChannel;
import dev.faultline.alert.AlertmanagerChannel;
import dev.faultline.alert.EmailChannel;
import dev.faultline.alert.SlackChannel;
import dev.faultline.alert.WebhookChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The alert channels read from the environment, given as a map instead of the process's own. */
@DisplayName("Alert channels from the environment")
class AlertChannelsTest {

    private static final String SLACK = "https://hooks.slack.com/services/T0000/B0000/s3cr3tWebhookPath";
    private static final String PASSWORD = "p4ssw0rd-never-shown";

    @Test
    @DisplayName("no variables, or blank ones: no channel besides Faultline's log channel")
    void none() {
        assertEquals(List.of(), AlertChannels.fromEnvironment(Map.of()));
        assertEquals(List.of(), AlertChannels.fromEnvironment(Map.of("PATH", "/usr/bin", "HOME", "/root")));
        assertEquals(List.of(), AlertChannels.fromEnvironment(Map.of(AlertChannels.SLACK_WEBHOOK_URL, " ",
                AlertChannels.ALERT_WEBHOOK_URL, "", AlertChannels.SMTP_HOST, "  ")));
    }

    @Test
    @DisplayName("SLACK_WEBHOOK_URL, ALERT_WEBHOOK_URL and SMTP_HOST each add their channel, in that order")
    void all() {
        List<AlertChannel> channels = AlertChannels.fromEnvironment(Map.of(
                AlertChannels.SMTP_HOST, "smtp.example.com",
                AlertChannels.SMTP_FROM, "alerts@example.com",
                AlertChannels.SMTP_TO, "oncall@example.com",
                AlertChannels.ALERT_WEBHOOK_URL, "http://127.0.0.1:9000/alerts",
                AlertChannels.ALERTMANAGER_URL, "http://alertmanager:9093",
                AlertChannels.SLACK_WEBHOOK_URL, SLACK));
        assertEquals(List.of("slack", "webhook", "email", "alertmanager"), channels.stream().map(AlertChannel::name).toList());
        assertInstanceOf(SlackChannel.class, channels.get(0));
        assertInstanceOf(WebhookChannel.class, channels.get(1));
        assertInstanceOf(EmailChannel.class, channels.get(2));
        AlertmanagerChannel alertmanager = assertInstanceOf(AlertmanagerChannel.class, channels.get(3));
        assertEquals(java.net.URI.create("http://alertmanager:9093/api/v2/alerts"), alertmanager.uri());
        assertEquals("videos", alertmanager.service());
        assertFalse(channels.toString().contains("s3cr3t"), "the webhook URL is a secret: " + channels);
    }

    @Test
    @DisplayName("ALERTMANAGER_URL that is not http(s) with a host is refused, naming the variable")
    void badAlertmanagerUrl() {
        assertRefused(Map.of(AlertChannels.ALERTMANAGER_URL, "alertmanager:9093"), AlertChannels.ALERTMANAGER_URL,
                "alertmanager:9093");
    }

    @Test
    @DisplayName("ALERT_WEBHOOK_TOKEN goes with ALERT_WEBHOOK_URL only")
    void webhookToken() {
        List<AlertChannel> channels = AlertChannels.fromEnvironment(Map.of(
                AlertChannels.ALERT_WEBHOOK_URL, "https://alerts.example.com/in",
                AlertChannels.ALERT_WEBHOOK_TOKEN, "t0ken"));
        assertEquals(List.of("webhook"), channels.stream().map(AlertChannel::name).toList());

        assertRefused(Map.of(AlertChannels.ALERT_WEBHOOK_TOKEN, "t0ken"), AlertChannels.ALERT_WEBHOOK_TOKEN, "t0ken");
        assertRefused(Map.of(AlertChannels.ALERT_WEBHOOK_URL, "https://alerts.example.com/in",
                AlertChannels.ALERT_WEBHOOK_TOKEN, "t0ken\r\nX-Evil: 1"), AlertChannels.ALERT_WEBHOOK_TOKEN, "t0ken");
    }

    @Test
    @DisplayName("a webhook URL that is not http(s) with a host is refused, naming the variable, never showing the value")
    void badUrls() {
        for (String name : List.of(AlertChannels.SLACK_WEBHOOK_URL, AlertChannels.ALERT_WEBHOOK_URL)) {
            for (String url : List.of("not a url s3cr3t", "hooks.slack.com/services/s3cr3t", "ftp://example.com/s3cr3t",
                    "http:///s3cr3t", "mailto:s3cr3t@example.com", "https://exa mple.com/s3cr3t")) {
                assertRefused(Map.of(name, url), name, "s3cr3t");
            }
        }
    }

    @Test
    @DisplayName("SMTP_PORT defaults to 25, or 587 with STARTTLS, which is on by default with a user name")
    void smtpDefaults() {
        assertEmail(Map.of(), "smtp://smtp.example.com:25 to [oncall@example.com]");
        assertEmail(Map.of(AlertChannels.SMTP_STARTTLS, "true"), "smtp://smtp.example.com:587 STARTTLS to");
        assertEmail(Map.of(AlertChannels.SMTP_STARTTLS, "TRUE", AlertChannels.SMTP_PORT, "2525"),
                "smtp://smtp.example.com:2525 STARTTLS to");
        assertEmail(Map.of(AlertChannels.SMTP_USERNAME, "alerts", AlertChannels.SMTP_PASSWORD, PASSWORD),
                "smtp://smtp.example.com:587 STARTTLS to");
        assertEmail(Map.of(AlertChannels.SMTP_USERNAME, "alerts", AlertChannels.SMTP_PASSWORD, PASSWORD,
                AlertChannels.SMTP_STARTTLS, "false"), "smtp://smtp.example.com:25 to");
        assertEmail(Map.of(AlertChannels.SMTP_PORT, " 465 "), "smtp://smtp.example.com:465 to");
        assertEmail(Map.of(AlertChannels.SMTP_TO, " a@example.com, ,b@example.com ,"),
                "to [a@example.com, b@example.com]");
    }

    @Test
    @DisplayName("bad SMTP settings are refused, each naming its variable")
    void badSmtp() {
        for (String port : List.of("abc", "0", "-25", "65536", "25.0", "99999999999")) {
            assertRefused(smtp(Map.of(AlertChannels.SMTP_PORT, port)), AlertChannels.SMTP_PORT, null);
        }
        for (String flag : List.of("yes", "1", "on", "tru")) {
            assertRefused(smtp(Map.of(AlertChannels.SMTP_STARTTLS, flag)), AlertChannels.SMTP_STARTTLS, null);
        }
        Map<String, String> noFrom = smtp(Map.of());
        noFrom.remove(AlertChannels.SMTP_FROM);
        assertRefused(noFrom, AlertChannels.SMTP_FROM, null);
        Map<String, String> noTo = smtp(Map.of());
        noTo.remove(AlertChannels.SMTP_TO);
        assertRefused(noTo, AlertChannels.SMTP_TO, null);
        assertRefused(smtp(Map.of(AlertChannels.SMTP_TO, " , ")), AlertChannels.SMTP_TO, null);
        assertRefused(smtp(Map.of(AlertChannels.SMTP_TO, "oncall")), AlertChannels.SMTP_TO, null);
        assertRefused(smtp(Map.of(AlertChannels.SMTP_FROM, "alerts")), AlertChannels.SMTP_FROM, null);
        assertRefused(smtp(Map.of(AlertChannels.SMTP_HOST, "smtp example.com")), AlertChannels.SMTP_HOST, null);
        assertRefused(smtp(Map.of(AlertChannels.SMTP_USERNAME, "alerts")), AlertChannels.SMTP_PASSWORD, null);
        assertRefused(smtp(Map.of(AlertChannels.SMTP_PASSWORD, PASSWORD)), AlertChannels.SMTP_USERNAME, PASSWORD);
    }

    @Test
    @DisplayName("an SMTP_* detail without SMTP_HOST is refused rather than ignored")
    void smtpWithoutHost() {
        for (String name : List.of(AlertChannels.SMTP_PORT, AlertChannels.SMTP_FROM, AlertChannels.SMTP_TO,
                AlertChannels.SMTP_USERNAME, AlertChannels.SMTP_PASSWORD, AlertChannels.SMTP_STARTTLS)) {
            IllegalArgumentException e = assertRefused(Map.of(name, "x@example.com"), name, null);
            assertTrue(e.getMessage().contains(AlertChannels.SMTP_HOST), e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** A complete e-mail configuration with {@code overrides}. */
    private static Map<String, String> smtp(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of(
                AlertChannels.SMTP_HOST, "smtp.example.com",
                AlertChannels.SMTP_FROM, "alerts@example.com",
                AlertChannels.SMTP_TO, "oncall@example.com"));
        env.putAll(overrides);
        return env;
    }

    private static void assertEmail(Map<String, String> overrides, String summary) {
        List<AlertChannel> channels = AlertChannels.fromEnvironment(smtp(overrides));
        assertEquals(1, channels.size(), channels.toString());
        EmailChannel email = assertInstanceOf(EmailChannel.class, channels.get(0));
        assertEquals("email", email.name());
        assertTrue(email.toString().contains(summary), email + " should contain " + summary);
        assertFalse(email.toString().contains(PASSWORD), email.toString());
    }

    /** Refused with a message that starts with {@code variable} and never contains {@code secret}. */
    private static IllegalArgumentException assertRefused(Map<String, String> env, String variable,
            @Nullable String secret) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlertChannels.fromEnvironment(env), env.toString());
        assertTrue(e.getMessage().startsWith(variable + " "), variable + ": " + e.getMessage());
        if (secret != null) {
            assertFalse(e.getMessage().contains(secret), e.getMessage());
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains(secret), t.toString());
            }
        }
        return e;
    }
}
