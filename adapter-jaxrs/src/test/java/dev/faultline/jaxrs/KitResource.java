package dev.faultline.jaxrs;

import dev.faultline.Faultline;
import dev.faultline.testkit.KitApp;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The conformance kit's routes ({@link KitApp}) as one Jakarta REST resource. */
@Path("/kit")
public class KitResource {

    /** The application's own threads, on which asynchronous resources resume. */
    static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kit-async");
        t.setDaemon(true);
        return t;
    });

    @GET
    @Path("ok")
    @Produces(MediaType.TEXT_PLAIN)
    public String ok() {
        return "ok";
    }

    @GET
    @Path("fail/{type}")
    public String fail(@PathParam("type") String type) {
        throw KitApp.failure(type);
    }

    /** Jakarta REST's asynchronous path: suspended, resumed with the failure from another thread. */
    @GET
    @Path("async/fail/{type}")
    public void asyncFail(@PathParam("type") String type, @Suspended AsyncResponse response) {
        POOL.execute(() -> response.resume(KitApp.failure(type)));
    }

    @GET
    @Path("boom")
    public String boom() {
        throw new IllegalStateException(KitApp.NASTY_MESSAGE);
    }

    @GET
    @Path("committed")
    @Produces(MediaType.TEXT_PLAIN)
    public StreamingOutput committed() {
        return out -> {
            out.write(KitApp.PARTIAL_BODY.getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IllegalStateException("failed after commit " + KitApp.SECRET);
        };
    }

    @GET
    @Path("mdc")
    @Produces(MediaType.TEXT_PLAIN)
    public String mdc() {
        return KitApp.mdcReport();
    }

    /**
     * The continuation runs on the application's executor, wrapped by the request's exchange: Jakarta
     * REST has no container executor for an adapter to wrap, so this is how an application carries the
     * request id onto its own threads.
     */
    @GET
    @Path("async/mdc")
    @Produces(MediaType.TEXT_PLAIN)
    public void asyncMdc(@Suspended AsyncResponse response) {
        Executor bound = Faultline.current().map(r -> r.wrap((Executor) POOL)).orElse(POOL);
        bound.execute(() -> response.resume(KitApp.mdcReport()));
    }

    @GET
    @Path("items/{id}")
    @Produces(MediaType.TEXT_PLAIN)
    public String item(@PathParam("id") String id) {
        return "item " + id;
    }

    @POST
    @Path("echo")
    public Response echo(@HeaderParam("Content-Type") String type, byte[] body) {
        return Response.ok(body).type(type).build();
    }

    @POST
    @Path("json")
    @Produces(MediaType.TEXT_PLAIN)
    public String json(@HeaderParam("Content-Type") String type, java.io.InputStream body) throws java.io.IOException {
        return KitApp.json(type, body.readAllBytes());
    }

    @POST
    @Path("form")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public String form(@FormParam("name") String name) {
        return "name=" + name;
    }

    @GET
    @Path("big")
    @Produces(MediaType.TEXT_PLAIN)
    public StreamingOutput big(@QueryParam("bytes") long n) {
        return out -> {
            byte[] chunk = new byte[65536];
            for (long written = 0; written < n; ) {
                int len = (int) Math.min(chunk.length, n - written);
                for (int i = 0; i < len; i++) {
                    chunk[i] = KitApp.bigByte(written + i);
                }
                out.write(chunk, 0, len);
                written += len;
            }
        };
    }

    @GET
    @Path("bare-401")
    public Response bare401() {
        return Response.status(401).header("WWW-Authenticate", KitApp.CHALLENGE).build();
    }

    @GET
    @Path("stale")
    @Produces(MediaType.APPLICATION_JSON)
    public String stale() {
        return KitApp.stale();
    }

    @GET
    @Path("shed")
    @Produces(MediaType.TEXT_PLAIN)
    public String shed() {
        return KitApp.shed();
    }

    @GET
    @Path("secret-json")
    @Produces(MediaType.APPLICATION_JSON)
    public String secretJson() {
        return KitApp.SECRET_JSON_BODY;
    }
}
