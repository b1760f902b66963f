package dev.faultline.examples.quickstart;

import static dev.faultline.examples.quickstart.QuickStartCheck.faultline;
import static dev.faultline.examples.quickstart.QuickStartCheck.freePort;
import static dev.faultline.examples.quickstart.QuickStartCheck.servesAndAnswersFailures;

import dev.faultline.Faultline;
import io.helidon.webserver.WebServer;
import io.undertow.Undertow;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;
import org.glassfish.grizzly.http.server.HttpServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each README quick start on its real server, on 127.0.0.1 and a free port. RESTEasy's runs in its own
 * JVM ({@link RestEasyQuickStartTest}): it and Jersey cannot share one.
 */
@DisplayName("The quick starts serve a request and answer a failure with a problem")
class QuickStartsTest {

    @Test
    @DisplayName("on Undertow")
    void undertow() throws Exception {
        int port = freePort();
        try (Faultline faultline = faultline()) {
            Undertow server = UndertowQuickStart.start(faultline, port);
            try {
                servesAndAnswersFailures(port, "undertow");
            } finally {
                server.stop();
            }
        }
    }

    @Test
    @DisplayName("on Jetty")
    void jetty() throws Exception {
        int port = freePort();
        try (Faultline faultline = faultline()) {
            Server server = JettyQuickStart.start(faultline, port);
            try {
                servesAndAnswersFailures(port, "jetty");
            } finally {
                server.stop();
            }
        }
    }

    @Test
    @DisplayName("on Tomcat")
    void tomcat() throws Exception {
        int port = freePort();
        try (Faultline faultline = faultline()) {
            Tomcat server = TomcatQuickStart.start(faultline, port);
            try {
                servesAndAnswersFailures(port, "tomcat");
            } finally {
                server.stop();
                server.destroy();
            }
        }
    }

    @Test
    @DisplayName("on Jersey")
    void jersey() throws Exception {
        int port = freePort();
        try (Faultline faultline = faultline()) {
            HttpServer server = JerseyQuickStart.start(faultline, port);
            try {
                servesAndAnswersFailures(port, "jersey");
            } finally {
                server.shutdownNow();
            }
        }
    }

    @Test
    @DisplayName("on Helidon")
    void helidon() throws Exception {
        int port = freePort();
        try (Faultline faultline = faultline()) {
            WebServer server = HelidonQuickStart.start(faultline, port);
            try {
                servesAndAnswersFailures(port, "helidon");
            } finally {
                server.stop();
            }
        }
    }
}
