package dev.faultline.undertow;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileCase;
import dev.faultline.testkit.HostileKit;
import dev.faultline.testkit.KitServer;
import static dev.faultline.testkit.HostileCase.*;

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
}
