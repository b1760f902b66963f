package dev.faultline.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.testkit.KitServer;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.modeler.Registry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The conformance kit on a real embedded Tomcat 11 server. */
@DisplayName("Tomcat 11 passes the conformance kit")
class TomcatConformanceTest extends ServletConformanceKit {

    static {
        Registry.disableRegistry(); // several Tomcats in one JVM: no JMX names to clash
    }

    @Override
    @SuppressWarnings("try") // KitServer.close() throws Exception, as the kit declares it
    protected KitServer start(Faultline faultline, Setup setup) throws Exception {
        Path baseDir = Files.createTempDirectory("faultline-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setMaxPostSize(200_000); // Jetty's default form limit, so that both refuse the same form
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        FaultlineErrorReportValve.install(tomcat.getHost(), faultline); // Tomcat's own refusals become problems

        Context context = tomcat.addContext("", baseDir.toString());
        if (setup.portable()) {
            FaultlineFilter filter = newPortableFilter(faultline);
            context.addServletContainerInitializer((classes, servletContext) -> {
                filter.register(servletContext);
                FaultlineMonitoringServlet.create(faultline).register(servletContext, "/ops/*");
            }, null);
        } else {
            FilterDef def = new FilterDef();
            def.setFilterName("faultline");
            def.setFilter(FaultlineFilter.create(faultline));
            def.setAsyncSupported("true");
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("faultline");
            map.addURLPattern("/*");
            FaultlineFilter.DISPATCHER_TYPES.forEach(type -> map.setDispatcher(type.name()));
            context.addFilterMapBefore(map);
        }
        Wrapper kit = Tomcat.addServlet(context, "kit", new KitServlet());
        kit.setAsyncSupported(true);
        kit.setMultipartConfigElement(new MultipartConfigElement(baseDir.toString()));
        for (String pattern : KitServlet.MAPPINGS) {
            context.addServletMapping(pattern, "kit");
        }
        if (setup.defaultServlet()) {
            // without a servlet at "/", Tomcat answers unmatched URLs itself, before any filter runs
            Wrapper notFound = Tomcat.addServlet(context, "not-found", new KitServlet.NotFound());
            notFound.setAsyncSupported(true);
            context.addServletMapping("/", "not-found");
        }
        if (setup.errorPage()) {
            Tomcat.addServlet(context, "error-page", new KitServlet.ErrorPage()).setAsyncSupported(true);
            context.addServletMapping("/error", "error-page");
            ErrorPage page = new ErrorPage();
            page.setErrorCode(404);
            page.setLocation("/error");
            context.addErrorPage(page);
        }
        tomcat.start();
        URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        return new KitServer() {
            @Override
            public URI baseUri() {
                return base;
            }

            @Override
            public void close() throws Exception {
                tomcat.stop();
                tomcat.destroy();
                delete(baseDir);
            }
        };
    }

    /**
     * Tomcat answers an unmatched URL in its mapper, before any filter, unless a servlet is mapped at
     * {@code /}; with an error page for 404, the ERROR dispatch to it passes the filter, which opens
     * the exchange there and answers the problem.
     */
    @Override
    protected Setup withoutDefaultServlet() {
        return new Setup(false, false, true);
    }

    @Nested
    @DisplayName("Tomcat without a default servlet or error page")
    class Unmapped {

        @Test
        @SuppressWarnings("try") // KitServer.close() throws Exception, as the kit declares it
        @DisplayName("answers unmatched URLs itself, before any filter; Faultline's error report valve makes it a 404 problem")
        void answeredByTomcat() throws Exception {
            Faultline f = faultline(Environment.PRODUCTION);
            try (KitServer bare = start(f, new Setup(false, false, false))) {
                HttpResponse<String> r = send(get(bare, "/kit/no/such/route").build());
                assertProblem(r, 404, dev.faultline.error.ErrorType.NOT_FOUND);
                assertTrue(r.headers().firstValue("X-Request-Id").isPresent(), "the valve opened the exchange");
                assertEquals(200, send(get(bare, "/kit/ok").build()).statusCode());
            } finally {
                f.close();
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temp dir left behind is harmless
        }
    }
}
