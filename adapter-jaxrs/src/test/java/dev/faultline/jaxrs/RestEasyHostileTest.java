package dev.faultline.jaxrs;

import static dev.faultline.testkit.HostileCase.ASTERISK_FORM_GET;
import static dev.faultline.testkit.HostileCase.ASTERISK_FORM_OPTIONS;
import static dev.faultline.testkit.HostileCase.RELATIVE_TARGET;
import static dev.faultline.testkit.HostileCase.OVERLONG_UTF8_ESCAPE;
import static dev.faultline.testkit.HostileCase.ESCAPED_CRLF_IN_PATH;
import static dev.faultline.testkit.HostileCase.HEADER_WITHOUT_COLON;
import static dev.faultline.testkit.HostileCase.BAD_CHUNK_SIZE;
import static dev.faultline.testkit.HostileCase.BAD_CONTENT_LENGTH;
import static dev.faultline.testkit.HostileCase.BAD_PERCENT_ESCAPE;
import static dev.faultline.testkit.HostileCase.BAD_TRAILERS;
import static dev.faultline.testkit.HostileCase.BAD_VERSION;
import static dev.faultline.testkit.HostileCase.BINARY_REQUEST_LINE;
import static dev.faultline.testkit.HostileCase.CONFLICTING_CONTENT_LENGTH;
import static dev.faultline.testkit.HostileCase.CONTENT_LENGTH_AND_CHUNKED;
import static dev.faultline.testkit.HostileCase.CONTROL_IN_METHOD;
import static dev.faultline.testkit.HostileCase.DUPLICATE_CONTENT_LENGTH;
import static dev.faultline.testkit.HostileCase.DUPLICATE_HOST;
import static dev.faultline.testkit.HostileCase.GARBAGE_REQUEST_LINE;
import static dev.faultline.testkit.HostileCase.HUGE_HEADERS;
import static dev.faultline.testkit.HostileCase.INVALID_UTF8_IN_PATH;
import static dev.faultline.testkit.HostileCase.INVALID_UTF8_IN_QUERY;
import static dev.faultline.testkit.HostileCase.MISSING_HOST;
import static dev.faultline.testkit.HostileCase.NEGATIVE_CONTENT_LENGTH;
import static dev.faultline.testkit.HostileCase.OVERFLOWING_CHUNK_SIZE;
import static dev.faultline.testkit.HostileCase.OVERSIZED_QUERY;
import static dev.faultline.testkit.HostileCase.PIPELINED_THEN_GARBAGE;
import static dev.faultline.testkit.HostileCase.RAW_INVALID_UTF8_IN_QUERY;
import static dev.faultline.testkit.HostileCase.RAW_NUL_IN_PATH;
import static dev.faultline.testkit.HostileCase.REQUEST_LINE_EXTRA_TOKEN;
import static dev.faultline.testkit.HostileCase.SPACE_BEFORE_COLON;
import static dev.faultline.testkit.HostileCase.TOO_MANY_HEADERS;
import static dev.faultline.testkit.HostileCase.TRUNCATED_PERCENT_ESCAPE;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileCase;
import dev.faultline.testkit.HostileKit;
import dev.faultline.testkit.KitServer;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/**
 * The hostile part of the conformance kit on RESTEasy's embedded Undertow (2.3) server. What Undertow's
 * parser refuses it answers with a bare 400 and an empty body, or by closing the connection (a chunked
 * body it cannot decode), before any Jakarta REST provider runs (see the module's README, which also
 * lists what RESTEasy's Undertow-servlet layer answers with a 500 or an HTML page: those cases fail
 * here, as they should, until they can be reached).
 */
@DisplayName("RESTEasy (Undertow) answers hostile requests cleanly")
class RestEasyHostileTest extends HostileKit {

    static final Set<HostileCase> SERVER_LEVEL = Set.of(GARBAGE_REQUEST_LINE, BINARY_REQUEST_LINE,
            REQUEST_LINE_EXTRA_TOKEN, BAD_VERSION, CONTROL_IN_METHOD, BAD_PERCENT_ESCAPE, TRUNCATED_PERCENT_ESCAPE,
            INVALID_UTF8_IN_PATH, RAW_NUL_IN_PATH, INVALID_UTF8_IN_QUERY, RAW_INVALID_UTF8_IN_QUERY, HUGE_HEADERS,
            TOO_MANY_HEADERS, OVERSIZED_QUERY, CONFLICTING_CONTENT_LENGTH, DUPLICATE_CONTENT_LENGTH, BAD_CONTENT_LENGTH,
            NEGATIVE_CONTENT_LENGTH, CONTENT_LENGTH_AND_CHUNKED, SPACE_BEFORE_COLON, BAD_CHUNK_SIZE,
            OVERFLOWING_CHUNK_SIZE, BAD_TRAILERS, MISSING_HOST, DUPLICATE_HOST, PIPELINED_THEN_GARBAGE);

    /**
     * What RESTEasy's embedded server (resteasy-undertow, Undertow-servlet 2.3) answers wrongly before any
     * Jakarta REST provider runs; {@code SeBootstrap} exposes no hook into that deployment (see the README).
     */
    static final Map<HostileCase, String> KNOWN_DEFECTS = Map.of(
            ASTERISK_FORM_GET, "Undertow-servlet's bare 500 (UT000068, servlet path match failed) before any provider",
            ASTERISK_FORM_OPTIONS, "Undertow-servlet's bare 500 (UT000068) before any provider",
            RELATIVE_TARGET, "Undertow-servlet's bare 500 (UT000068) for a target without a leading slash",
            OVERLONG_UTF8_ESCAPE, "Undertow-servlet's minimal HTML 'Bad Request' page: RESTEasy cannot decode the path",
            ESCAPED_CRLF_IN_PATH, "a 500 with Undertow-servlet's HTML error page, thrown while RESTEasy builds the request",
            HEADER_WITHOUT_COLON, "Undertow 2.3's parser accepts a header line without a colon (2.4 refuses it)");

    @Override
    protected Set<HostileCase> answeredByServer() {
        return SERVER_LEVEL;
    }

    @Override
    protected Map<HostileCase, String> knownDefects() {
        return KNOWN_DEFECTS;
    }

    /** Undertow-servlet's error page shows a stack trace to a loopback client (LOCAL_ONLY); see the README. */
    @Override
    protected boolean knownDefectsShowStackTraces() {
        return true;
    }

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        // the conformance test's server (its start does not depend on the test's lifecycle)
        return new RestEasyConformanceTest().start(faultline);
    }
}
