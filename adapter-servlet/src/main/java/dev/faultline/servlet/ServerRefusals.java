package dev.faultline.servlet;

import dev.faultline.Faultline;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.RequestView;
import dev.faultline.http.ResponseView;
import dev.faultline.http.ServerRefusal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request the container refused before any filter ran (its parser found the request line, a header
 * or the framing malformed), turned into a problem: the exchange is opened, recorded as refused (under
 * the fixed endpoint {@code _rejected}, never the raw path) and closed once the answer is written.
 * Shared by {@link FaultlineErrorHandler} (Jetty) and {@link FaultlineErrorReportValve} (Tomcat).
 */
final class ServerRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(FaultlineFilter.class);

    private ServerRefusals() {
    }

    /** Records {@code failure} as the refusal of the exchange's request (under {@code _rejected}). */
    static ErrorReply reject(Exchange x, Throwable failure) {
        return x.reject(failure);
    }

    /** An open exchange and the problem to answer it with. */
    record Refusal(Exchange exchange, ErrorReply reply) {

        /** Closes the exchange with what was sent. */
        void close(int status, long bytes) {
            try {
                exchange.close(ResponseView.of(status, bytes));
            } catch (RuntimeException closeFailed) {
                LOG.error("could not close the exchange of refused request {}", exchange.requestId(), closeFailed);
            }
        }
    }

    /** {@link ServerRefusal#clientStatus(int)}. */
    static int clientStatus(int serverStatus) {
        return ServerRefusal.clientStatus(serverStatus);
    }

    /**
     * Opens the exchange of a refused request and returns its problem.
     *
     * @param status the status to answer with, a 4xx
     * @param reason the server's reason, logged only (it may quote the client's bytes)
     */
    static @Nullable Refusal refuse(Faultline faultline, RequestView view, int status, @Nullable String reason,
            @Nullable Throwable cause) {
        try {
            Exchange x = faultline.open(view);
            return new Refusal(x, ServerRefusals.reject(x, ServerRefusal.failure(status, reason, cause)));
        } catch (RuntimeException failed) {
            LOG.error("could not record a request the server refused", failed);
            return null;
        }
    }
}
