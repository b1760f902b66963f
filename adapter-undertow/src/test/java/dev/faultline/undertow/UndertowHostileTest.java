package dev.faultline.undertow;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileCase;
import dev.faultline.testkit.HostileChecks;
import dev.faultline.testkit.HostileKit;
import dev.faultline.testkit.KitApp;
import dev.faultline.testkit.LogCapture;
import dev.faultline.testkit.RawHttp;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.faultline.testkit.KitServer;
import static dev.faultline.testkit.HostileCase.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/** The hostile part of the conformance kit on a real Undertow server (see the adapter's README). */
@DisplayName("Undertow passes the hostile kit")
class UndertowHostileTest extends HostileKit {

    @Override
    protected KitServer start(Faultline faultline) {
        return UndertowConformanceTest.server(faultline);
    }

    /**
     * What Undertow answers itself, before any handler runs (see the README): its HTTP/1.1 parser's
     * {@code 400 Bad Request} with an empty body and {@code Connection: close} for a request line, header
     * or framing it cannot parse (a fixed byte buffer in {@code HttpReadListener}, no hook); its host
     * checks' {@code 400} (no Host, two Hosts, an absolute-form target naming another host); and the
     * chunked parser, which closes the connection on a bad chunk size or bad trailers while the
     * application reads the body (the adapter then records one client fault, never a 5xx).
     */
    static final Set<HostileCase> SERVER_LEVEL = Set.of(
            GARBAGE_REQUEST_LINE, BINARY_REQUEST_LINE, REQUEST_LINE_EXTRA_TOKEN, BAD_VERSION, CONTROL_IN_METHOD,
            RELATIVE_TARGET, ASTERISK_FORM_GET, ABSOLUTE_FORM_OTHER_HOST,
            BAD_PERCENT_ESCAPE, TRUNCATED_PERCENT_ESCAPE, INVALID_UTF8_IN_PATH, RAW_NUL_IN_PATH, INVALID_UTF8_IN_QUERY,
            RAW_INVALID_UTF8_IN_QUERY, NUL_IN_HEADER, HUGE_HEADERS, TOO_MANY_HEADERS, OVERSIZED_QUERY,
            CONFLICTING_CONTENT_LENGTH, DUPLICATE_CONTENT_LENGTH, BAD_CONTENT_LENGTH, NEGATIVE_CONTENT_LENGTH,
            CONTENT_LENGTH_AND_CHUNKED, SPACE_BEFORE_COLON, HEADER_WITHOUT_COLON,
            BAD_CHUNK_SIZE, OVERFLOWING_CHUNK_SIZE, BAD_TRAILERS,
            BARE_CR_IN_HEADER, CONTROL_CHARS_IN_USER_AGENT, HOSTILE_REQUEST_ID, BOGUS_TRACEPARENT, BARE_LF_LINE_ENDINGS,
            MISSING_HOST, DUPLICATE_HOST, PIPELINED_THEN_GARBAGE);

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
        Thread.sleep(200); // a second completion, or a late failure, would show now
        HostileChecks.assertLoggedOnceAsClientFault(id, logs, id);
        HostileChecks.assertNoServerFaultsNorAlerts(id, hostileFaultline);
    }
}
