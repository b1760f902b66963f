package dev.faultline.examples.quickstart;

import dev.faultline.Faultline;
import dev.faultline.servlet.FaultlineFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** Tomcat 11 embedded with {@code faultline-servlet}: the filter registers itself as the context starts. */
public final class TomcatQuickStart {

    public static void main(String[] args) throws Exception {
        start(Faultline.create(), 8080); // the preset comes from FAULTLINE_ENV
    }

    /** Starts the application on 127.0.0.1 and {@code port}; stop the server, then close Faultline. */
    public static Tomcat start(Faultline faultline, int port) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        // tag::quickstart[]
        context.addServletContainerInitializer((classes, servletContext) ->
                FaultlineFilter.create(faultline).register(servletContext), null);
        Tomcat.addServlet(context, "hello", new Hello());
        context.addServletMappingDecoded("/", "hello"); // a servlet at "/": Tomcat answers no URL itself
        // end::quickstart[]
        tomcat.start();
        return tomcat;
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

    private TomcatQuickStart() {
    }
}
