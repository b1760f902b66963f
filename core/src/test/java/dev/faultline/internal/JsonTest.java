package dev.faultline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Json")
class JsonTest {

    @Test
    @DisplayName("safe() returns the same instance when there is no unpaired surrogate")
    void safeSameInstance() {
        String s = "plain \"text\" \u00e9 \uD83D\uDE00";
        assertSame(s, Json.safe(s));
    }

    @Test
    @DisplayName("safe() replaces each unpaired surrogate by U+FFFD and keeps pairs")
    void safeRepairs() {
        assertEquals("\uFFFD", Json.safe("\uD800"));
        assertEquals("\uFFFD", Json.safe("\uDC00"));
        assertEquals("a\uFFFDb\uD83D\uDE00\uFFFD", Json.safe("a\uDC00b\uD83D\uDE00\uD83D"));
        assertEquals("\uFFFD\uFFFD", Json.safe("\uDC00\uD800"));
        assertEquals("\uFFFD\uD83D\uDE00", Json.safe("\uD83D\uD83D\uDE00"));
    }

    @Test
    @DisplayName("bytes() writes valid JSON for strings, keys and nested values with unpaired surrogates")
    void bytesSafe() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("k\uD800", List.of("v\uDC00", Map.of("n\uDBFF", "\uDFFF")));
        byte[] json = Json.bytes(value);
        Map<?, ?> back = new ObjectMapper().readValue(new String(json, StandardCharsets.UTF_8), Map.class);
        assertEquals(Map.of("k\uFFFD", List.of("v\uFFFD", Map.of("n\uFFFD", "\uFFFD"))), back);
    }
}
