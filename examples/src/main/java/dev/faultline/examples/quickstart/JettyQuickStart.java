package dev.faultline.examples.quickstart;

import dev.faultline.Faultline;
import dev.faultline.servlet.FaultlineFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;

/** Jetty 12 (EE10) with {@code faultline-servlet}: Faultline's filter in front of every servlet. */
public final class JettyQuickStart {

    public static void main(String[] args) throws Exception {
        start(Faultline.create(), 8080); // the preset comes from FAULTLINE_ENV
    }

    /** Starts the application on 127.0.0.1 and {@code port}; stop the server, then close Faultline. */
    public static Server start(Faultline faultline, int port) throws Exception {
        ServletContextHandler context = new ServletContextHandler("/");
        // tag::quickstart[]
        FilterHolder filter = new FilterHolder(FaultlineFilter.create(faultline));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.copyOf(FaultlineFilter.DISPATCHER_TYPES));
        context.addServlet(new Hello(), "/");
        // end::quickstart[]
        Server server = new Server(new InetSocketAddress("127.0.0.1", port));
        server.setHandler(context);
        server.start();
        return server;
    }

    static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getRequestURI().equals("/fail")) {
                throw new IllegalStateException("the database said no"); // a 500 problem
            }
            response.getWriter().write("hello");
        }
    }

    private JettyQuickStart() {
    }
}
