package dev.faultline.jaxrs;

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
import static dev.faultline.testkit.HostileCase.HEADER_WITHOUT_COLON;
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
 * The hostile part of the conformance kit on RESTEasy's embedded Undertow (2.3) server, deployed as the
 * module's README shows ({@link RestEasyUndertow}). What Undertow's parser refuses it answers with a bare
 * 400 and an empty body, or by closing the connection (a chunked body it cannot decode), before any
 * Jakarta REST provider runs; what Undertow-servlet and RESTEasy refuse before a provider runs (a target
 * not in origin form, a path RESTEasy cannot decode or build) is answered by the deployment's initial
 * handler and error page with a problem.
 */
@DisplayName("RESTEasy (Undertow) answers hostile requests cleanly")
class RestEasyHostileTest extends HostileKit {

    static final Set<HostileCase> SERVER_LEVEL = Set.of(GARBAGE_REQUEST_LINE, BINARY_REQUEST_LINE,
            REQUEST_LINE_EXTRA_TOKEN, BAD_VERSION, CONTROL_IN_METHOD, BAD_PERCENT_ESCAPE, TRUNCATED_PERCENT_ESCAPE,
            INVALID_UTF8_IN_PATH, RAW_NUL_IN_PATH, INVALID_UTF8_IN_QUERY, RAW_INVALID_UTF8_IN_QUERY, HUGE_HEADERS,
            TOO_MANY_HEADERS, OVERSIZED_QUERY, CONFLICTING_CONTENT_LENGTH, DUPLICATE_CONTENT_LENGTH, BAD_CONTENT_LENGTH,
            NEGATIVE_CONTENT_LENGTH, CONTENT_LENGTH_AND_CHUNKED, SPACE_BEFORE_COLON, BAD_CHUNK_SIZE,
            OVERFLOWING_CHUNK_SIZE, BAD_TRAILERS, MISSING_HOST, DUPLICATE_HOST, PIPELINED_THEN_GARBAGE);

    @Override
    protected Set<HostileCase> answeredByServer() {
        return SERVER_LEVEL;
    }

    /**
     * What Undertow 2.3 answers wrongly before any handler runs: its parser reads a header line without a
     * colon as a header with an empty value ({@code ThisIsNotAHeader:}), which no handler can tell from
     * a legal empty one, and has no option to refuse it (Undertow 2.4 refuses it; see the README).
     */
    static final Map<HostileCase, String> KNOWN_DEFECTS = Map.of(HEADER_WITHOUT_COLON,
            "Undertow 2.3's parser reads a header line without a colon as a header with an empty value");

    @Override
    protected Map<HostileCase, String> knownDefects() {
        return KNOWN_DEFECTS;
    }

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        // the conformance test's server (its start does not depend on the test's lifecycle)
        return new RestEasyConformanceTest().start(faultline);
    }
}
