package dev.faultline.examples;

import dev.faultline.jaxrs.FaultlineFeature;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The video API as Jakarta REST resources (the {@code --server jersey} of {@link Main}): each method
 * is a route of {@link VideoApi} whose {@code @Path} template Faultline logs ({@code /videos/{id}}),
 * and calls {@link VideoService}. One root resource per first path segment: with a root resource at
 * {@code /} holding everything, Jersey's matched template would read {@code //videos/{id}}. Throws are left to {@link FaultlineFeature}, which maps them
 * to problem responses; the headers the service sets before throwing (a {@code WWW-Authenticate}
 * challenge) are added to whatever response goes out by {@link PendingHeaders}.
 */
@Path("/videos")
public final class VideoResource {

    /** The request property holding the headers the service set for the response. */
    static final String PENDING_HEADERS = "dev.faultline.examples.headers";

    /** The application property holding the {@link VideoService}. */
    static final String SERVICE_PROPERTY = "dev.faultline.examples.service";

    private final VideoService service;

    /** Per request, with the service from the application's properties ({@link VideoApplication}). */
    public VideoResource(@Context Configuration configuration) {
        this.service = service(configuration);
    }

    /** The service the application was given. */
    static VideoService service(Configuration configuration) {
        return (VideoService) Objects.requireNonNull(configuration.getProperty(SERVICE_PROPERTY), SERVICE_PROPERTY);
    }

    @POST
    @Consumes("*/*")
    public Response create(@Context ContainerRequestContext rc, InputStream body) throws Exception {
        return answer(service.create(call(rc, body)));
    }

    @GET
    public Response list(@Context ContainerRequestContext rc) throws Exception {
        return answer(service.list(call(rc, null)));
    }

    @GET
    @Path("{id}")
    public Response get(@Context ContainerRequestContext rc, @PathParam("id") String id) throws Exception {
        return answer(service.get(call(rc, null), id));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context ContainerRequestContext rc, @PathParam("id") String id) throws Exception {
        return answer(service.delete(call(rc, null), id));
    }

    /** {@code GET /}. (One root resource per first path segment: Jersey's matched template then has no {@code //}.) */
    @Path("/")
    public static final class Index {
        private final VideoService service;

        public Index(@Context Configuration configuration) {
            this.service = service(configuration);
        }

        @GET
        public Response index() {
            return answer(service.index());
        }
    }

    /** {@code POST /login}. */
    @Path("/login")
    public static final class Login {
        private final VideoService service;

        public Login(@Context Configuration configuration) {
            this.service = service(configuration);
        }

        @POST
        @Consumes("*/*")
        public Response login(@Context ContainerRequestContext rc, InputStream body) throws IOException {
            return answer(service.login(call(rc, body)));
        }
    }

    /** {@code GET /slow?ms=N}. */
    @Path("/slow")
    public static final class Slow {
        private final VideoService service;

        public Slow(@Context Configuration configuration) {
            this.service = service(configuration);
        }

        @GET
        public Response slow(@Context ContainerRequestContext rc) throws InterruptedException {
            return answer(service.slow(call(rc, null)));
        }
    }

    /** {@code GET} and {@code POST /admin/database}. */
    @Path("/admin/database")
    public static final class Database {
        private final VideoService service;

        public Database(@Context Configuration configuration) {
            this.service = service(configuration);
        }

        @GET
        public Response databaseState() {
            return answer(service.databaseState());
        }

        @POST
        @Consumes("*/*")
        public Response setDatabaseState(@Context ContainerRequestContext rc) {
            return answer(service.setDatabaseState(call(rc, null)));
        }
    }

    private static Response answer(VideoService.Reply reply) {
        Response.ResponseBuilder r = Response.status(reply.status());
        reply.headers().forEach(r::header);
        if (reply.body() != null) {
            try {
                r.entity(Json.bytes(reply.body())).type("application/json");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return r.build();
    }

    private static VideoService.Call call(ContainerRequestContext rc, @Nullable InputStream body) {
        return new VideoService.Call() {
            @Override
            public List<String> headers(String name) {
                List<String> values = rc.getHeaders().get(name);
                return values == null ? List.of() : values;
            }

            @Override
            public @Nullable String query(String name) {
                return rc.getUriInfo().getQueryParameters().getFirst(name);
            }

            @Override
            public byte[] body() throws IOException {
                return VideoService.readBody(body == null ? InputStream.nullInputStream() : body, rc.getLength(), this);
            }

            @Override
            public void responseHeader(String name, String value) {
                @SuppressWarnings("unchecked")
                Map<String, String> pending = (Map<String, String>) rc.getProperty(PENDING_HEADERS);
                if (pending == null) {
                    pending = new LinkedHashMap<>();
                    rc.setProperty(PENDING_HEADERS, pending);
                }
                pending.put(name, value);
            }

            @Override
            public void actsFor(String user) {
                FaultlineFeature.requestContext(rc).ifPresent(r -> r.userId(user));
            }
        };
    }

    /** Adds the headers the service set (see {@link #PENDING_HEADERS}) to the response, problem or not. */
    public static final class PendingHeaders implements ContainerResponseFilter {
        @Override
        public void filter(ContainerRequestContext req, ContainerResponseContext res) {
            @SuppressWarnings("unchecked")
            Map<String, String> pending = (Map<String, String>) req.getProperty(PENDING_HEADERS);
            if (pending != null) {
                pending.forEach((name, value) -> res.getHeaders().putSingle(name, value));
            }
        }
    }

    /**
     * The application: these resources (per request, as Jakarta REST prefers them; they find the service
     * among the application's properties), the pending headers and Faultline's feature.
     */
    static final class VideoApplication extends Application {
        private final Map<String, Object> properties;
        private final Object faultlineFeature;

        VideoApplication(VideoService service, Object faultlineFeature) {
            this.properties = Map.of(SERVICE_PROPERTY, service,
                    "jersey.config.server.wadl.disableWadl", true); // no JAXB here, no WADL
            this.faultlineFeature = faultlineFeature;
        }

        @Override
        public Set<Class<?>> getClasses() {
            return Set.of(VideoResource.class, Index.class, Login.class, Slow.class, Database.class,
                    PendingHeaders.class);
        }

        @Override
        @SuppressWarnings("deprecation") // the feature is built around the application's Faultline
        public Set<Object> getSingletons() {
            return Set.of(faultlineFeature);
        }

        @Override
        public Map<String, Object> getProperties() {
            return properties;
        }
    }
}
