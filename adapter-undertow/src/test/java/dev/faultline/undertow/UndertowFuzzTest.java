package dev.faultline.undertow;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileFuzz;
import dev.faultline.testkit.KitServer;

/** Mutated raw requests against a real Undertow server: the invariants of the hostile kit hold. */
class UndertowFuzzTest extends HostileFuzz {

    @Override
    protected KitServer start(Faultline faultline) {
        return UndertowConformanceTest.server(faultline);
    }
}
