package dev.faultline.examples.quickstart;

import static dev.faultline.examples.quickstart.QuickStartCheck.faultline;
import static dev.faultline.examples.quickstart.QuickStartCheck.freePort;
import static dev.faultline.examples.quickstart.QuickStartCheck.servesAndAnswersFailures;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faultline.Faultline;
import jakarta.ws.rs.ext.RuntimeDelegate;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The RESTEasy quick start, in a JVM without Jersey (see the module's pom: both provide a RuntimeDelegate). */
@DisplayName("The RESTEasy quick start serves a request and answers a failure with a problem")
class RestEasyQuickStartTest {

    @Test
    @DisplayName("on RESTEasy in Jetty")
    void restEasy() throws Exception {
        // a run with -Dtest=... also runs this class in the default execution, which has no RESTEasy
        assumeTrue(QuickStartCheck.onClassPath("org.jboss.resteasy.core.ResteasyDeploymentImpl"), "RESTEasy is not on this JVM's class path");
        String delegate = RuntimeDelegate.getInstance().getClass().getName();
        assertTrue(delegate.startsWith("org.jboss.resteasy."), () -> "this JVM runs " + delegate);
        int port = freePort();
        try (Faultline faultline = faultline()) {
            Server server = RestEasyQuickStart.start(faultline, port);
            try {
                servesAndAnswersFailures(port, "resteasy");
            } finally {
                server.stop();
            }
        }
    }
}
