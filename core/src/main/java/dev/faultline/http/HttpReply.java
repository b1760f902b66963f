package dev.faultline.http;

import dev.faultline.internal.Preconditions;
import java.util.List;
import java.util.Map;

/**
 * A complete response the core hands an adapter to write as it is: a problem ({@link ErrorReply}) or
 * a monitoring endpoint's JSON. The headers include {@code Content-Type}.
 */
public interface HttpReply {

    /**
     * Headers that describe a response body; an adapter removes the application's values of these
     * before a reply replaces the body, and keeps the others ({@code Allow}, {@code WWW-Authenticate},
     * CORS headers, cookies).
     */
    List<String> ENTITY_HEADERS = List.of("Content-Type", "Content-Length", "Content-Encoding",
            "Transfer-Encoding", "Content-Disposition", "Content-Range", "Content-Language", "Content-Location",
            "ETag", "Last-Modified", "Cache-Control", "Expires", "Location");

    /** The HTTP status. */
    int status();

    /** Header names and values, in order. */
    List<Map.Entry<String, String>> headers();

    /** The body bytes; do not modify. */
    byte[] body();

    /**
     * A reply with the given status, headers (which should include {@code Content-Type}) and body.
     *
     * @throws IllegalArgumentException if {@code status} is not from 100 to 599
     */
    static HttpReply of(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        if (status < 100 || status > 599) {
            throw Preconditions.invalid("status", "must be from 100 to 599, was " + status);
        }
        return new Simple(status, List.copyOf(headers), java.util.Objects.requireNonNull(body, "body"));
    }

    /** The reply of {@link #of}. */
    record Simple(int status, List<Map.Entry<String, String>> headers, byte[] body) implements HttpReply {
    }
}
