package dev.faultline.http;

import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import org.jspecify.annotations.Nullable;

/**
 * A request the server refused before the application (or the adapter's filter) saw it: its parser
 * found the request line, a header or the framing malformed. Adapters that hook the server's own error
 * answers open an exchange for it and record the failure made here with {@link Exchange#reject}, so
 * that every adapter answers and counts such requests alike. Stateless.
 */
public final class ServerRefusal {

    private ServerRefusal() {
    }

    /**
     * The status a client gets for a request its server refused: the server's 4xx as it is; any other
     * status the server's parser chose for the client's bytes (505 for a bad version, 501 for an unknown
     * transfer coding, a 500 for a line it could not parse) becomes 400, since the fault is the
     * client's and no 5xx may be counted for it.
     *
     * @param serverStatus the status the server chose
     * @return the client-fault status to answer with
     */
    public static int clientStatus(int serverStatus) {
        return serverStatus >= 400 && serverStatus < 500 ? serverStatus : 400;
    }

    /**
     * The failure to record for a refused request: a client fault of the status's type with that
     * status, whose public detail says nothing of the request (the reason, which may quote the client's
     * bytes, is logged only).
     *
     * @param status the status to answer with, a 4xx (see {@link #clientStatus})
     * @param reason the server's reason, or {@code null}
     * @param cause the server's exception, or {@code null}
     * @return the failure
     * @throws IllegalArgumentException if {@code status} is not a {@linkplain HttpReply#isProblemStatus problem status}
     */
    public static FaultlineException failure(int status, @Nullable String reason, @Nullable Throwable cause) {
        ErrorType type = ErrorType.forStatus(status);
        FaultlineException refused = new FaultlineException(type, null,
                "refused by the server: " + (reason == null ? "malformed request" : reason), cause);
        return status == type.status() ? refused : refused.withStatus(status);
    }
}
