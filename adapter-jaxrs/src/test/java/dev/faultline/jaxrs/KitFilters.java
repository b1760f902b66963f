package dev.faultline.jaxrs;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;

/** Filters an application may have in front of or behind Faultline's. */
final class KitFilters {

    private KitFilters() {
    }

    /** A header naming the user, as an authentication filter would establish it. */
    static final String USER_HEADER = "X-Kit-User";
    /** A header that makes {@link Gate} refuse the request before Faultline's filter runs. */
    static final String REFUSE_HEADER = "X-Kit-Refuse";

    /** An authentication filter that tells Faultline the user through {@link FaultlineFeature#requestContext}. */
    public static final class User implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            String user = request.getHeaderString(USER_HEADER);
            if (user != null) {
                FaultlineFeature.requestContext(request).ifPresent(r -> r.userId(user));
            }
        }
    }

    /** A pre-matching filter placed ahead of Faultline's that answers a bare 503 on its own. */
    @PreMatching
    @Priority(FaultlineFeature.PRIORITY - 1)
    public static final class Gate implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            if (request.getHeaderString(REFUSE_HEADER) != null) {
                request.abortWith(Response.status(503).header("Retry-After", "7").build());
            }
        }
    }
}
