package dev.faultline.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON rendering shared by the core: one {@link ObjectMapper} whose strings are made safe (unpaired
 * surrogates replaced by U+FFFD) so that every document it writes is valid UTF-8 JSON. Not API.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("faultline-safe-strings")
                    .addSerializer(String.class, new SafeStringSerializer())
                    .addKeySerializer(String.class, new SafeKeySerializer()))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {
    }

    /** The shared mapper; safe strings, ISO dates. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serialises any value to UTF-8 JSON bytes. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code s} with every unpaired UTF-16 surrogate replaced by U+FFFD; the same instance when there
     * is none (the common case allocates nothing).
     */
    public static String safe(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return repair(s, i);
            }
        }
        return s;
    }

    private static String repair(String s, int from) {
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, from);
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                b.append('\uFFFD');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static final class SafeStringSerializer extends JsonSerializer<String> {
        @Override
        public void serialize(String value, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(safe(value));
        }
    }

    private static final class SafeKeySerializer extends JsonSerializer<String> {
        @Override
        public void serialize(String value, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeFieldName(safe(value));
        }
    }
}
