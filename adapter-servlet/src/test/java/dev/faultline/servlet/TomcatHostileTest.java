package dev.faultline.servlet;

import static dev.faultline.testkit.HostileCase.BAD_CHUNK_SIZE;
import static dev.faultline.testkit.HostileCase.BAD_TRAILERS;
import static dev.faultline.testkit.HostileCase.CHUNK_LONGER_THAN_SIZE;
import static dev.faultline.testkit.HostileCase.OVERFLOWING_CHUNK_SIZE;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileCase;
import dev.faultline.testkit.HostileKit;
import dev.faultline.testkit.KitServer;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/** The hostile part of the conformance kit on a real Tomcat server, with Faultline's error report valve. */
@DisplayName("Tomcat answers hostile requests cleanly")
class TomcatHostileTest extends HostileKit {

    /**
     * A chunked body Tomcat's decoder refuses: the application's read fails, Faultline records a 400,
     * but Tomcat allows no more output for the request and sends its bare 400 with an empty body and
     * {@code Connection: close} (see the module's README).
     */
    static final Set<HostileCase> SERVER_LEVEL = Set.of(BAD_CHUNK_SIZE, OVERFLOWING_CHUNK_SIZE, CHUNK_LONGER_THAN_SIZE,
            BAD_TRAILERS);

    @Override
    protected Set<HostileCase> answeredByServer() {
        return SERVER_LEVEL;
    }

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        // the conformance test's server (its start does not depend on the test's lifecycle)
        return new TomcatConformanceTest().start(faultline, ServletConformanceKit.Setup.STANDARD);
    }
}
