package dev.faultline.alert;

import dev.faultline.internal.Preconditions;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * {@link EmailChannel}'s sender: the only class that references Jakarta Mail, loaded only when an
 * e-mail channel is built. Thread-safe: a {@link Session} is, and each send opens its own connection.
 */
final class JakartaMailTransport implements EmailChannel.Transport {

    private final Session session;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final @Nullable String username;
    private final @Nullable String password;

    private JakartaMailTransport(Session session, InternetAddress from, InternetAddress[] to,
            @Nullable String username, @Nullable String password) {
        this.session = session;
        this.from = from;
        this.to = to;
        this.username = username;
        this.password = password;
    }

    static EmailChannel.Transport create(String host, int port, boolean startTls, @Nullable String username,
            @Nullable String password, String from, List<String> to, Duration timeout) {
        Properties p = new Properties();
        String ms = Long.toString(timeout.toMillis());
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", host);
        p.setProperty("mail.smtp.port", Integer.toString(port));
        p.setProperty("mail.smtp.connectiontimeout", ms);
        p.setProperty("mail.smtp.timeout", ms);
        p.setProperty("mail.smtp.writetimeout", ms);
        if (startTls) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
        }
        if (username != null) {
            p.setProperty("mail.smtp.auth", "true");
        }
        Session session;
        try {
            session = Session.getInstance(p);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("EmailChannel needs a Jakarta Mail implementation on the class path, "
                    + "such as org.eclipse.angus:angus-mail: " + e.getMessage(), e);
        }
        InternetAddress[] recipients = new InternetAddress[to.size()];
        for (int i = 0; i < recipients.length; i++) {
            recipients[i] = parse("alert.email.to", to.get(i));
        }
        return new JakartaMailTransport(session, parse("alert.email.from", from), recipients, username, password);
    }

    private static InternetAddress parse(String setting, String address) {
        try {
            return new InternetAddress(address, true);
        } catch (AddressException e) {
            throw Preconditions.invalid(setting, "is not a valid address: " + e.getMessage());
        }
    }

    @Override
    public void send(String subject, String body, Alert alert) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(from);
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject(subject, StandardCharsets.UTF_8.name());
        m.setText(body, StandardCharsets.UTF_8.name());
        m.setSentDate(Date.from(alert.firedAt()));
        m.setHeader(HttpPost.ALERT_ID_HEADER, alert.id());
        try {
            if (username != null) {
                Transport.send(m, username, password);
            } else {
                Transport.send(m);
            }
        } catch (AuthenticationFailedException e) {
            throw DeliveryException.permanent("SMTP authentication failed: " + e.getMessage());
        } catch (SendFailedException e) {
            if (e.getValidSentAddresses() == null && e.getInvalidAddresses() != null
                    && e.getInvalidAddresses().length > 0) {
                throw DeliveryException.permanent("SMTP refused the recipients: " + e.getMessage());
            }
            throw e;
        }
    }
}
