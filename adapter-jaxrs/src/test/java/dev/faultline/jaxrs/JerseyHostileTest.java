package dev.faultline.jaxrs;

import static dev.faultline.testkit.HostileCase.BAD_CHUNK_SIZE;
import static dev.faultline.testkit.HostileCase.BAD_CONTENT_LENGTH;
import static dev.faultline.testkit.HostileCase.BAD_TRAILERS;
import static dev.faultline.testkit.HostileCase.BAD_VERSION;
import static dev.faultline.testkit.HostileCase.BINARY_REQUEST_LINE;
import static dev.faultline.testkit.HostileCase.CONFLICTING_CONTENT_LENGTH;
import static dev.faultline.testkit.HostileCase.GARBAGE_REQUEST_LINE;
import static dev.faultline.testkit.HostileCase.HEADER_WITHOUT_COLON;
import static dev.faultline.testkit.HostileCase.HUGE_HEADERS;
import static dev.faultline.testkit.HostileCase.MISSING_HOST;
import static dev.faultline.testkit.HostileCase.NEGATIVE_CONTENT_LENGTH;
import static dev.faultline.testkit.HostileCase.OVERFLOWING_CHUNK_SIZE;
import static dev.faultline.testkit.HostileCase.OVERSIZED_HEADER;
import static dev.faultline.testkit.HostileCase.OVERSIZED_QUERY;
import static dev.faultline.testkit.HostileCase.OVERSIZED_REQUEST_LINE;
import static dev.faultline.testkit.HostileCase.PIPELINED_THEN_GARBAGE;
import static dev.faultline.testkit.HostileCase.REQUEST_LINE_EXTRA_TOKEN;
import static dev.faultline.testkit.HostileCase.TOO_MANY_HEADERS;

import dev.faultline.Faultline;
import dev.faultline.testkit.HostileCase;
import dev.faultline.testkit.HostileKit;
import dev.faultline.testkit.KitServer;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/** The hostile part of the conformance kit on Jersey's Grizzly server, with Faultline's error pages. */
@DisplayName("Jersey (Grizzly) answers hostile requests cleanly")
class JerseyHostileTest extends HostileKit {

    /**
     * What Grizzly's HTTP codec answers itself, before Jersey or its error pages run: a bare status with
     * an empty body (400, or 505 for a version it does not know), or no answer while it waits for the
     * end of a line it cannot parse; after a pipelined request, its error page for an unparsable one
     * (Faultline's problem body) goes out without the content type (see the module's README).
     */
    static final Set<HostileCase> SERVER_LEVEL = Set.of(GARBAGE_REQUEST_LINE, BINARY_REQUEST_LINE,
            REQUEST_LINE_EXTRA_TOKEN, BAD_VERSION, OVERSIZED_REQUEST_LINE, OVERSIZED_HEADER, HUGE_HEADERS,
            TOO_MANY_HEADERS, OVERSIZED_QUERY, CONFLICTING_CONTENT_LENGTH, BAD_CONTENT_LENGTH, NEGATIVE_CONTENT_LENGTH,
            HEADER_WITHOUT_COLON, BAD_CHUNK_SIZE, OVERFLOWING_CHUNK_SIZE, BAD_TRAILERS, MISSING_HOST,
            PIPELINED_THEN_GARBAGE);

    @Override
    protected Set<HostileCase> answeredByServer() {
        return SERVER_LEVEL;
    }

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        // the conformance test's server (its start does not depend on the test's lifecycle)
        return new JerseyConformanceTest().start(faultline);
    }
}
