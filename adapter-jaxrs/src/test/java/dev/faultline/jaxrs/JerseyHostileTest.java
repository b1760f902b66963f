package dev.faultline.jaxrs;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileKit;
import dev.faultline.testkit.KitServer;
import org.junit.jupiter.api.DisplayName;

/** The hostile part of the conformance kit on Jersey's server, with Faultline's server-level piece installed. */
@DisplayName("Jersey answers hostile requests cleanly")
class JerseyHostileTest extends HostileKit {

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        // the conformance test's server (its start does not depend on the test's lifecycle)
        return new JerseyConformanceTest().start(faultline);
    }
}
