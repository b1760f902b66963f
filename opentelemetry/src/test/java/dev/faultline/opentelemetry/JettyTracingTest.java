package dev.faultline.opentelemetry;

import dev.faultline.Faultline;
import dev.faultline.servlet.FaultlineFilter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.sql.SQLException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.DisplayName;

/**
 * On Jetty 12 (EE10), through the servlet adapter: the span wrapper is a filter in front of
 * {@link FaultlineFilter} that ends the span when the chain returns.
 */
@DisplayName("OpenTelemetry on Jetty (servlet adapter)")
class JettyTracingTest extends TracedServerContract {

    static final TestApp.Headers<HttpServletRequest> HEADERS = (carrier, key) -> carrier == null ? null : carrier.getHeader(key);

    static final class App extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
            try {
                TestApp.handle(req.getRequestURI());
            } catch (SQLException e) {
                throw TestApp.<RuntimeException>sneaky(e); // as thrown, as a JDBC call in a servlet would through a wrapper-free framework
            }
            resp.setContentType("text/plain");
            resp.getWriter().write("ok");
        }
    }

    @Override
    Running start(Faultline faultline, Tracer tracer) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        Filter tracing = (req, res, chain) -> {
            HttpServletRequest http = (HttpServletRequest) req;
            if (TestApp.untraced(http.getRequestURI())) {
                chain.doFilter(req, res);
                return;
            }
            Span span = TestApp.serverSpan(tracer, http.getMethod(), http.getRequestURI(), http, HEADERS);
            try (Scope ignored = span.makeCurrent()) {
                chain.doFilter(req, res);
            } finally {
                span.end();
            }
        };
        FilterHolder tracingHolder = new FilterHolder(tracing);
        tracingHolder.setAsyncSupported(true);
        context.addFilter(tracingHolder, "/*", EnumSet.of(DispatcherType.REQUEST));
        FilterHolder faultlineHolder = new FilterHolder(FaultlineFilter.create(faultline));
        faultlineHolder.setAsyncSupported(true);
        context.addFilter(faultlineHolder, "/*", EnumSet.copyOf(FaultlineFilter.DISPATCHER_TYPES));
        context.addServlet(new ServletHolder("app", new App()), "/*");
        server.setHandler(context);
        server.start();
        URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        return new Running() {
            @Override
            public URI base() {
                return base;
            }

            @Override
            public void close() throws Exception {
                server.stop();
            }
        };
    }
}
