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

    /**
     * Whether {@code name} is one of the {@link #ENTITY_HEADERS}, ignoring case.
     *
     * @param name a header name
     * @return whether the header describes a body
     */
    static boolean isEntityHeader(String name) {
        for (String h : ENTITY_HEADERS) {
            if (h.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a response with {@code status} is an error that Faultline answers with a problem: 400 to
     * 599. The one rule every adapter applies to a status the application or the server set without a
     * body ({@link Exchange#failStatus(int)}) and to the status a server's own HTTP exception carries
     * ({@link Exchange#fail(Throwable, int)}); both take only such statuses.
     *
     * @param status an HTTP status
     * @return whether it becomes a problem
     */
    static boolean isProblemStatus(int status) {
        return status >= 400 && status <= 599;
    }

    /** The HTTP status. */
    int status();

    /** Header names and values, in order. */
    List<Map.Entry<String, String>> headers();

    /** The body bytes; do not modify. */
    byte[] body();

    /**
     * Writes the headers onto a server's response: the first value of each name replaces what the
     * response had under that name ({@link HeaderWriter#set}), later values of the same name are added
     * ({@link HeaderWriter#add}), so that a reply with two {@code Link} headers sends both and the
     * application's value of a header the reply sets is gone. Allocates nothing.
     *
     * @param to the server's response headers
     */
    default void writeHeaders(HeaderWriter to) {
        java.util.Objects.requireNonNull(to, "to");
        List<Map.Entry<String, String>> headers = headers();
        for (int i = 0; i < headers.size(); i++) {
            Map.Entry<String, String> h = headers.get(i);
            boolean repeated = false;
            for (int j = 0; j < i && !repeated; j++) {
                repeated = headers.get(j).getKey().equalsIgnoreCase(h.getKey());
            }
            if (repeated) {
                to.add(h.getKey(), h.getValue());
            } else {
                to.set(h.getKey(), h.getValue());
            }
        }
    }

    /**
     * A server's response headers, as {@link #writeHeaders} writes them. Adapters implement it over
     * their server's header API.
     */
    interface HeaderWriter {
        /**
         * Sets a header, replacing every value the response has under that name.
         *
         * @param name the header name
         * @param value its value
         */
        void set(String name, String value);

        /**
         * Adds a value to a header, keeping those it has.
         *
         * @param name the header name
         * @param value the value to add
         */
        void add(String name, String value);
    }

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
