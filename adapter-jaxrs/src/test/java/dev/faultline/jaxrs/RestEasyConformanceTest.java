package dev.faultline.jaxrs;

import jakarta.ws.rs.core.Application;
import org.junit.jupiter.api.DisplayName;

/**
 * The conformance kit on RESTEasy with its embedded Undertow server, deployed as the module's README
 * shows ({@link RestEasyUndertow}: {@code UndertowJaxrsServer} with Faultline's {@code DeploymentInfo}),
 * not with {@code SeBootstrap}, which gives no hook into Undertow-servlet's error pages.
 */
@DisplayName("RESTEasy (Undertow) passes the conformance kit")
class RestEasyConformanceTest extends JaxrsConformanceKit {

    @Override
    protected String runtimePackage() {
        return "org.jboss.resteasy.";
    }

    @Override
    protected AutoCloseable serve(Application application, FaultlineFeature feature, int port) {
        return RestEasyUndertow.start(application, feature.faultline(), "127.0.0.1", port);
    }
}
