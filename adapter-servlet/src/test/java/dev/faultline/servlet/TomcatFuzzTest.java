package dev.faultline.servlet;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileFuzz;
import dev.faultline.testkit.KitServer;

/** Mutated raw requests against a real Tomcat server: the invariants of the hostile kit hold. */
class TomcatFuzzTest extends HostileFuzz {

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        return new TomcatConformanceTest().start(faultline, ServletConformanceKit.Setup.STANDARD);
    }
}
