package dev.faultline.jaxrs;

import static dev.faultline.testkit.HostileCase.ABSOLUTE_FORM_OTHER_HOST;
import static dev.faultline.testkit.HostileCase.ASTERISK_FORM_GET;
import static dev.faultline.testkit.HostileCase.BAD_CHUNK_SIZE;
import static dev.faultline.testkit.HostileCase.BAD_CONTENT_LENGTH;
import static dev.faultline.testkit.HostileCase.BAD_PERCENT_ESCAPE;
import static dev.faultline.testkit.HostileCase.BAD_TRAILERS;
import static dev.faultline.testkit.HostileCase.BAD_VERSION;
import static dev.faultline.testkit.HostileCase.BARE_CR_IN_HEADER;
import static dev.faultline.testkit.HostileCase.BARE_LF_LINE_ENDINGS;
import static dev.faultline.testkit.HostileCase.BINARY_REQUEST_LINE;
import static dev.faultline.testkit.HostileCase.BOGUS_TRACEPARENT;
import static dev.faultline.testkit.HostileCase.CONFLICTING_CONTENT_LENGTH;
import static dev.faultline.testkit.HostileCase.CONTENT_LENGTH_AND_CHUNKED;
import static dev.faultline.testkit.HostileCase.CONTROL_CHARS_IN_USER_AGENT;
import static dev.faultline.testkit.HostileCase.CONTROL_IN_METHOD;
import static dev.faultline.testkit.HostileCase.DUPLICATE_CONTENT_LENGTH;
import static dev.faultline.testkit.HostileCase.DUPLICATE_HOST;
import static dev.faultline.testkit.HostileCase.GARBAGE_REQUEST_LINE;
import static dev.faultline.testkit.HostileCase.HEADER_WITHOUT_COLON;
import static dev.faultline.testkit.HostileCase.HOSTILE_REQUEST_ID;
import static dev.faultline.testkit.HostileCase.HUGE_HEADERS;
import static dev.faultline.testkit.HostileCase.INVALID_UTF8_IN_PATH;
import static dev.faultline.testkit.HostileCase.INVALID_UTF8_IN_QUERY;
import static dev.faultline.testkit.HostileCase.MISSING_HOST;
import static dev.faultline.testkit.HostileCase.NEGATIVE_CONTENT_LENGTH;
import static dev.faultline.testkit.HostileCase.NUL_IN_HEADER;
import static dev.faultline.testkit.HostileCase.OVERFLOWING_CHUNK_SIZE;
import static dev.faultline.testkit.HostileCase.OVERSIZED_QUERY;
import static dev.faultline.testkit.HostileCase.PIPELINED_THEN_GARBAGE;
import static dev.faultline.testkit.HostileCase.RAW_INVALID_UTF8_IN_QUERY;
import static dev.faultline.testkit.HostileCase.RAW_NUL_IN_PATH;
import static dev.faultline.testkit.HostileCase.RELATIVE_TARGET;
import static dev.faultline.testkit.HostileCase.REQUEST_LINE_EXTRA_TOKEN;
import static dev.faultline.testkit.HostileCase.SPACE_BEFORE_COLON;
import static dev.faultline.testkit.HostileCase.TOO_MANY_HEADERS;
import static dev.faultline.testkit.HostileCase.TRUNCATED_PERCENT_ESCAPE;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileCase;
import dev.faultline.testkit.HostileKit;
import dev.faultline.testkit.KitServer;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/**
 * The hostile part of the conformance kit on RESTEasy's embedded Undertow server (undertow-core and
 * undertow-servlet 2.3.26, see the module's pom), deployed as the module's README shows
 * ({@link RestEasyUndertow}). What Undertow's parser refuses it answers with a bare 400 and an empty body,
 * or by closing the connection (a chunked body it cannot decode), before any Jakarta REST provider runs:
 * the same cases as on the Undertow adapter's 2.4, a header line without a colon among them (Undertow
 * 2.3.20, RESTEasy 7.0's own, served it as an empty header). What Undertow-servlet and RESTEasy refuse
 * before a provider runs ({@code OPTIONS *}, the one target not in origin form the parser lets through; a
 * path RESTEasy cannot decode or build) is answered by the deployment's initial handler and error page with
 * a problem. No known defect.
 */
@DisplayName("RESTEasy (Undertow) answers hostile requests cleanly")
class RestEasyHostileTest extends HostileKit {

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

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        // the conformance test's server (its start does not depend on the test's lifecycle)
        return new RestEasyConformanceTest().start(faultline);
    }
}
