package dev.faultline.jaxrs;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileFuzz;
import dev.faultline.testkit.KitServer;
import dev.faultline.testkit.RawHttp;
import org.jspecify.annotations.Nullable;

/** Mutated raw requests against RestEasy's server: the invariants of the hostile kit hold. */
class RestEasyFuzzTest extends HostileFuzz {

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        return new RestEasyConformanceTest().start(faultline);
    }

    /**
     * RESTEasy's embedded server (Undertow-servlet 2.3) answers some mutants itself before any Jakarta REST
     * provider runs, and {@code SeBootstrap} exposes no hook there (see the README's "What is not
     * reachable"): a 500 (a control character in {@code Host}, a target it cannot match) or its minimal
     * HTML page, without Faultline's request id.
     */
    /** Undertow-servlet's error page shows a stack trace to a loopback client (LOCAL_ONLY); see the README. */
    @Override
    protected boolean knownDefectsShowStackTraces() {
        return true;
    }

    @Override
    protected @Nullable String knownDefect(RawHttp.Response response) {
        if (response.header("X-Request-Id") != null) {
            return null; // through Faultline: held to everything
        }
        if (response.status() >= 500) {
            return "Undertow-servlet's 500 before RESTEasy";
        }
        if (response.status() >= 400 && response.body().contains("<html>")) {
            return "Undertow-servlet's HTML error page before RESTEasy";
        }
        return null;
    }
}
