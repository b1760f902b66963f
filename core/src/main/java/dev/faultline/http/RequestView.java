package dev.faultline.http;

import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * What an adapter shows the core of an incoming request. The core reads it lazily, often after the
 * application ran (the route template is only known then), so implementations read from the live
 * server request rather than copying it up front. Implementations need not be thread-safe: the core
 * reads a view from one thread at a time.
 */
public interface RequestView {

    /** The HTTP method, upper case. */
    String method();

    /** The raw (not decoded) path, without the query string. */
    String path();

    /**
     * The route template the server matched ({@code /videos/{id}}), or {@code null} when the server
     * knows none or nothing matched.
     */
    default @Nullable String routeTemplate() {
        return null;
    }

    /** The raw query string without the leading {@code ?}, or {@code null}. */
    @Nullable String query();

    /** The first value of a header (case-insensitive name), or {@code null}. */
    @Nullable String header(String name);

    /** Calls {@code action} for every header value, in the order the server keeps them. */
    void forEachHeader(BiConsumer<String, String> action);

    /** The peer's IP address as the socket sees it (not forwarded headers), or {@code null}. */
    @Nullable String remoteAddress();

    /** {@code http} or {@code https}. */
    default String scheme() {
        return "http";
    }

    /** The {@code Content-Type} header, or {@code null}. */
    default @Nullable String contentType() {
        return header("Content-Type");
    }

    /** The declared body length, or -1 when unknown. */
    default long contentLength() {
        String v = header("Content-Length");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
