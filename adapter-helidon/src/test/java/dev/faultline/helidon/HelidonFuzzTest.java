package dev.faultline.helidon;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileFuzz;
import dev.faultline.testkit.KitServer;

/** Mutated raw requests against a real Helidon SE server: the invariants of the hostile kit hold. */
class HelidonFuzzTest extends HostileFuzz {

    @Override
    protected KitServer start(Faultline faultline) {
        return new HelidonConformanceTest().start(faultline);
    }
}
