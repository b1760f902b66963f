package dev.faultline.jaxrs;

import dev.faultline.error.Problem;
import dev.faultline.http.HttpReply;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps every throwable the runtime does not map more specifically to a {@link Failure} entity that the
 * response filter turns into a problem. A {@code WebApplicationException} keeps its status and the
 * headers of its response ({@code Allow} of a 405); one that is not an error (a redirect) or that
 * carries its own entity is the application's complete answer and goes out unchanged.
 */
final class ThrowableMapper implements ExceptionMapper<Throwable> {

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable t = thrown;
        // a CompletionStage that failed: what failed is inside
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof WebApplicationException wae && wae.getResponse() != null) {
            Response r = wae.getResponse();
            int status = r.getStatus();
            if (!HttpReply.isProblemStatus(status) || r.hasEntity()) {
                return r;
            }
            return Response.fromResponse(r).entity(new Failure(t, status)).type(Problem.MEDIA_TYPE).build();
        }
        return Response.serverError().entity(new Failure(t, 0)).type(Problem.MEDIA_TYPE).build();
    }
}
