package dev.faultline.alert;

import dev.faultline.error.ErrorType;
import dev.faultline.internal.alert.AlertEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Run by {@link OptionalMailTest} in a class loader without Jakarta Mail: alerting with every channel
 * but e-mail works, and building an e-mail channel fails with a message that says what to add.
 */
public final class NoMailScenario implements Callable<String> {

    @Override
    public String call() {
        try {
            Class.forName("jakarta.mail.Session");
            return "jakarta.mail is on the class path: the scenario proves nothing";
        } catch (ClassNotFoundException expected) {
            // as intended
        }
        Recorder recorder = new Recorder();
        Clock clock = Clock.systemUTC();
        try (AlertEngine a = new AlertEngine(Alerting.builder().clock(clock).tickInterval(Duration.ZERO)
                .rules(Alerting.defaultRules())
                .channel(recorder)
                .channel(SlackChannel.create(java.net.URI.create("http://127.0.0.1:9/slack")))
                .channel(WebhookChannel.builder(java.net.URI.create("http://127.0.0.1:9/hook")).build())
                .maxAttempts(1)
                .build())) {
            a.onError(Events.of(clock, ErrorType.DATABASE, "/videos"));
            recorder.await(1);
            Await.until("the log channel delivered", () -> a.history().get(0).delivery("log").state()
                    == DeliveryState.DELIVERED);
        }
        try {
            EmailChannel.builder().host("localhost").from("a@example.com").to("b@example.com").build();
            return "EmailChannel was built without Jakarta Mail";
        } catch (IllegalStateException e) {
            return "ok: " + e.getMessage();
        }
    }
}
