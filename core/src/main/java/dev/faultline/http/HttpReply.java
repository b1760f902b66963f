package dev.faultline.http;

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
}
