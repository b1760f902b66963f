package dev.faultline.http;

import dev.faultline.error.Classification;
import dev.faultline.error.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A complete response the adapter writes as it is: status, headers (including {@code Content-Type},
 * {@code X-Request-Id} and, where known, {@code Retry-After}) and body. Immutable and thread-safe.
 *
 * @param status the HTTP status
 * @param headers header names and values, in order
 * @param body the body bytes (do not modify)
 * @param classification how the failure behind this reply was classified
 */
public record ErrorReply(int status, List<Map.Entry<String, String>> headers, byte[] body,
        Classification classification) implements HttpReply {

    public ErrorReply {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(classification, "classification");
        headers = List.copyOf(headers);
    }

    /** The {@code Content-Type} of the body. */
    public String contentType() {
        String ct = header("Content-Type");
        return ct != null ? ct : Problem.MEDIA_TYPE;
    }

    /** The first value of a header, case-insensitively, or {@code null}. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** The body as a UTF-8 string (for tests and logs). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
