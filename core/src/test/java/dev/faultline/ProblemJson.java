package dev.faultline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict parsing of rendered bodies, independent of the production mapper: the bytes must be
 * well-formed UTF-8 and exactly one JSON object with no duplicate members.
 */
final class ProblemJson {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ProblemJson() {
    }

    /** Parses {@code body}; fails the test (by throwing) unless it is strict UTF-8 JSON holding an object. */
    static JsonNode parse(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("body is not well-formed UTF-8", e);
        }
        JsonNode node;
        try {
            node = STRICT.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("body is not valid JSON: " + text, e);
        }
        if (node == null || !node.isObject()) {
            throw new AssertionError("body is not a JSON object: " + text);
        }
        return node;
    }

    /**
     * What a string must read back as: {@code s} with every unpaired UTF-16 surrogate replaced by
     * U+FFFD (an oracle written independently of the production code).
     */
    static String repaired(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> b.appendCodePoint(cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp));
        return b.toString();
    }
}
