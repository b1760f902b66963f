package dev.faultline.examples.quickstart;

import dev.faultline.Faultline;
import dev.faultline.jaxrs.FaultlineFeature;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.InetSocketAddress;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.jboss.resteasy.spi.ResteasyDeployment;

/** RESTEasy on Jetty with {@code faultline-jaxrs}: Faultline is a Jakarta REST feature. */
public final class RestEasyQuickStart {

    public static void main(String[] args) throws Exception {
        start(Faultline.create(), 8080); // the preset comes from FAULTLINE_ENV
    }

    /** Starts the application on 127.0.0.1 and {@code port}; stop the server, then close Faultline. */
    public static Server start(Faultline faultline, int port) throws Exception {
        // tag::quickstart[]
        ResteasyDeployment app = new ResteasyDeploymentImpl();
        app.getActualResourceClasses().add(Hello.class);
        app.getProviders().add(FaultlineFeature.create(faultline));
        ServletContextHandler context = new ServletContextHandler("/");
        context.setAttribute(ResteasyDeployment.class.getName(), app);
        context.addServlet(HttpServlet30Dispatcher.class, "/*").setAsyncSupported(true);
        // end::quickstart[]
        Server server = new Server(new InetSocketAddress("127.0.0.1", port));
        server.setHandler(context);
        app.start();
        server.start();
        return server;
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

    private RestEasyQuickStart() {
    }
}
