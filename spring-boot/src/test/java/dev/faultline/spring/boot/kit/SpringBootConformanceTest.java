package dev.faultline.spring.boot.kit;

import dev.faultline.Faultline;
import dev.faultline.testkit.ConformanceKit;
import dev.faultline.testkit.KitServer;
import org.junit.jupiter.api.DisplayName;

/**
 * The conformance kit on a Spring Boot application ({@link KitBootApp}) on its embedded Tomcat, with
 * Faultline wired by the auto-configuration.
 */
@DisplayName("Spring Boot (auto-configuration on embedded Tomcat) passes the conformance kit")
class SpringBootConformanceTest extends ConformanceKit {

    static {
        Quiet.logback();
    }

    @Override
    protected KitServer start(Faultline faultline) {
        return BootKitServer.start(faultline);
    }
}
