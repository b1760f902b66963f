package dev.faultline.alert;

import dev.faultline.internal.LogLines;
import dev.faultline.internal.Preconditions;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The default channel: logs each alert to logger {@code faultline.alert} through SLF4J 2 key-value
 * pairs, at ERROR for {@link AlertLevel#CRITICAL critical} and {@link AlertLevel#ERROR error} alerts,
 * WARN for warnings, INFO for info and for every resolved notification.
 *
 * <p>Message: {@code alert fired: [CRITICAL] critical_errors: Critical error: database at /videos} (or
 * {@code alert resolved: …}). Fields: {@code alert_id, alert_rule, alert_level, alert_message,
 * alert_group, suppressed, resolved} and the alert's context fields ({@code error_type, endpoint,
 * request_id, …}). Never fails unless the logging backend throws. Immutable and thread-safe.
 */
public final class LogChannel implements AlertChannel {

    /** The name of the default log channel. */
    public static final String DEFAULT_NAME = "log";
    /** The logger alerts go to. */
    public static final String LOGGER = "faultline.alert";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final String name;

    private LogChannel(String name) {
        this.name = name;
    }

    /** The log channel, named {@value #DEFAULT_NAME}. */
    public static LogChannel create() {
        return new LogChannel(DEFAULT_NAME);
    }

    /**
     * A log channel with another name (to log a second copy, say, with {@code logChannel(false)}).
     *
     * @throws IllegalArgumentException ({@code alert.channel.name}) if the name is invalid
     */
    public static LogChannel named(String name) {
        return new LogChannel(Preconditions.name("alert.channel.name", name));
    }

    @Override
    public String name() {
        return name;
    }

    /** The log level of an alert. */
    static Level levelOf(Alert alert) {
        if (alert.resolved()) {
            return Level.INFO;
        }
        return switch (alert.level()) {
            case CRITICAL, ERROR -> Level.ERROR;
            case WARNING -> Level.WARN;
            case INFO -> Level.INFO;
        };
    }

    @Override
    public void deliver(Alert alert) {
        Level level = levelOf(alert);
        if (!LOG.isEnabledForLevel(level)) {
            return;
        }
        LoggingEventBuilder b = LOG.atLevel(level)
                .setMessage((alert.resolved() ? "alert resolved: [" : "alert fired: [")
                        + alert.level().name().toUpperCase(Locale.ROOT) + "] " + alert.rule() + ": " + alert.message())
                .addKeyValue("alert_id", alert.id())
                .addKeyValue("alert_rule", alert.rule())
                .addKeyValue("alert_level", alert.level().label())
                .addKeyValue("alert_message", alert.message())
                .addKeyValue("alert_group", alert.groupKey())
                .addKeyValue("suppressed", alert.suppressed())
                .addKeyValue("resolved", alert.resolved());
        alert.context().forEach((String k, @Nullable Object v) -> b.addKeyValue(k, v));
        LogLines.log(b, null, alert.context().containsKey(LogLines.REQUEST_ID),
                alert.context().containsKey(LogLines.USER_ID));
    }

    @Override
    public String toString() {
        return "LogChannel[" + name + "]";
    }
}
