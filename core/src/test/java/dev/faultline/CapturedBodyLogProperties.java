package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import dev.faultline.http.BodyCapture;
import dev.faultline.testkit.TestRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.slf4j.LoggerFactory;

/**
 * A JSON body cut by the capture cap still gives a log event that a JSON log backend renders as valid
 * JSON, with the body as a string marked truncated and no part of a planted secret.
 */
@Label("Captured bodies in log events")
class CapturedBodyLogProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("abc xyz\"\\\n\t{}[]:,<>/\u00e9\u4e2d\uD83D\uDE00").ofMaxLength(40);
    }

    @Property(tries = 150)
    @Label("a JSON body cut anywhere yields a valid JSON log event without the secret")
    void truncatedJsonBody(@ForAll("texts") String title, @ForAll("texts") String note,
            @ForAll @IntRange(min = 8, max = 300) int cap, @ForAll @IntRange(min = 0, max = 4) int depth) throws Exception {
        String secret = "Zq" + Integer.toHexString(title.hashCode() ^ 0x5f3759df) + "SECRETXj";
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("title", title);
        doc.put("auth", Map.of("password", secret, "note", note));
        doc.put("tags", List.of(note, title, 42));
        Object body = doc;
        for (int d = 0; d < depth; d++) {
            body = Map.of("level" + d, body, "n", d);
        }
        byte[] bytes = JSON.writeValueAsBytes(body);

        Faultline f = Faultline.builder().settings(n -> null)
                .logging(l -> l.logRequestBody(true).maxBodyBytes(cap))
                .build();
        try (LogCapture logs = LogCapture.of("faultline.http")) {
            Exchange x = f.open(TestRequest.of("POST", "/videos").header("Content-Type", "application/json")
                    .header("X-Request-Id", "cut-1"));
            BodyCapture capture = x.requestCapture().orElseThrow();
            for (int i = 0; i < bytes.length; i += 7) { // in chunks, as a server reads
                capture.write(bytes, i, Math.min(7, bytes.length - i));
            }
            x.close(ResponseView.of(201, 0));
            ILoggingEvent event = logs.withMessage("request completed").get(0);
            JsonNode line = JSON.readTree(render(event)); // the line a JSON backend writes is valid JSON
            String logged = null;
            boolean truncated = false;
            for (JsonNode pair : line.path("kvpList")) {
                if (pair.has("request_body")) {
                    logged = pair.get("request_body").asText();
                }
                if (pair.has("request_body_truncated")) {
                    truncated = pair.get("request_body_truncated").asBoolean();
                }
            }
            assertTrue(logged != null, line::toString);
            assertEquals(bytes.length > cap, truncated, "marked truncated exactly when cut");
            for (int i = 0; i + 8 <= secret.length(); i++) {
                assertFalse(logged.contains(secret.substring(i, i + 8)), logged);
            }
        }
    }

    private static String render(ILoggingEvent event) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        encoder.start();
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
}
