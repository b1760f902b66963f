package dev.faultline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;

@DisplayName("LogEvent: one pre-sized event, handed to the backend as it is")
class LogEventTest {

    /** Records what Logback made of each event, and the caller it found, while the event is logged. */
    private static final class Recording extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> events = new ArrayList<>();
        final List<String> callers = new ArrayList<>();
        final List<String> mdcRequestIds = new ArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
            callers.add(event.getCallerData()[0].getClassName());
            mdcRequestIds.add(event.getMDCPropertyMap().get(LogLines.REQUEST_ID));
        }
    }

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger logger = context.getLogger("log-event-test");
    private final Recording appender = new Recording();

    LogEventTest() {
        appender.setContext(context);
        appender.start();
        logger.setLevel(ch.qos.logback.classic.Level.TRACE);
        logger.setAdditive(false);
        logger.addAppender(appender);
    }

    @AfterEach
    void clear() {
        MDC.clear();
        logger.detachAppender(appender);
        appender.stop();
    }

    @Test
    @DisplayName("Logback keeps the event's pairs (no copy), its message, level and cause; the caller is the code that logged")
    void logbackTakesTheEventAsItIs() {
        KeyValuePair shared = new KeyValuePair("status", 200);
        IllegalStateException cause = new IllegalStateException("boom");
        LogEvent event = new LogEvent(logger, Level.WARN, "request completed", 3)
                .add("request_id", "r-1")
                .add(shared)
                .add("duration_ms", 1.5)
                .cause(cause);

        LogLines.log(event, true, false);

        ILoggingEvent logged = appender.events.get(0);
        assertSame(event.getKeyValuePairs(), logged.getKeyValuePairs(), "the backend keeps the event's list");
        assertSame(shared, logged.getKeyValuePairs().get(1));
        assertEquals(List.of("request_id", "status", "duration_ms"),
                logged.getKeyValuePairs().stream().map(p -> p.key).toList());
        assertEquals("request completed", logged.getFormattedMessage());
        assertEquals(ch.qos.logback.classic.Level.WARN, logged.getLevel());
        assertEquals("log-event-test", logged.getLoggerName());
        assertEquals("boom", logged.getThrowableProxy().getMessage());
        assertEquals(LogEventTest.class.getName(), appender.callers.get(0), "%caller and %class name the code that logged");
    }

    @Test
    @DisplayName("the MDC's request_id is lifted out while the event is logged, and put back")
    void liftsTheMdc() {
        MDC.put(LogLines.REQUEST_ID, "r-2");
        LogLines.log(new LogEvent(logger, Level.INFO, "m", 1).add("request_id", "r-2"), true, false);
        assertNull(appender.mdcRequestIds.get(0));
        assertEquals("r-2", MDC.get(LogLines.REQUEST_ID));
    }

    @Test
    @DisplayName("a pair beyond the capacity fails, and the pairs are read-only to the backend")
    void fixedCapacity() {
        LogEvent event = new LogEvent(logger, Level.INFO, "m", 1).add("a", 1);
        assertThrows(IllegalStateException.class, () -> event.add("b", 2));
        assertThrows(UnsupportedOperationException.class, () -> event.getKeyValuePairs().add(new KeyValuePair("c", 3)));
        assertThrows(UnsupportedOperationException.class, () -> event.getKeyValuePairs().remove(0));
        assertThrows(IndexOutOfBoundsException.class, () -> new LogEvent(logger, Level.INFO, "m", 4).getKeyValuePairs().get(0));
    }

    /** A backend that does not take SLF4J events: everything goes through its logging methods. */
    private static final class Legacy extends LegacyAbstractLogger {
        final List<String> lines = new ArrayList<>();

        Legacy() {
            name = "legacy";
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
                Throwable throwable) {
            lines.add(level + " " + messagePattern + " " + (throwable == null ? "-" : throwable.getMessage()));
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }

    @Test
    @DisplayName("any other backend gets what SLF4J's own builder would have given it")
    void otherBackendsThroughTheirBuilder() {
        Legacy viaEvent = new Legacy();
        LogLines.log(new LogEvent(viaEvent, Level.ERROR, "request failed", 2)
                .add("request_id", "r-3").add("status", 503).cause(new IllegalStateException("down")), true, false);
        Legacy viaBuilder = new Legacy();
        viaBuilder.atLevel(Level.ERROR).addKeyValue("request_id", "r-3").addKeyValue("status", 503)
                .setCause(new IllegalStateException("down")).log("request failed");

        assertEquals(1, viaEvent.lines.size());
        assertEquals(viaBuilder.lines, viaEvent.lines);
        assertEquals("ERROR request_id=r-3 status=503 request failed down", viaEvent.lines.get(0));
    }
}
