package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.error.ErrorSeverity;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import dev.faultline.http.BodyCapture;
import dev.faultline.testkit.TestRequest;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Recovery through the exchange")
class RecoveryIntegrationTest {

    private static final byte[] BODY = "{\"videos\":[1,2]}".getBytes(StandardCharsets.UTF_8);

    private static Faultline faultline() {
        return Faultline.builder().settings(n -> null).environment(Environment.PRODUCTION)
                .security(s -> s.rateLimit(false))
                .recovery(r -> r.staleIfError("/v").shedding("/v",
                        s -> s.minimumCalls(2).window(2).failureRatePercent(50).openFor(Duration.ofSeconds(30))))
                .build();
    }

    private static void succeed(Faultline f) {
        Exchange x = f.open(TestRequest.get("/v"));
        assertTrue(x.rejection().isEmpty());
        BodyCapture c = x.responseCapture().orElseThrow();
        c.describe("application/json", null, BODY.length);
        c.write(BODY, 0, BODY.length);
        x.close(ResponseView.of(200, BODY.length));
    }

    private static ErrorReply failWithDatabase(Faultline f, TestRequest request) {
        Exchange x = f.open(request);
        Optional<ErrorReply> refused = x.rejection();
        if (refused.isPresent()) {
            x.close(ResponseView.of(refused.get().status(), refused.get().body().length));
            return refused.get();
        }
        ErrorReply r = x.fail(new IllegalStateException(new SQLException("down")));
        x.close(ResponseView.of(r.status(), r.body().length));
        return r;
    }

    @Test
    @DisplayName("a shed GET is answered from its stale copy; the shed refusal itself is not critical")
    void shedThenStale() {
        try (Faultline f = faultline()) {
            succeed(f);
            for (int i = 0; i < 2; i++) { // failures answered from the copy still count against the route
                ErrorReply r = failWithDatabase(f, TestRequest.get("/v"));
                assertEquals(200, r.status());
                assertEquals("stale-if-error", r.header("X-Faultline-Degraded"));
            }
            ErrorReply shed = failWithDatabase(f, TestRequest.get("/v"));
            assertEquals(200, shed.status(), shed.bodyText());
            assertEquals("stale-if-error", shed.header("X-Faultline-Degraded"));
            assertEquals(ErrorSeverity.MEDIUM, shed.classification().severity());
        }
    }

    @Test
    @DisplayName("a request with credentials never gets someone's stale copy, nor leaves one")
    void noSharingAcrossCallers() {
        try (Faultline f = faultline()) {
            succeed(f);
            ErrorReply r = failWithDatabase(f, TestRequest.get("/v").header("Authorization", "Bearer alice"));
            assertEquals(503, r.status(), r.bodyText());
            Exchange x = f.open(TestRequest.get("/v").header("Cookie", "session=bob"));
            assertTrue(x.responseCapture().isEmpty(), "nothing is captured to keep");
        }
    }
}
