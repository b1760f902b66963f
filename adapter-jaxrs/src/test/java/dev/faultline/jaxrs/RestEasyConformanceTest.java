package dev.faultline.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.error.ErrorType;
import dev.faultline.testkit.LogCapture;
import jakarta.ws.rs.core.Application;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

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
    protected Running serve(Application application, FaultlineFeature feature, int port) {
        return RestEasyUndertow.start(application, feature.faultline(), "127.0.0.1", port)::close;
    }

    @Nested
    @DisplayName("the deployment's error page")
    class ErrorPage {

        @Test
        @DisplayName("requested directly, it is a 404 problem recorded under _rejected, not a way past Faultline")
        void requestedDirectly() throws Exception {
            HttpResponse<String> r = send(get(production, RestEasyUndertow.ERROR_PAGE)
                    .header("X-Request-Id", "resteasy-error-page").build());
            assertProblem(r, 404, ErrorType.NOT_FOUND);
            assertEquals("resteasy-error-page", r.headers().firstValue("X-Request-Id").orElse(null));
            assertEquals("_rejected", LogCapture.kv(logs.completion("resteasy-error-page")).get("endpoint"));
        }
    }
}
