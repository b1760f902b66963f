package dev.faultline.jaxrs;

import dev.faultline.http.HttpReply;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.util.Map;

/** Writes the core's replies as Jakarta REST responses: status, headers and a {@code byte[]} entity. */
final class Replies {

    private static final Annotation[] NONE = new Annotation[0];

    private Replies() {
    }

    /** A complete response for {@code ContainerRequestContext.abortWith}. */
    static Response response(HttpReply reply) {
        Response.ResponseBuilder b = Response.status(reply.status());
        reply.writeHeaders(new HttpReply.HeaderWriter() {
            @Override
            public void set(String name, String value) {
                if (!name.equalsIgnoreCase("Content-Type")) { // the entity's type, below
                    b.header(name, null).header(name, value);
                }
            }

            @Override
            public void add(String name, String value) {
                b.header(name, value);
            }
        });
        return b.entity(reply.body()).type(type(reply)).build();
    }

    /** Replaces the response's status, body and body headers with the reply's, keeping its other headers. */
    static void apply(ContainerResponseContext response, HttpReply reply) {
        response.setStatus(reply.status());
        MultivaluedMap<String, Object> headers = response.getHeaders();
        for (String stale : HttpReply.ENTITY_HEADERS) { // what described the application's own body
            headers.remove(stale);
        }
        reply.writeHeaders(new HttpReply.HeaderWriter() {
            @Override
            public void set(String name, String value) {
                if (!name.equalsIgnoreCase("Content-Type")) { // the entity's type, below
                    headers.putSingle(name, value);
                }
            }

            @Override
            public void add(String name, String value) {
                headers.add(name, value);
            }
        });
        response.setEntity(reply.body(), NONE, type(reply));
    }

    /** The reply's content type as the entity's media type. */
    private static MediaType type(HttpReply reply) {
        for (Map.Entry<String, String> h : reply.headers()) {
            if (h.getKey().equalsIgnoreCase("Content-Type")) {
                return MediaType.valueOf(h.getValue());
            }
        }
        return MediaType.APPLICATION_JSON_TYPE;
    }
}
