package dev.faultline.alert;

import dev.faultline.internal.Preconditions;
import dev.faultline.internal.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Sends each alert as a plain-text e-mail over SMTP with Jakarta Mail.
 *
 * <pre>{@code
 * EmailChannel email = EmailChannel.builder()
 *         .host("smtp.example.com").port(587).startTls(true)
 *         .credentials("alerts", System.getenv("SMTP_PASSWORD"))
 *         .from("faultline@example.com")
 *         .to("oncall@example.com", "team@example.com")
 *         .build();
 * }</pre>
 *
 * <p>Subject: {@code [LEVEL] rule: message} ({@code [CRITICAL] critical_errors: Critical error: database
 * at /videos/{id}}), line breaks replaced by spaces, at most {@value #MAX_SUBJECT} characters. Body: the
 * message, then one {@code name: value} line per alert field (rule, level, fired_at, resolved, group,
 * suppressed, alert_id) and per context field. Header {@code X-Faultline-Alert-Id} carries the alert's id.
 *
 * <h2>Optional dependency</h2>
 * Jakarta Mail ({@code jakarta.mail:jakarta.mail-api} and an implementation such as
 * {@code org.eclipse.angus:angus-mail}) is an optional dependency of the core: only this channel uses
 * it, and only once built; an application without it on the class path uses every other channel.
 * {@link Builder#build()} fails with an {@link IllegalStateException} that says what to add when it is
 * missing.
 *
 * <p>Failures: refused credentials and refused addresses are permanent; connection and other SMTP
 * failures are retried. The password is never printed. Immutable and thread-safe.
 */
public final class EmailChannel implements AlertChannel {

    /** Default name: {@code email}. */
    public static final String DEFAULT_NAME = "email";
    /** The longest subject: 200 characters. */
    public static final int MAX_SUBJECT = 200;
    /** Default SMTP port: 25. */
    public static final int DEFAULT_PORT = 25;
    /** Default connect, read and write timeout: 10 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** What sends a rendered message; implemented over Jakarta Mail, which only it references. */
    interface Transport {
        void send(String subject, String body, Alert alert) throws Exception;
    }

    private final String name;
    private final Transport transport;
    private final String summary;

    private EmailChannel(String name, Transport transport, String summary) {
        this.name = name;
        this.transport = transport;
        this.summary = summary;
    }

    /** A builder; host, from and at least one recipient are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) throws Exception {
        transport.send(subject(alert), body(alert), alert);
    }

    static String subject(Alert alert) {
        String s = "[" + alert.level().name().toUpperCase(Locale.ROOT) + "] " + alert.rule() + ": " + alert.message();
        return Text.truncate(s.replaceAll("[\\r\\n\\t]+", " "), MAX_SUBJECT);
    }

    static String body(Alert alert) {
        StringBuilder b = new StringBuilder(1024);
        b.append(alert.message()).append("\n\n");
        line(b, "rule", alert.rule());
        line(b, "level", alert.level().label());
        line(b, "fired_at", alert.firedAt().toString());
        line(b, "resolved", alert.resolved());
        line(b, "group", alert.groupKey());
        line(b, "suppressed", alert.suppressed());
        line(b, "alert_id", alert.id());
        b.append('\n');
        for (Map.Entry<String, @Nullable Object> e : alert.context().entrySet()) {
            line(b, e.getKey(), e.getValue());
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String name, @Nullable Object value) {
        b.append(name).append(": ").append(Text.value(value).replace("\r", " ").replace("\n", " ")).append('\n');
    }

    @Override
    public String toString() {
        return "EmailChannel[" + name + ", " + summary + "]";
    }

    /** Builds an {@link EmailChannel}. Not thread-safe; each setter checks its argument. */
    public static final class Builder {

        private String name = DEFAULT_NAME;
        private @Nullable String host;
        private int port = DEFAULT_PORT;
        private boolean startTls;
        private @Nullable String username;
        private @Nullable String password;
        private @Nullable String from;
        private final List<String> to = new ArrayList<>();
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {
        }

        /**
         * The channel's name. Default {@value EmailChannel#DEFAULT_NAME}.
         *
         * @throws IllegalArgumentException ({@code alert.channel.name}) if invalid
         */
        public Builder name(String name) {
            this.name = Preconditions.name("alert.channel.name", name);
            return this;
        }

        /**
         * The SMTP server's host name. Required.
         *
         * @throws IllegalArgumentException ({@code alert.email.host}) if blank or holding white space
         */
        public Builder host(String host) {
            Objects.requireNonNull(host, "alert.email.host");
            if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace) || host.length() > 255) {
                throw Preconditions.invalid("alert.email.host", "must be a host name, was '"
                        + Text.truncate(host, 80) + "'");
            }
            this.host = host;
            return this;
        }

        /**
         * The SMTP port. Default {@value EmailChannel#DEFAULT_PORT}.
         *
         * @throws IllegalArgumentException ({@code alert.email.port}) unless from 1 to 65535
         */
        public Builder port(int port) {
            this.port = Preconditions.range("alert.email.port", port, 1, 65_535);
            return this;
        }

        /**
         * Whether to upgrade the connection with STARTTLS, and refuse to send if the server cannot.
         * Default {@code false}.
         */
        public Builder startTls(boolean startTls) {
            this.startTls = startTls;
            return this;
        }

        /** SMTP AUTH user name and password. Default none (no authentication). */
        public Builder credentials(String username, String password) {
            this.username = Objects.requireNonNull(username, "alert.email.username");
            this.password = Objects.requireNonNull(password, "alert.email.password");
            return this;
        }

        /**
         * The sender's address. Required.
         *
         * @throws IllegalArgumentException ({@code alert.email.from}) if not an address (checked fully by
         *         {@link #build()})
         */
        public Builder from(String from) {
            this.from = address("alert.email.from", from);
            return this;
        }

        /**
         * Adds recipients. At least one is required.
         *
         * @throws IllegalArgumentException ({@code alert.email.to}) if one is not an address
         */
        public Builder to(String... to) {
            Objects.requireNonNull(to, "alert.email.to");
            for (String t : to) {
                this.to.add(address("alert.email.to", t));
            }
            return this;
        }

        /**
         * The connect, read and write timeout of the SMTP conversation. Default 10 s.
         *
         * @throws IllegalArgumentException ({@code alert.email.timeout}) unless whole ms from 1 ms to 5 minutes
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Preconditions.millis("alert.email.timeout", timeout, Duration.ofMinutes(5));
            return this;
        }

        private static String address(String setting, String a) {
            Objects.requireNonNull(a, setting);
            if (a.indexOf('@') < 1 || a.indexOf('\r') >= 0 || a.indexOf('\n') >= 0 || a.length() > 320) {
                throw Preconditions.invalid(setting, "must be an e-mail address, was '" + Text.truncate(a, 80)
                        + "'");
            }
            return a;
        }

        /**
         * The channel.
         *
         * @throws IllegalStateException if host, from or recipients are missing, or Jakarta Mail (API and
         *         implementation) is not on the class path
         * @throws IllegalArgumentException ({@code alert.email.from}, {@code alert.email.to}) if Jakarta Mail
         *         refuses an address
         */
        public EmailChannel build() {
            if (host == null) {
                throw new IllegalStateException("alert.email.host is required");
            }
            if (from == null) {
                throw new IllegalStateException("alert.email.from is required");
            }
            if (to.isEmpty()) {
                throw new IllegalStateException("alert.email.to needs at least one recipient");
            }
            requireJakartaMail();
            Transport t = JakartaMailTransport.create(host, port, startTls, username, password, from, List.copyOf(to),
                    timeout);
            String summary = "smtp://" + host + ":" + port + (startTls ? " STARTTLS" : "") + " to " + to;
            return new EmailChannel(name, t, summary);
        }

        private static void requireJakartaMail() {
            try {
                Class.forName("jakarta.mail.Session", false, EmailChannel.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("EmailChannel needs Jakarta Mail on the class path: add "
                        + "jakarta.mail:jakarta.mail-api and an implementation such as org.eclipse.angus:angus-mail", e);
            }
        }
    }
}
