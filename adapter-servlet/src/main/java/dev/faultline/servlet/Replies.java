package dev.faultline.servlet;

import dev.faultline.http.HttpReply;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Writes the core's replies (problems, recovered responses, monitoring JSON) onto a servlet response. */
final class Replies {

    private Replies() {
    }

    /**
     * Replaces whatever the response holds with {@code reply}. {@code reset()} clears the status,
     * the headers, the buffer and which of writer or stream was taken; the headers that must stay are
     * copied before and added back, unless the container restored them itself.
     *
     * @throws IllegalStateException if the response is committed
     */
    static void write(HttpServletResponse response, HttpReply reply) throws IOException {
        Set<String> replaced = new HashSet<>();
        for (Map.Entry<String, String> h : reply.headers()) {
            replaced.add(h.getKey().toLowerCase(Locale.ROOT));
        }
        Map<String, List<String>> kept = new LinkedHashMap<>();
        for (String name : headerNames(response)) {
            String lower = name.toLowerCase(Locale.ROOT);
            // what described the application's body goes; the others (WWW-Authenticate, Allow, CORS,
            // cookies, the request id) stay
            if (!HttpReply.isEntityHeader(name) && !replaced.contains(lower)) {
                kept.put(name, new ArrayList<>(response.getHeaders(name)));
            }
        }
        response.reset();
        kept.forEach((name, values) -> {
            if (!response.containsHeader(name)) { // Jetty puts its own Date and Server back in reset()
                values.forEach(v -> response.addHeader(name, v));
            }
        });
        response.setStatus(reply.status());
        reply.writeHeaders(headers(response));
        byte[] body = reply.body();
        response.setContentLength(body.length);
        ServletOutputStream out;
        try {
            out = response.getOutputStream();
        } catch (IllegalStateException writerTaken) {
            // a container whose reset() keeps the writer: write the (ASCII-escaped JSON) body as text
            PrintWriter writer = response.getWriter();
            writer.write(new String(body, StandardCharsets.UTF_8));
            return;
        }
        out.write(body);
    }

    /**
     * A servlet response's headers, as the core's replies write them: {@code Content-Type} through
     * {@code setContentType}; {@code Content-Length} left to the caller, which sets it from the body.
     */
    static HttpReply.HeaderWriter headers(HttpServletResponse response) {
        return new HttpReply.HeaderWriter() {
            @Override
            public void set(String name, String value) {
                if (name.equalsIgnoreCase("Content-Type")) {
                    response.setContentType(value);
                } else if (!name.equalsIgnoreCase("Content-Length")) {
                    response.setHeader(name, value);
                }
            }

            @Override
            public void add(String name, String value) {
                if (!name.equalsIgnoreCase("Content-Length")) {
                    response.addHeader(name, value);
                }
            }
        };
    }

    /** The response's header names, each once (Tomcat repeats a name per value). */
    static Collection<String> headerNames(HttpServletResponse response) {
        Collection<String> names = response.getHeaderNames();
        if (names == null || names.isEmpty()) {
            return List.of();
        }
        Map<String, String> unique = new LinkedHashMap<>();
        for (String name : names) {
            unique.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
        }
        return unique.values();
    }

    /** The value of a reply's header, or {@code null}. */
    static @Nullable String header(HttpReply reply, String name) {
        for (Map.Entry<String, String> h : reply.headers()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }
}
