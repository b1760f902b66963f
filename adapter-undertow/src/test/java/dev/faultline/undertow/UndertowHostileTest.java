package dev.faultline.undertow;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileCase;
import dev.faultline.testkit.HostileKit;
import dev.faultline.testkit.KitServer;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/** The hostile part of the conformance kit on a real Undertow server (see the adapter's README). */
@DisplayName("Undertow passes the hostile kit")
class UndertowHostileTest extends HostileKit {

    @Override
    protected KitServer start(Faultline faultline) {
        return UndertowConformanceTest.server(faultline);
    }

    @Override
    protected Set<HostileCase> answeredByServer() {
        return Set.of();
    }
}
