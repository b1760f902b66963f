package dev.faultline;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Captures the events of one Logback logger with a {@link ListAppender} attached programmatically;
 * closing it detaches the appender and restores the logger's level.
 */
final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(String name) {
        this.logger = (Logger) LoggerFactory.getLogger(name);
        this.previousLevel = logger.getLevel();
        logger.setLevel(Level.TRACE);
        appender.setName("capture-" + name);
        appender.start();
        logger.addAppender(appender);
    }

    static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    /** Every captured event, in order. */
    List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** The captured events with this message. */
    List<ILoggingEvent> withMessage(String message) {
        return appender.list.stream().filter(e -> message.equals(e.getMessage())).collect(Collectors.toList());
    }

    /** The SLF4J 2 key-value pairs of an event, in order. */
    static Map<String, Object> keyValues(ILoggingEvent event) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair p : pairs) {
                out.put(p.key, p.value);
            }
        }
        return out;
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(previousLevel);
    }
}
