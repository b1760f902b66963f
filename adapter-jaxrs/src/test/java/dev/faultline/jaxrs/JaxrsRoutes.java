package dev.faultline.jaxrs;

import dev.faultline.testkit.KitApp;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.RedirectionException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Routes for what only Jakarta REST has: CompletionStage results, regex templates, its own exceptions. */
@Path("/jaxrs")
public class JaxrsRoutes {

    @GET
    @Path("stage/{type}")
    @Produces(MediaType.TEXT_PLAIN)
    public CompletionStage<String> stage(@PathParam("type") String type) {
        return CompletableFuture.supplyAsync(() -> {
            if (type.equals("ok")) {
                return "stage ok";
            }
            throw KitApp.failure(type);
        }, KitResource.POOL);
    }

    @GET
    @Path("numbers/{n: [0-9]{1,6}}")
    @Produces(MediaType.TEXT_PLAIN)
    public String number(@PathParam("n") int n) {
        return "number " + n;
    }

    @GET
    @Path("only-get")
    @Produces(MediaType.TEXT_PLAIN)
    public String onlyGet() {
        return "got";
    }

    @GET
    @Path("redirect")
    public String redirect() {
        throw new RedirectionException(Response.Status.SEE_OTHER, URI.create("/kit/ok"));
    }

    @GET
    @Path("own-entity")
    public String ownEntity() {
        throw new WebApplicationException(Response.status(409).entity("the application's own body")
                .type(MediaType.TEXT_PLAIN).build());
    }

    @GET
    @Path("not-found")
    public String notFound() {
        throw new NotFoundException("no such thing " + KitApp.SECRET);
    }
}
