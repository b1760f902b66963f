package dev.faultline.examples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
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

    /** How deep arrays and objects may nest in a request body (Jackson's default: 500). */
    static final int MAX_NESTING_DEPTH = 32;
    /** How many characters a number may have (Jackson's default: 1,000). */
    static final int MAX_NUMBER_LENGTH = 40;
    /** How many characters a string value may have (Jackson's default: 20,000,000). */
    static final int MAX_STRING_LENGTH = 20_000;
    /** How many characters a property name may have (Jackson's default: 50,000). */
    static final int MAX_NAME_LENGTH = 200;
    /** How many bytes a whole document may have: the body cap of the routes that read one. */
    static final long MAX_DOCUMENT_LENGTH = VideoApi.MAX_BODY_BYTES;

    /**
     * The limits every request body is parsed under, far below Jackson's defaults: a video has a few
     * short fields, so a body that nests 20,000 arrays, carries a number of 30,000 digits or a string of
     * megabytes is refused by the parser before it costs anything. What the parser refuses it throws as
     * its own exception ({@code StreamConstraintsException}, a {@code JsonProcessingException}), which
     * Faultline's classifier answers with a 400 problem: the application catches nothing.
     */
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .maxDocumentLength(MAX_DOCUMENT_LENGTH)
            .build();

    /** Strict: trailing content and duplicate keys are malformed JSON; {@link #LIMITS}. Thread-safe once built. */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(LIMITS).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    /**
     * Parses a request body under {@link #LIMITS}. Malformed JSON, or JSON past a limit, throws
     * Jackson's own exception, which Faultline classifies as a validation failure (400).
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
