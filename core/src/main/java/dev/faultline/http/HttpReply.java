package dev.faultline.http;

import java.util.List;
import java.util.Map;

/**
 * A complete response the core hands an adapter to write as it is: a problem ({@link ErrorReply}) or
 * a monitoring endpoint's JSON. The headers include {@code Content-Type}.
 */
public interface HttpReply {

    /** The HTTP status. */
    int status();

    /** Header names and values, in order. */
    List<Map.Entry<String, String>> headers();

    /** The body bytes; do not modify. */
    byte[] body();
}
