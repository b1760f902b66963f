package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import dev.faultline.testkit.TestRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;

/**
 * {@code logback.xml} as {@link Main} uses it: configured in a fresh Logback context for each format,
 * the way Logback itself would at startup.
 */
class LoggingConfigTest {

    @ParameterizedTest
    @ValueSource(strings = {"console", "json"})
    @DisplayName("configures without a warning, so Logback prints no status lines on stdout")
    void noWarnings(String format) throws Exception {
        LoggerContext context = configure(format);
        int highest = context.getStatusManager().getCopyOfStatusList().stream()
                .mapToInt(Status::getEffectiveLevel).max().orElse(Status.INFO);
        assertTrue(highest < Status.WARN, () -> statusLog(context));
        // Undertow's own request logger stays on: handlers run through FaultlineHandler.blocking, so
        // Undertow never sees (and never logs) a failure that Faultline already logged
        assertEquals(null, context.getLogger("io.undertow.request").getLevel());
        context.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"console", "json"})
    @DisplayName("shows the key-value pairs and the MDC of a 'request completed' event")
    void rendersFields(String format) throws Exception {
        LoggerContext context = configure(format);
        String line = render(context, "request completed",
                Map.of("request_id", "abc123", "status", 404), Map.of("tenant", "t-1"));
        if (format.equals("json")) {
            JsonNode json = new ObjectMapper().readTree(line);
            assertEquals("faultline.http", json.path("logger_name").asText());
            assertEquals("request completed", json.path("message").asText());
            assertEquals("WARN", json.path("level").asText());
            assertEquals(404, json.path("status").intValue(), line); // typed: a number, not a string
            assertEquals("t-1", json.path("tenant").asText(), line); // the MDC's entries as fields too
            assertEquals("abc123", json.path("request_id").asText(), line);
        } else {
            assertTrue(line.contains("request completed"), line);
            assertTrue(line.contains("request_id=\"abc123\""), line);
            assertTrue(line.contains("status=\"404\""), line);
            assertTrue(line.contains("{tenant=t-1}"), line);
        }
        context.stop();
    }

    @Test
    @DisplayName("json: an AsyncAppender that neither drops nor discards, over LogstashEncoder on stdout")
    void productionAppender() throws Exception {
        LoggerContext context = configure("json");
        AsyncAppender async = assertInstanceOf(AsyncAppender.class, root(context).getAppender("OUT"));
        assertEquals(8192, async.getQueueSize());
        assertEquals(0, async.getDiscardingThreshold(), "INFO lines are kept when the queue fills");
        assertFalse(async.isNeverBlock(), "a full queue makes the logger wait, it does not drop the line");
        assertFalse(async.isIncludeCallerData());
        ConsoleAppender<ILoggingEvent> json = assertInstanceOf(ConsoleAppender.class, async.getAppender("JSON"));
        assertInstanceOf(LogstashEncoder.class, json.getEncoder());
        context.stop();
    }

    /**
     * Faultline's own lines, over seventeen thousand (more than twice what the queue holds), through the
     * production appender exactly as configured, with the console held until the queue is full: every
     * line comes out, once, and parses back to the event it came from, field by field.
     */
    @Test
    @DisplayName("json: Faultline's completion and error lines through the production appender, none lost with the queue full, each parsed back field by field")
    void productionLinesNoneLost() throws Exception {
        // the appender's thread takes the whole queue at once (drainTo) before it writes, then waits on
        // the held console with up to 8192 events in hand: more than twice the queue fills it whatever
        // the threads' timing
        List<ILoggingEvent> events = faultlineEvents(13_000);
        assertTrue(events.size() > 2 * 8192 + 1, "more than twice what the queue holds: " + events.size());

        LoggerContext context = configure("json");
        AsyncAppender async = (AsyncAppender) root(context).getAppender("OUT");
        @SuppressWarnings("unchecked")
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) async.getAppender("JSON");
        HeldStream out = new HeldStream();
        console.setOutputStream(out);

        int threads = 4;
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            producers.add(Thread.ofPlatform().name("producer-" + t).start(() -> {
                for (int i = first; i < events.size(); i += threads) {
                    async.doAppend(events.get(i));
                }
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean filled = false;
        int leastRoom = Integer.MAX_VALUE;
        while (System.nanoTime() < deadline && producers.stream().anyMatch(Thread::isAlive)) {
            int room = async.getRemainingCapacity();
            leastRoom = Math.min(leastRoom, room);
            if (room == 0) {
                filled = true;
                break;
            }
            Thread.sleep(1);
        }
        boolean producersAlive = producers.stream().anyMatch(Thread::isAlive);
        long writtenBeforeRelease = out.size();
        out.release();
        for (Thread p : producers) {
            p.join(TimeUnit.SECONDS.toMillis(30));
        }
        context.stop(); // writes what is still queued (maxFlushTime)

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(events.size(), lines.size(), "one line per event, none lost");
        int least = leastRoom;
        assertTrue(filled, () -> "the queue filled up while the console was held (else the test shows nothing): least room "
                + least + ", producers alive " + producersAlive + ", bytes written before release " + writtenBeforeRelease);
        Map<String, ILoggingEvent> byKey = new HashMap<>();
        for (ILoggingEvent e : events) {
            assertEquals(null, byKey.put(key(e.getFormattedMessage(), pairs(e).get("request_id")), e));
        }
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            Map<String, List<JsonNode>> fields = fields(line);
            String key = key(one(fields, "message", line).asText(), one(fields, "request_id", line).asText());
            assertTrue(seen.add(key), () -> "a line written twice: " + line);
            ILoggingEvent e = byKey.get(key);
            assertTrue(e != null, () -> "a line of no event: " + line);
            check(e, fields, line);
        }
    }

    /** Checks one parsed line against the event it came from, field by field; each field once. */
    private static void check(ILoggingEvent e, Map<String, List<JsonNode>> fields, String line) {
        fields.forEach((name, values) -> assertEquals(1, values.size(), () -> name + " written twice: " + line));
        assertEquals(e.getLoggerName(), one(fields, "logger_name", line).asText());
        assertEquals(e.getLevel().toString(), one(fields, "level", line).asText());
        assertEquals(e.getThreadName(), one(fields, "thread_name", line).asText());
        assertEquals(e.getInstant(), OffsetDateTime.parse(one(fields, "@timestamp", line).asText()).toInstant());
        for (Map.Entry<String, Object> pair : pairs(e).entrySet()) {
            JsonNode v = one(fields, pair.getKey(), line);
            Object expected = pair.getValue();
            if (expected instanceof Number n) {
                assertTrue(v.isNumber(), () -> pair.getKey() + " as a number: " + line);
                assertEquals(n.doubleValue(), v.doubleValue(), () -> pair.getKey() + ": " + line);
            } else if (expected instanceof Boolean b) {
                assertEquals(b, v.booleanValue(), () -> pair.getKey() + ": " + line);
            } else if (expected == null) {
                assertTrue(v.isNull(), () -> pair.getKey() + " null: " + line);
            } else {
                assertEquals(expected.toString(), v.asText(), () -> pair.getKey() + ": " + line);
            }
        }
        e.getMDCPropertyMap().forEach((k, v) -> assertEquals(v, one(fields, k, line).asText(), k));
        if (e.getThrowableProxy() != null) {
            String trace = one(fields, "stack_trace", line).asText();
            assertTrue(trace.startsWith(e.getThrowableProxy().getClassName()), trace);
            assertTrue(trace.contains("Caused by: " + SQLTransientConnectionException.class.getName()), trace);
        } else {
            assertFalse(fields.containsKey("stack_trace"), line);
        }
    }

    /**
     * The events Faultline logs for {@code exchanges} requests, captured from the application's Logback
     * (prepared for deferred processing at once, as an AsyncAppender does): a third 200s, a third 404s,
     * a third 503s thrown from the application (one line with the stack trace, then lines pointing at
     * it), with a user and an MDC entry of the application's own on some.
     */
    private static List<ILoggingEvent> faultlineEvents(int exchanges) {
        LoggerContext global = (LoggerContext) LoggerFactory.getILoggerFactory();
        List<ILoggingEvent> captured = Collections.synchronizedList(new ArrayList<>());
        AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                event.prepareForDeferredProcessing();
                captured.add(event);
            }
        };
        capture.setContext(global);
        capture.start();
        List<Logger> loggers = List.of(global.getLogger("faultline.http"), global.getLogger("faultline.error"));
        List<Level> levels = new ArrayList<>();
        for (Logger l : loggers) {
            levels.add(l.getLevel());
            l.setLevel(Level.INFO);
            l.setAdditive(false);
            l.addAppender(capture);
        }
        try (Faultline faultline = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .security(s -> s.rateLimit(false)).build()) {
            for (int i = 0; i < exchanges; i++) {
                Exchange x = faultline.open(TestRequest.of("GET", "/videos/" + i).route("/videos/{id}")
                        .query("page=" + i).header("X-Request-Id", "cfg-" + i).header("User-Agent", "probe/" + i)
                        .remoteAddress("198.51.100." + (i % 256)));
                if (i % 2 == 0) {
                    MDC.put("tenant", "t-" + (i % 7));
                }
                try (Exchange.Scope scope = x.bind()) {
                    if (i % 5 == 0) {
                        x.userId("user-" + i);
                    }
                    switch (i % 3) {
                        case 0 -> x.close(ResponseView.of(200, 100 + i));
                        case 1 -> x.close(ResponseView.of(x.failStatus(404).status(), 90));
                        default -> {
                            ErrorReply reply = x.fail(new IllegalStateException("loading video " + i + " failed",
                                    new SQLTransientConnectionException("Connection refused: db:5432")));
                            x.close(ResponseView.of(reply.status(), reply.body().length));
                        }
                    }
                } finally {
                    MDC.remove("tenant");
                }
            }
        } finally {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).detachAppender(capture);
                loggers.get(i).setAdditive(true);
                loggers.get(i).setLevel(levels.get(i));
            }
            capture.stop();
        }
        long traces = captured.stream().filter(e -> e.getThrowableProxy() != null).count();
        assertEquals(1, traces, "one stack trace for the one failure pattern");
        return new ArrayList<>(captured);
    }

    private static String key(String message, Object requestId) {
        return message + " " + requestId;
    }

    private static Map<String, Object> pairs(ILoggingEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (e.getKeyValuePairs() != null) {
            for (KeyValuePair p : e.getKeyValuePairs()) {
                out.put(p.key, p.value);
            }
        }
        return out;
    }

    /** The top-level fields of a JSON line, read one by one so that a name written twice is seen twice. */
    private static Map<String, List<JsonNode>> fields(String line) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        try (JsonParser p = json.createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken(), line);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                out.computeIfAbsent(name, k -> new ArrayList<>()).add(json.readTree(p));
            }
            assertEquals(null, p.nextToken(), () -> "one object per line: " + line);
        }
        return out;
    }

    private static JsonNode one(Map<String, List<JsonNode>> fields, String name, String line) {
        List<JsonNode> values = fields.get(name);
        assertTrue(values != null && values.size() == 1, () -> name + " once in " + line);
        return values.get(0);
    }

    /** A stream whose writes wait until {@link #release()}: the console of a slow or stalled pipe. */
    private static final class HeldStream extends ByteArrayOutputStream {
        private final CountDownLatch released = new CountDownLatch(1);

        void release() {
            released.countDown();
        }

        private void await() {
            try {
                if (!released.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void write(int b) {
            await();
            super.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            await();
            super.write(b, off, len);
        }
    }

    private static LoggerContext configure(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.putProperty(Main.LOG_FORMAT_PROPERTY, format);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL config = Objects.requireNonNull(Main.class.getResource("/logback.xml"), "logback.xml");
        configurator.doConfigure(config);
        return context;
    }

    private static Logger root(LoggerContext context) {
        return context.getLogger(Logger.ROOT_LOGGER_NAME);
    }

    /** The appender that encodes: OUT itself (console), or the one behind the asynchronous OUT (json). */
    @SuppressWarnings("unchecked")
    private static OutputStreamAppender<ILoggingEvent> appender(LoggerContext context) {
        Appender<ILoggingEvent> out = Objects.requireNonNull(root(context).getAppender("OUT"), "OUT");
        if (out instanceof AsyncAppender async) {
            out = Objects.requireNonNull(async.getAppender("JSON"), "JSON");
        }
        return (OutputStreamAppender<ILoggingEvent>) out;
    }

    private static String render(LoggerContext context, String message, Map<String, Object> pairs,
            Map<String, String> mdc) {
        Logger logger = context.getLogger("faultline.http");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN, message, null, null);
        List<KeyValuePair> kvps = pairs.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new KeyValuePair(e.getKey(), e.getValue()))
                .toList();
        event.setKeyValuePairs(new ArrayList<>(kvps));
        event.setMDCPropertyMap(mdc);
        byte[] bytes = appender(context).getEncoder().encode(event);
        return new String(bytes, StandardCharsets.UTF_8).strip();
    }

    private static String statusLog(LoggerContext context) {
        StringBuilder sb = new StringBuilder();
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            sb.append(s).append('\n');
        }
        return sb.toString();
    }
}
