package dev.faultline.jaxrs;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileCase;
import dev.faultline.testkit.HostileKit;
import dev.faultline.testkit.KitServer;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/**
 * The hostile part of the conformance kit on RESTEasy's embedded Undertow server (undertow-core and
 * undertow-servlet 2.3.26, see the module's pom), deployed as the module's README shows
 * ({@link RestEasyUndertow}). What Undertow's parser refuses it answers with a bare 400 and an empty body,
 * or by closing the connection (a chunked body it cannot decode), before any Jakarta REST provider runs:
 * the same cases as on the Undertow adapter's 2.4, a header line without a colon among them (Undertow
 * 2.3.20, RESTEasy 7.0's own, served it as an empty header). What Undertow-servlet and RESTEasy refuse
 * before a provider runs ({@code OPTIONS *}, the one target not in origin form the parser lets through; a
 * path RESTEasy cannot decode or build) is answered by the deployment's initial handler and error page with
 * a problem. No known defect.
 */
@DisplayName("RESTEasy (Undertow) answers hostile requests cleanly")
class RestEasyHostileTest extends HostileKit {

    static final Set<HostileCase> SERVER_LEVEL = HostileCase.UNDERTOW_SERVER_LEVEL;

    @Override
    protected Set<HostileCase> answeredByServer() {
        return SERVER_LEVEL;
    }

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        // the conformance test's server (its start does not depend on the test's lifecycle)
        return new RestEasyConformanceTest().start(faultline);
    }
}
