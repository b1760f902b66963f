package dev.faultline.servlet;

import dev.faultline.Faultline;
import dev.faultline.testkit.KitServer;
import jakarta.servlet.MultipartConfigElement;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.DisplayName;

/** The conformance kit on a real Jetty 12 (EE10) server. */
@DisplayName("Jetty 12 passes the conformance kit")
class JettyConformanceTest extends ServletConformanceKit {

    @Override
    @SuppressWarnings("try") // KitServer.close() throws Exception, as the kit declares it
    protected KitServer start(Faultline faultline, Setup setup) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        FaultlineErrorHandler.install(server, faultline); // Jetty's own refusals become problems

        ServletContextHandler context = new ServletContextHandler("/");
        if (setup.portable()) {
            FaultlineFilter filter = newPortableFilter(faultline);
            context.addServletContainerInitializer((classes, servletContext) -> {
                filter.register(servletContext);
                FaultlineMonitoringServlet.create(faultline).register(servletContext, "/ops/*");
            });
        } else {
            FilterHolder filter = new FilterHolder(FaultlineFilter.create(faultline));
            filter.setAsyncSupported(true);
            context.addFilter(filter, "/*", EnumSet.copyOf(FaultlineFilter.DISPATCHER_TYPES));
        }
        ServletHolder kit = new ServletHolder("kit", new KitServlet());
        kit.setAsyncSupported(true);
        kit.getRegistration().setMultipartConfig(new MultipartConfigElement(System.getProperty("java.io.tmpdir")));
        for (String pattern : KitServlet.MAPPINGS) {
            context.getServletHandler().addServletWithMapping(kit, pattern);
        }
        if (setup.defaultServlet()) {
            ServletHolder notFound = new ServletHolder("not-found", new KitServlet.NotFound());
            notFound.setAsyncSupported(true);
            context.addServlet(notFound, "/");
        }
        server.setHandler(context);
        server.start();
        URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        return new KitServer() {
            @Override
            public URI baseUri() {
                return base;
            }

            @Override
            public void close() throws Exception {
                server.stop();
            }
        };
    }

    /** Jetty maps its own Default404Servlet at {@code /} when the application maps none; it runs behind the filter. */
    @Override
    protected Setup withoutDefaultServlet() {
        return new Setup(false, false, false);
    }
}
