package dev.faultline.servlet;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileKit;
import dev.faultline.testkit.KitServer;
import org.junit.jupiter.api.DisplayName;

/** The hostile part of the conformance kit on a real Jetty server, with Faultline's server-level piece installed. */
@DisplayName("Jetty answers hostile requests cleanly")
class JettyHostileTest extends HostileKit {

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        // the conformance test's server (its start does not depend on the test's lifecycle)
        return new JettyConformanceTest().start(faultline, ServletConformanceKit.Setup.STANDARD);
    }
}
