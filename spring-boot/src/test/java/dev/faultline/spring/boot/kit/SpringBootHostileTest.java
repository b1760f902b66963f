package dev.faultline.spring.boot.kit;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileKit;
import dev.faultline.testkit.KitServer;
import org.junit.jupiter.api.DisplayName;

/** The hostile part of the conformance kit on the Spring Boot application ({@link KitBootApp}). */
@DisplayName("Spring Boot (auto-configuration on embedded Tomcat) answers hostile requests cleanly")
class SpringBootHostileTest extends HostileKit {

    static {
        Quiet.logback();
    }

    @Override
    protected KitServer start(Faultline faultline) {
        return BootKitServer.start(faultline);
    }
}
