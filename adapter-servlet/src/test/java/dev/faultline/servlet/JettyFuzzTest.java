package dev.faultline.servlet;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileFuzz;
import dev.faultline.testkit.KitServer;

/** Mutated raw requests against a real Jetty server: the invariants of the hostile kit hold. */
class JettyFuzzTest extends HostileFuzz {

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        return new JettyConformanceTest().start(faultline, ServletConformanceKit.Setup.STANDARD);
    }
}
