package dev.faultline.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Reading request bodies and writing JSON responses with one shared Jackson mapper. */
final class Json {

    /** Strict: trailing content and duplicate keys are malformed JSON. Thread-safe once built. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    /**
     * Parses a request body. Malformed JSON throws Jackson's own exception, which Faultline classifies
     * as a validation failure (400).
     *
     * @return the tree; a missing node for an empty body
     */
    static JsonNode parse(byte[] body) throws IOException {
        JsonNode tree = MAPPER.readTree(body);
        return tree != null ? tree : MAPPER.missingNode();
    }

    /** {@code value} as JSON bytes. */
    static byte[] bytes(Object value) throws JsonProcessingException {
        return MAPPER.writeValueAsBytes(value);
    }

    /** Writes {@code value} as the JSON response body with {@code status}. */
    static void send(HttpServerExchange exchange, int status, Object value) throws JsonProcessingException {
        byte[] bytes = MAPPER.writeValueAsBytes(value);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }
}
