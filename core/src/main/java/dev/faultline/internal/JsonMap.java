package dev.faultline.internal;

import java.util.LinkedHashMap;

/**
 * An ordered map whose {@link #toString()} is its compact JSON, so that a log backend that renders
 * key-value pairs with {@code toString()} (Logback's {@code JsonEncoder}) still gets JSON, and one that
 * serialises maps (logstash-logback-encoder) gets an object. Not API.
 */
public final class JsonMap extends LinkedHashMap<String, Object> {

    private static final long serialVersionUID = 1L;

    public JsonMap() {
        super(16);
    }

    @Override
    public String toString() {
        return new String(Json.bytes(this), java.nio.charset.StandardCharsets.UTF_8);
    }
}
