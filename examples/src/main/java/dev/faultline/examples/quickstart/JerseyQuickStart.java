package dev.faultline.examples.quickstart;

import dev.faultline.Faultline;
import dev.faultline.jaxrs.FaultlineFeature;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/** Jersey on Grizzly with {@code faultline-jaxrs}: Faultline is a Jakarta REST feature. */
public final class JerseyQuickStart {

    public static void main(String[] args) {
        start(Faultline.create(), 8080); // the preset comes from FAULTLINE_ENV
    }

    /** Starts the application on 127.0.0.1 and {@code port}; stop the server, then close Faultline. */
    public static HttpServer start(Faultline faultline, int port) {
        // tag::quickstart[]
        ResourceConfig app = new ResourceConfig(Hello.class).register(FaultlineFeature.create(faultline));
        return GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:" + port + "/"), app);
        // end::quickstart[]
    }

    @Path("/")
    @Produces(MediaType.TEXT_PLAIN)
    public static final class Hello {
        @GET
        @Path("hello")
        public String hello() {
            return "hello";
        }

        @GET
        @Path("fail")
        public String fail() {
            throw new IllegalStateException("the database said no"); // a 500 problem
        }
    }

    private JerseyQuickStart() {
    }
}
