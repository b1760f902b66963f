package dev.faultline.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.Environment;
import dev.faultline.error.ErrorType;
import dev.faultline.testkit.KitApp;
import dev.faultline.testkit.KitServer;
import dev.faultline.testkit.LogCapture;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The conformance kit on Jersey with its Grizzly HTTP server (the JDK one cannot suspend requests). */
@DisplayName("Jersey (Grizzly) passes the conformance kit")
class JerseyConformanceTest extends JaxrsConformanceKit {

    /** Jersey's {@code ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER}. */
    private static final String BUFFER = "jersey.config.server.contentLength.buffer";

    /** Grizzly's own error pages (an HTML 500 with a stack trace for {@code /%zz}) become problems. */
    @Override
    protected void started(jakarta.ws.rs.SeBootstrap.Instance instance, FaultlineFeature feature) {
        FaultlineErrorPages.install(instance.unwrap(org.glassfish.grizzly.http.server.HttpServer.class), feature.faultline());
    }

    @Override
    protected String runtimePackage() {
        return "org.glassfish.jersey.";
    }

    /**
     * Jersey holds back the first 8 KiB of a body to compute its length, and a {@code flush()} before
     * that commits nothing; the kit's committed scenario needs a flush that commits, so the kit's
     * servers write straight through. The default is checked below.
     */
    @Override
    protected Map<String, Object> properties() {
        return Map.of(BUFFER, 0);
    }

    @Nested
    @DisplayName("Jersey's response buffer")
    class Buffered {

        @Test
        @DisplayName("with the default buffer, a throw after a flush that committed nothing gives one clean problem")
        void flushWithinTheBuffer() throws Exception {
            KitServer buffered = start(faultline(Environment.PRODUCTION), Map.of());
            try {
                HttpResponse<String> r = send(get(buffered, KitApp.COMMITTED).header("X-Request-Id", "jersey-buffered").build());
                assertProblem(r, 500, ErrorType.INTERNAL);
                Map<String, Object> kv = LogCapture.kv(logs.completion("jersey-buffered"));
                assertEquals(500, ((Number) kv.get("status")).intValue());
                assertEquals(1, logs.events("faultline.error", "jersey-buffered").size(), "the failure is logged once");
            } finally {
                buffered.close();
            }
        }
    }
}
