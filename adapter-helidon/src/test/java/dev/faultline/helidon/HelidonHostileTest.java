package dev.faultline.helidon;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileKit;
import dev.faultline.testkit.KitServer;
import org.junit.jupiter.api.DisplayName;

/** The hostile part of the conformance kit on a real Helidon SE server, with Faultline's direct handlers. */
@DisplayName("Helidon SE answers hostile requests cleanly")
class HelidonHostileTest extends HostileKit {

    @Override
    protected KitServer start(Faultline faultline) {
        // the conformance test's server (its start does not depend on the test's lifecycle)
        return new HelidonConformanceTest().start(faultline);
    }
}
