package dev.faultline.jaxrs;

import org.junit.jupiter.api.DisplayName;

/** The conformance kit on RESTEasy with its embedded Undertow server. */
@DisplayName("RESTEasy (Undertow) passes the conformance kit")
class RestEasyConformanceTest extends JaxrsConformanceKit {

    @Override
    protected String runtimePackage() {
        return "org.jboss.resteasy.";
    }
}
