package dev.faultline.jaxrs;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileFuzz;
import dev.faultline.testkit.KitServer;

/** Mutated raw requests against Jersey's server: the invariants of the hostile kit hold. */
class JerseyFuzzTest extends HostileFuzz {

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        return new JerseyConformanceTest().start(faultline);
    }
}
