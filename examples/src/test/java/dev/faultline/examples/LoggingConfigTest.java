package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
                Map.of("request_id", "abc123", "status", 404), Map.of("request_id", "abc123"));
        if (format.equals("json")) {
            JsonNode json = new ObjectMapper().readTree(line);
            assertEquals("faultline.http", json.path("loggerName").asText());
            assertEquals("request completed", json.path("formattedMessage").asText());
            assertEquals("abc123", json.path("mdc").path("request_id").asText());
            assertTrue(json.path("kvpList").toString().contains("\"request_id\":\"abc123\""), line);
        } else {
            assertTrue(line.contains("request completed"), line);
            assertTrue(line.contains("request_id=\"abc123\""), line);
            assertTrue(line.contains("status=\"404\""), line);
            assertTrue(line.contains("{request_id=abc123}"), line);
        }
        context.stop();
    }

    @Test
    @DisplayName("uses the JSON encoder for json")
    void jsonEncoder() throws Exception {
        LoggerContext context = configure("json");
        OutputStreamAppender<ILoggingEvent> out = appender(context);
        assertInstanceOf(JsonEncoder.class, out.getEncoder());
        context.stop();
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

    @SuppressWarnings("unchecked")
    private static OutputStreamAppender<ILoggingEvent> appender(LoggerContext context) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        return (OutputStreamAppender<ILoggingEvent>) Objects.requireNonNull(root.getAppender("OUT"), "OUT");
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
