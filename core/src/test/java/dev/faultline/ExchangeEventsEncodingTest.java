package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import dev.faultline.testkit.TestRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The completion and error lines written through the encoders users put behind them, parsed back and
 * checked field by field.
 *
 * <p>Regression: {@code request_id} and {@code user_id} were both in the MDC (while the request was
 * bound) and among the event's key-value pairs, so logstash-logback-encoder refused every
 * {@code faultline.http} and {@code faultline.error} line emitted inside the application's binding as
 * a duplicate field, and the appender dropped it.
 */
@DisplayName("Faultline's log lines through real encoders: each field once, parsed back")
class ExchangeEventsEncodingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KVP = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** An encoder, and how to read one of its lines back into flat fields (each source counted). */
    enum Format {
        LOGBACK_JSON(JsonEncoder::new) {
            @Override
            Map<String, List<String>> parse(String line) throws Exception {
                JsonNode n = JSON.readTree(line);
                Map<String, List<String>> out = new LinkedHashMap<>();
                add(out, "logger", n.path("loggerName").asText());
                add(out, "level", n.path("level").asText());
                add(out, "message", n.path("message").asText());
                n.path("mdc").properties().forEach(f -> add(out, f.getKey(), f.getValue().asText()));
                for (JsonNode pair : n.path("kvpList")) {
                    pair.properties().forEach(f -> add(out, f.getKey(), f.getValue().asText()));
                }
                if (n.hasNonNull("throwable")) {
                    add(out, "stack", n.path("throwable").toString());
                }
                return out;
            }
        },
        LOGSTASH(LogstashEncoder::new) {
            @Override
            Map<String, List<String>> parse(String line) throws Exception {
                // read field by field, so that a name written twice is seen twice (a tree keeps the last)
                Map<String, List<String>> out = new LinkedHashMap<>();
                try (JsonParser p = JSON.createParser(line)) {
                    assertEquals(JsonToken.START_OBJECT, p.nextToken());
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = switch (p.currentName()) {
                            case "logger_name" -> "logger";
                            case "stack_trace" -> "stack";
                            default -> p.currentName();
                        };
                        p.nextToken();
                        JsonNode value = JSON.readTree(p);
                        add(out, name, value.isValueNode() ? value.asText() : value.toString());
                    }
                }
                return out;
            }
        },
        PATTERN(() -> {
            PatternLayoutEncoder p = new PatternLayoutEncoder();
            p.setPattern("%level|%logger|%msg|%X|%kvp%n%ex");
            return p;
        }) {
            @Override
            Map<String, List<String>> parse(String line) {
                String[] parts = line.split("\\|", 5);
                Map<String, List<String>> out = new LinkedHashMap<>();
                add(out, "level", parts[0]);
                add(out, "logger", parts[1]);
                add(out, "message", parts[2]);
                if (!parts[3].isEmpty()) {
                    for (String entry : parts[3].split(", ")) {
                        int eq = entry.indexOf('=');
                        add(out, entry.substring(0, eq), entry.substring(eq + 1));
                    }
                }
                Matcher m = KVP.matcher(parts[4]);
                while (m.find()) {
                    add(out, m.group(1), m.group(2));
                }
                return out;
            }
        };

        private final Supplier<Encoder<ILoggingEvent>> encoder;

        Format(Supplier<? extends Encoder<ILoggingEvent>> encoder) {
            this.encoder = encoder::get;
        }

        abstract Map<String, List<String>> parse(String line) throws Exception;

        private static void add(Map<String, List<String>> out, String name, String value) {
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    private final Faultline faultline = Faultline.builder()
            .settings(name -> null)
            .environment(Environment.PRODUCTION)
            .build();

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final List<Logger> loggers = List.of(context.getLogger("faultline.http"), context.getLogger("faultline.error"),
            context.getLogger("faultline.business"), context.getLogger("faultline.audit"));
    private final List<Level> previousLevels = new ArrayList<>();
    private int statusCountBefore;

    private void start(Format format) {
        Encoder<ILoggingEvent> encoder = format.encoder.get();
        encoder.setContext(context);
        encoder.start();
        appender.setContext(context);
        appender.setName("encoding-test-" + format);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        statusCountBefore = context.getStatusManager().getCount();
        for (Logger l : loggers) {
            previousLevels.add(l.getLevel());
            l.setLevel(Level.INFO);
            l.setAdditive(false);
            l.addAppender(appender);
        }
    }

    @BeforeEach
    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @AfterEach
    void detach() {
        for (int i = 0; i < previousLevels.size(); i++) {
            Logger l = loggers.get(i);
            l.detachAppender(appender);
            l.setAdditive(true);
            l.setLevel(previousLevels.get(i));
        }
        appender.stop();
    }

    /** The lines written, each parsed; fails on any error the appender or encoder reported. */
    private List<Map<String, List<String>>> lines(Format format) throws Exception {
        List<Status> statuses = context.getStatusManager().getCopyOfStatusList();
        for (Status s : statuses.subList(Math.min(statusCountBefore, statuses.size()), statuses.size())) {
            assertTrue(s.getLevel() < Status.ERROR, () -> "the appender reported: " + s);
        }
        List<Map<String, List<String>>> parsed = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            // a pattern layout's stack trace follows its line: frames start with a tab or "Caused by"
            if (line.isBlank() || line.startsWith("\t") || line.startsWith("java.") || line.startsWith("Caused by")) {
                continue;
            }
            parsed.add(format.parse(line));
        }
        return parsed;
    }

    private static String one(Map<String, List<String>> line, String field) {
        List<String> values = line.get(field);
        assertTrue(values != null, () -> field + " missing from " + line);
        assertEquals(1, values.size(), () -> field + " appears " + values.size() + " times in " + line);
        return values.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    @DisplayName("lines logged while the request is bound: each field once, none lost, the MDC restored")
    void whileBound(Format format) throws Exception {
        start(format);
        Exchange x = faultline.open(TestRequest.of("PUT", "/videos/42").route("/videos/{id}")
                .header("X-Request-Id", "enc-1").header("User-Agent", "probe/1"));
        try (Exchange.Scope scope = x.bind()) {
            x.userId("alice");
            assertEquals(503, x.fail(new SQLException("connection refused")).status());
            x.close(ResponseView.of(503, 120));
            assertEquals("enc-1", MDC.get("request_id"), "the application's later lines still carry the id");
            assertEquals("alice", MDC.get("user_id"));
        }
        List<Map<String, List<String>>> lines = lines(format);
        assertEquals(2, lines.size(), () -> "lines: " + lines);
        checkError(lines.get(0));
        checkCompletion(lines.get(1));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    @DisplayName("lines logged where no request is bound carry the same fields")
    void unbound(Format format) throws Exception {
        start(format);
        Exchange x = faultline.open(TestRequest.of("PUT", "/videos/42").route("/videos/{id}")
                .header("X-Request-Id", "enc-1").header("User-Agent", "probe/1"));
        x.userId("alice");
        x.fail(new SQLException("connection refused"));
        x.close(ResponseView.of(503, 120));
        List<Map<String, List<String>>> lines = lines(format);
        assertEquals(2, lines.size(), () -> "lines: " + lines);
        checkError(lines.get(0));
        checkCompletion(lines.get(1));
        assertEquals(null, MDC.get("request_id"), "nothing left in the MDC");
    }

    private static void checkError(Map<String, List<String>> e) {
        assertAll("request failed",
                () -> assertEquals("faultline.error", one(e, "logger")),
                () -> assertEquals("ERROR", one(e, "level")),
                () -> assertEquals("request failed", one(e, "message")),
                () -> assertEquals("enc-1", one(e, "request_id")),
                () -> assertEquals("alice", one(e, "user_id")),
                () -> assertEquals("database", one(e, "error_type")),
                () -> assertEquals("critical", one(e, "severity")),
                () -> assertEquals("503", one(e, "status")),
                () -> assertEquals("PUT", one(e, "method")),
                () -> assertEquals("/videos/42", one(e, "path")),
                () -> assertEquals("/videos/{id}", one(e, "endpoint")),
                () -> assertEquals(SQLException.class.getName(), one(e, "exception")));
        if (e.containsKey("stack")) { // the pattern layout writes the trace on the lines after
            assertTrue(one(e, "stack").contains("SQLException"), () -> "stack trace: " + e.get("stack"));
        }
    }

    private static void checkCompletion(Map<String, List<String>> c) {
        assertAll("request completed",
                () -> assertEquals("faultline.http", one(c, "logger")),
                () -> assertEquals("request completed", one(c, "message")),
                () -> assertEquals("enc-1", one(c, "request_id")),
                () -> assertEquals("alice", one(c, "user_id")),
                () -> assertEquals("PUT", one(c, "method")),
                () -> assertEquals("/videos/42", one(c, "path")),
                () -> assertEquals("/videos/{id}", one(c, "endpoint")),
                () -> assertEquals("503", one(c, "status")),
                () -> assertEquals("0", one(c, "bytes_in")),
                () -> assertEquals("120", one(c, "bytes_out")),
                () -> assertEquals("probe/1", one(c, "user_agent")),
                () -> assertEquals("database", one(c, "error_type")),
                () -> assertTrue(Double.parseDouble(one(c, "duration_ms")) >= 0));
        assertFalse(c.containsKey("stack"), "no stack trace on the completion line");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    @DisplayName("business and audit lines logged while the request is bound carry each field once too")
    void businessAndAudit(Format format) throws Exception {
        start(format);
        Exchange x = faultline.open(TestRequest.get("/videos").header("X-Request-Id", "enc-2"));
        try (Exchange.Scope scope = x.bind()) {
            x.userId("alice");
            faultline.business().event("video_created", Map.of("video_id", "v-1"));
            faultline.audit().authentication(true, "alice", "password", null);
            assertEquals("enc-2", MDC.get("request_id"));
        }
        List<Map<String, List<String>>> lines = lines(format);
        assertEquals(2, lines.size(), () -> "lines: " + lines);
        for (Map<String, List<String>> line : lines) {
            assertEquals("enc-2", one(line, "request_id"));
            assertEquals("alice", one(line, "user_id"));
        }
        assertEquals("v-1", one(lines.get(0), "video_id"));
        assertEquals("authentication", one(lines.get(1), "audit_type"));
    }
}
