package dev.faultline.jaxrs;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileFuzz;
import dev.faultline.testkit.KitServer;

/**
 * Mutated raw requests against RESTEasy's server, deployed as the README shows ({@link RestEasyUndertow}):
 * the invariants of the hostile kit hold, with no known defect left to count (Undertow-servlet's 500s and
 * HTML pages are the deployment's problems now).
 */
class RestEasyFuzzTest extends HostileFuzz {

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        return new RestEasyConformanceTest().start(faultline);
    }
}
