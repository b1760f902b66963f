package dev.faultline.jaxrs;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.testkit.KitServer;
import dev.faultline.testkit.LogCapture;
import dev.faultline.testkit.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Jersey's Grizzly server as the conformance test starts it (with {@link FaultlineErrorPages}), a production
 * {@link Faultline}, the log events of the run, and a raw-socket client to it: for tests that send bytes an
 * HTTP client library would not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JerseyRawSocketTest {

    LogCapture logs;
    Faultline faultline;
    KitServer server;
    RawHttp raw;

    @BeforeAll
    void start() throws Exception {
        logs = LogCapture.attach();
        faultline = Faultline.builder().environment(Environment.PRODUCTION).settings(name -> null).build();
        server = new JerseyConformanceTest().start(faultline);
        raw = RawHttp.to(server.baseUri());
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {server, faultline, logs}) {
            if (c != null) {
                c.close();
            }
        }
    }
}
