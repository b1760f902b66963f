package dev.faultline.internal;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One of Faultline's own log events, its key-value pairs in one array sized by the caller for the most
 * fields the event can have: no list that grows, no builder in between.
 * {@link LogLines#log(LogEvent, boolean, boolean)} hands it to a backend that takes SLF4J events ({@link LoggingEventAware}: Logback, slf4j-simple,
 * the JUL binding) as it is, so the backend's own event keeps a reference to these pairs instead of a
 * copy; any other backend gets the same pairs, message and cause through its
 * {@link Logger#atLevel(Level) event builder}.
 *
 * <p>Its values are what the pairs hold: numbers are boxed once, by the caller, and a caller may add
 * a pair it keeps (a {@link KeyValuePair} is immutable) instead of building one per event, as
 * {@code ExchangeEvents} does for statuses and methods. An event is logged once and never changed
 * afterwards: an asynchronous appender reads its pairs later, on another thread.
 *
 * <p>The caller has checked that the logger is enabled for the level: as for
 * {@link LoggingEventAware#log(LoggingEvent)}, no level check is made here.
 */
public final class LogEvent implements LoggingEvent {

    /** The frames up to this class's are Faultline's logging, for a backend that looks for caller data. */
    private static final String CALLER_BOUNDARY = LogLines.class.getName();

    private final Logger logger;
    private final Level level;
    private final String message;
    private final Pairs pairs;
    private @Nullable Throwable cause;

    /**
     * An event of {@code logger} at {@code level}, enabled for it (the caller checked).
     *
     * @param logger where the event goes
     * @param level its level
     * @param message its message, without placeholders
     * @param capacity the most key-value pairs the event will hold; adding more fails
     */
    public LogEvent(Logger logger, Level level, String message, int capacity) {
        this.logger = logger;
        this.level = level;
        this.message = message;
        this.pairs = new Pairs(capacity);
    }

    /** Adds a pair; {@code value} as it is (a {@code null} stays {@code null}, as SLF4J's builder keeps it). */
    public LogEvent add(String key, @Nullable Object value) {
        pairs.append(new KeyValuePair(key, value));
        return this;
    }

    /** Adds a pair the caller keeps and reuses (pairs are immutable). */
    public LogEvent add(KeyValuePair pair) {
        pairs.append(pair);
        return this;
    }

    /** Sets the throwable the line carries. */
    public LogEvent cause(Throwable cause) {
        this.cause = cause;
        return this;
    }

    /**
     * Logs the event through its logger: as it is when the backend takes SLF4J events, else through the
     * logger's builder. Called by {@link LogLines#log(LogEvent, boolean, boolean)} only (the caller-data
     * boundary).
     */
    void emit() {
        if (logger instanceof LoggingEventAware aware) {
            aware.log(this);
            return;
        }
        LoggingEventBuilder b = logger.atLevel(level);
        for (int i = 0; i < pairs.size; i++) {
            KeyValuePair p = pairs.array[i];
            b = b.addKeyValue(p.key, p.value);
        }
        if (cause != null) {
            b = b.setCause(cause);
        }
        b.log(message);
    }

    @Override
    public Level getLevel() {
        return level;
    }

    @Override
    public String getLoggerName() {
        return logger.getName();
    }

    @Override
    public String getMessage() {
        return message;
    }

    @Override
    public List<Object> getArguments() {
        return List.of();
    }

    @Override
    public Object @Nullable [] getArgumentArray() {
        return null;
    }

    @Override
    public @Nullable List<Marker> getMarkers() {
        return null;
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        return pairs;
    }

    @Override
    public @Nullable Throwable getThrowable() {
        return cause;
    }

    /** 0: the backend takes its own time stamp (Logback does), as with SLF4J's builder. */
    @Override
    public long getTimeStamp() {
        return 0;
    }

    @Override
    public @Nullable String getThreadName() {
        return null;
    }

    @Override
    public String getCallerBoundary() {
        return CALLER_BOUNDARY;
    }

    /** The pairs: a list over an array of fixed capacity, read-only to everyone but the event. */
    private static final class Pairs extends AbstractList<KeyValuePair> implements RandomAccess {
        private final KeyValuePair[] array;
        private int size;

        Pairs(int capacity) {
            array = new KeyValuePair[capacity];
        }

        void append(KeyValuePair pair) {
            if (size == array.length) {
                throw new IllegalStateException("a log event sized for " + array.length + " pairs got one more: "
                        + pair.key);
            }
            array[size++] = pair;
        }

        @Override
        public KeyValuePair get(int index) {
            if (index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            return array[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
