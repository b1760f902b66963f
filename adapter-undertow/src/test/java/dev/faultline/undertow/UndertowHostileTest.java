package dev.faultline.undertow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.faultline.Faultline;
import dev.faultline.testkit.HostileCase;
import dev.faultline.testkit.HostileChecks;
import dev.faultline.testkit.HostileKit;
import dev.faultline.testkit.KitApp;
import dev.faultline.testkit.KitServer;
import dev.faultline.testkit.LogCapture;
import dev.faultline.testkit.RawHttp;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hostile part of the conformance kit on a real Undertow server (see the adapter's README). */
@DisplayName("Undertow passes the hostile kit")
class UndertowHostileTest extends HostileKit {

    @Override
    protected KitServer start(Faultline faultline) {
        return UndertowConformanceTest.server(faultline);
    }

    /** What Undertow answers itself, before any handler runs (see the README and the set's description). */
    static final Set<HostileCase> SERVER_LEVEL = HostileCase.UNDERTOW_SERVER_LEVEL;

    @Override
    protected Set<HostileCase> answeredByServer() {
        return SERVER_LEVEL;
    }

    /**
     * Regression (issue 14): bad trailers on a route behind {@code FaultlineHandler.blocking} were logged
     * "request completed 200" and then "request failed 500" (UT000042): Undertow's chunked parser closes
     * the connection, completing the exchange, before the read's exception reaches the guard.
     */
    @ParameterizedTest(name = "broken chunked body {index} on a guarded route")
    @ValueSource(strings = {"5\r\nhello\r\n0\r\nnot a trailer\r\n\r\n", "zz\r\nhello\r\n0\r\n\r\n",
            "a\r\nhel"})
    void brokenChunkedBodyOnAGuardedRoute(String body) throws Exception {
        String chunked = body;
        String id = "guarded-chunks-" + Integer.toHexString(chunked.hashCode());
        String request = "POST " + KitApp.JSON + " HTTP/1.1\r\nHost: " + raw.authority() + "\r\nX-Request-Id: " + id
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked;
        boolean cut = !chunked.endsWith("\r\n\r\n");
        RawHttp.Result r = raw.exchange(request, cut ? RawHttp.Options.standard().closeAfterSend() : RawHttp.Options.standard());
        for (RawHttp.Response response : r.all()) {
            HostileChecks.assertClean(id, response, true);
        }
        ILoggingEvent completion = logs.completion(id);
        int status = ((Number) LogCapture.kv(completion).get("status")).intValue();
        assertTrue(status == 400 || status == 499, () -> "recorded as a client fault: " + LogCapture.everything(completion));
        // a second completion, or a late failure, would come right after the first
        logs.assertNoneWithin(Duration.ofMillis(200), e -> e != completion && LogCapture.isCompletionOf(e, id)
                || e.getLoggerName().equals("faultline.error") && e.getLevel().isGreaterOrEqual(Level.ERROR)
                        && id.equals(String.valueOf(LogCapture.kv(e).get("request_id"))),
                "logged again after its completion");
        HostileChecks.assertLoggedOnceAsClientFault(id, logs, id);
        HostileChecks.assertNoServerFaultsNorAlerts(id, hostileFaultline);
    }
}
