package dev.faultline.jaxrs;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * The last line of defence: writes a {@link Failure} that no response filter turned into a problem
 * (only possible if another provider removed Faultline's filter from the chain) as a generic 500
 * problem, without any detail of the failure.
 */
final class FailureWriter implements MessageBodyWriter<Failure> {

    private static final byte[] GENERIC = ("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500,"
            + "\"detail\":\"An unexpected error occurred.\"}").getBytes(StandardCharsets.UTF_8);

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return Failure.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(Failure failure, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws java.io.IOException {
        entityStream.write(GENERIC);
    }
}
