package dev.faultline.jaxrs;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileFuzz;
import dev.faultline.testkit.KitServer;

/** Mutated raw requests against RestEasy's server: the invariants of the hostile kit hold. */
class RestEasyFuzzTest extends HostileFuzz {

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        return new RestEasyConformanceTest().start(faultline);
    }
}
