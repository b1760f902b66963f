package dev.faultline.jaxrs;

import dev.faultline.http.HttpReply;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Writes the core's replies as Jakarta REST responses: status, headers and a {@code byte[]} entity. */
final class Replies {

    private static final Annotation[] NONE = new Annotation[0];

    /** {@link dev.faultline.http.HttpReply#ENTITY_HEADERS}: what described the application's own body. */
    private static final java.util.List<String> ENTITY_HEADERS = dev.faultline.http.HttpReply.ENTITY_HEADERS;

    private Replies() {
    }

    /** A complete response for {@code ContainerRequestContext.abortWith}. */
    static Response response(HttpReply reply) {
        Response.ResponseBuilder b = Response.status(reply.status());
        String type = null;
        for (Map.Entry<String, String> h : reply.headers()) {
            if (h.getKey().equalsIgnoreCase("Content-Type")) {
                type = h.getValue();
            } else {
                b.header(h.getKey(), h.getValue());
            }
        }
        return b.entity(reply.body()).type(type != null ? MediaType.valueOf(type) : MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Replaces the response's status, body and body headers with the reply's, keeping its other headers. */
    static void apply(ContainerResponseContext response, HttpReply reply) {
        response.setStatus(reply.status());
        MultivaluedMap<String, Object> headers = response.getHeaders();
        for (String stale : ENTITY_HEADERS) {
            headers.remove(stale);
        }
        String type = null;
        Set<String> replaced = new HashSet<>();
        for (Map.Entry<String, String> h : reply.headers()) {
            String name = h.getKey();
            if (name.equalsIgnoreCase("Content-Type")) {
                type = h.getValue();
            } else if (replaced.add(name.toLowerCase(Locale.ROOT))) {
                headers.putSingle(name, h.getValue());
            } else {
                headers.add(name, h.getValue());
            }
        }
        response.setEntity(reply.body(), NONE, type != null ? MediaType.valueOf(type) : MediaType.APPLICATION_JSON_TYPE);
    }
}
