package dev.faultline.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.faultline.error.ErrorEvent;
import dev.faultline.internal.alert.AlertEngine;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("EmailChannel")
class EmailChannelTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", "s3cret"));

    final TestClock clock = new TestClock();
    AlertEngine alerting;

    @AfterEach
    void stop() {
        if (alerting != null) {
            alerting.close(Duration.ofSeconds(1));
        }
    }

    EmailChannel.Builder email() {
        return EmailChannel.builder().host("127.0.0.1").port(SMTP.getSmtp().getPort())
                .from("faultline@example.com").to("oncall@example.com").timeout(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("delivers over SMTP with the subject [LEVEL] rule: message and the alert's fields in the body")
    void delivers() throws Exception {
        alerting = new AlertEngine(Alerting.builder().clock(clock).tickInterval(Duration.ZERO).logChannel(false)
                .rules(Alerting.defaultRules()).channel(email().credentials("alerts", "s3cret").build()).build());
        ErrorEvent e = Events.database(clock);
        alerting.onError(e);
        assertTrue(SMTP.waitForIncomingEmail(5_000, 1));
        MimeMessage m = SMTP.getReceivedMessages()[0];
        String body = GreenMailUtil.getBody(m);
        AlertRecord record = alerting.history().get(0);
        assertEquals("[CRITICAL] critical_errors: Critical error: database at /videos/{id}", m.getSubject());
        assertEquals("faultline@example.com", m.getFrom()[0].toString());
        assertEquals("oncall@example.com", m.getAllRecipients()[0].toString());
        assertEquals(record.alert().id(), m.getHeader("X-Faultline-Alert-Id")[0]);
        assertTrue(body.startsWith("Critical error: database at /videos/{id}"), body);
        for (String line : new String[] {"rule: critical_errors", "level: critical", "error_type: database",
            "endpoint: /videos/{id}", "request_id: " + e.requestId(), "user_id: user-7", "severity: critical",
            "alert_id: " + record.alert().id()}) {
            assertTrue(body.contains(line), () -> "missing '" + line + "' in\n" + body);
        }
        assertEquals(DeliveryState.DELIVERED, Await.value("delivered",
                () -> alerting.history().get(0).delivery("email").state(), DeliveryState::isFinal));
    }

    @Test
    @DisplayName("cuts the subject to 200 characters on one line")
    void subject() {
        Alert a = new Alert("0000000000000001", "r", AlertLevel.WARNING, "line\none " + "x".repeat(500),
                TestClock.T0, Map.of(), "g", 0, false);
        String s = EmailChannel.subject(a);
        assertEquals(EmailChannel.MAX_SUBJECT, s.length());
        assertTrue(s.startsWith("[WARNING] r: line one xxx"), s);
    }

    @Test
    @DisplayName("needs host, sender and a recipient, and checks addresses naming the setting")
    void validation() {
        assertThrows(IllegalStateException.class, () -> EmailChannel.builder().from("a@b.c").to("d@e.f").build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmailChannel.builder().from("not an address"));
        assertTrue(e.getMessage().startsWith("alert.email.from"), e.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> EmailChannel.builder().port(0));
        assertTrue(port.getMessage().startsWith("alert.email.port"), port.getMessage());
        assertTrue(!email().credentials("u", "s3cret").build().toString().contains("s3cret"));
    }
}
