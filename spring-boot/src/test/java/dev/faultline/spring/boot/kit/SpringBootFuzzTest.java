package dev.faultline.spring.boot.kit;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileFuzz;
import dev.faultline.testkit.KitServer;

/** Mutated raw requests against the Spring Boot application ({@link KitBootApp}): the hostile kit's invariants hold. */
class SpringBootFuzzTest extends HostileFuzz {

    static {
        Quiet.logback();
    }

    @Override
    protected KitServer start(Faultline faultline) {
        return BootKitServer.start(faultline);
    }
}
