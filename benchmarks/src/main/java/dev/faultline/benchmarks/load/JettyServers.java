package dev.faultline.benchmarks.load;

import dev.faultline.Faultline;
import dev.faultline.servlet.FaultlineFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;
import org.zalando.logbook.Logbook;
import org.zalando.logbook.core.DefaultHttpLogWriter;
import org.zalando.logbook.core.ExtendedLogFormatSink;
import org.zalando.logbook.core.WithoutBodyStrategy;
import org.zalando.logbook.servlet.LogbookFilter;

/**
 * Jetty 12 (the EE10 servlet environment the servlet adapter's tests use) with the {@link LoadApp}
 * endpoints as servlets, bare, behind {@link FaultlineFilter}, or behind Logbook's
 * {@link LogbookFilter}. No servlet is mapped at {@code /}: unmatched paths get Jetty's own 404
 * (its default servlet's {@code sendError(404)}). Default Jetty options (a {@code QueuedThreadPool} of
 * 8 to 200 threads, one acceptor and the default selectors).
 */
final class JettyServers {

    /** The fields of Logbook's one line per exchange: those of Faultline's completion line that ELF has. */
    static final String LOGBOOK_FIELDS =
            "date time c-ip cs-method cs-uri-stem cs-uri-query sc-status sc-bytes cs-bytes time-taken cs(User-Agent)";

    private JettyServers() {
    }

    /** Which filter stands in front of the application. */
    enum Front { NONE, FAULTLINE, LOGBOOK }

    /**
     * Starts Jetty on 127.0.0.1:{@code port} (0: any free port) with {@code front} mapped on {@code /*}
     * for REQUEST, ASYNC and ERROR dispatches, async-supported, as each library documents it.
     */
    static Running start(int port, Front front, @Nullable Faultline faultline) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        switch (front) {
            case NONE -> { }
            case FAULTLINE -> {
                if (faultline == null) {
                    throw new IllegalArgumentException("the Faultline front needs a Faultline");
                }
                addFilter(context, FaultlineFilter.create(faultline), FaultlineFilter.DISPATCHER_TYPES);
            }
            case LOGBOOK -> addFilter(context, new LogbookFilter(logbook()),
                    EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
        }
        context.addServlet(new ServletHolder("hello", new Hello()), "/hello");
        context.addServlet(new ServletHolder("boom", new Boom()), "/boom");
        context.addServlet(new ServletHolder("files", new Files()), "/files/*");
        context.addServlet(new ServletHolder("fail", new Fail()), "/fail/*");
        server.setHandler(context);
        server.start();
        return new Running(connector.getLocalPort(), server::stop);
    }

    /**
     * Logbook configured to write one line per exchange, as Faultline does: its W3C Extended Log
     * Format sink (which writes when the response is done and nothing for the request) with the
     * fields of {@link #LOGBOOK_FIELDS}, through its {@link DefaultHttpLogWriter} (SLF4J, logger
     * {@code org.zalando.logbook.Logbook}, level TRACE), and without bodies ({@link WithoutBodyStrategy}),
     * since neither line carries one (Faultline does not capture bodies unless asked to). Everything
     * else is Logbook's default (correlation ids, header and query filters).
     */
    static Logbook logbook() {
        return Logbook.builder()
                .strategy(new WithoutBodyStrategy())
                .sink(new ExtendedLogFormatSink(new DefaultHttpLogWriter(), java.time.ZoneId.of("UTC"), "1.0",
                        LOGBOOK_FIELDS))
                .build();
    }

    private static void addFilter(ServletContextHandler context, Filter filter, Set<DispatcherType> dispatches) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.copyOf(dispatches));
    }

    /** {@code GET /hello}. */
    static final class Hello extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().write(LoadApp.HELLO + "\n");
        }
    }

    /** {@code GET /boom}. */
    static final class Boom extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            throw LoadApp.boom();
        }
    }

    /** {@code GET /files/...}. */
    static final class Files extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().write("file\n");
        }
    }

    /** {@code GET /fail/...}. */
    static final class Fail extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            throw LoadApp.fail(req.getRequestURI());
        }
    }
}
