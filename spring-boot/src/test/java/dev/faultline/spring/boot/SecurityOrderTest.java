package dev.faultline.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.spring.boot.secured.SecuredApp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import dev.faultline.Faultline;

/**
 * Faultline's filter runs before Spring Security's chain: Security's own rejection (a 401 from HTTP
 * Basic's entry point) carries a request id, is answered with a problem that keeps the challenge, and
 * is counted.
 */
@SpringBootTest(classes = SecuredApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityOrderTest extends HttpSupport {

    @LocalServerPort
    int port;

    @Autowired
    Faultline faultline;

    @Override
    int port() {
        return port;
    }

    @Test
    void securitysRejectionHasARequestIdAndIsCounted() throws Exception {
        long before = faultline.errors().totalErrors();
        Answer a = get("/private/report");
        assertEquals(401, a.status(), a.response().body());
        assertNotNull(a.header("X-Request-Id"));
        assertTrue(String.valueOf(a.header("WWW-Authenticate")).startsWith("Basic"), a.header("WWW-Authenticate"));
        assertEquals(a.header("X-Request-Id"), a.json().path("request_id").asText(), a.response().body());
        assertEquals("authentication", a.json().path("error_type").asText(), a.response().body());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (faultline.errors().totalErrors() == before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(before + 1, faultline.errors().totalErrors());
    }
}
