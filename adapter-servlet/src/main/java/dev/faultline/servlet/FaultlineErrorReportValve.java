package dev.faultline.servlet;

import dev.faultline.Faultline;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.ServerRefusal;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.catalina.Host;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's error report valve, answering with problems instead of Tomcat's HTML page (which holds the
 * exception's message and, by default, its stack trace):
 * <ul>
 *   <li>a request Tomcat refuses before any filter runs — a malformed request line or header, an
 *       invalid character in the target, an oversized header block, conflicting {@code Content-Length}
 *       headers, an unknown transfer coding, a URL no servlet maps — gets an
 *       {@code application/problem+json} body with a request id, and is recorded as a client fault
 *       under the endpoint {@code _rejected}; a 5xx Tomcat chose for the client's bytes (501 for an
 *       unknown transfer coding, 505 for a bad version) is answered 400;</li>
 *   <li>a request whose client went away (Faultline recorded it as {@code client_closed}) gets nothing:
 *       the connection is closed at once, where Tomcat would write its error page on it;</li>
 *   <li>a chunked body Tomcat's decoder refuses while the application reads it (a bad or overflowing
 *       chunk size, a chunk longer than its size, bad trailers) gets the 400 {@code validation} problem
 *       {@link FaultlineFilter} recorded: Tomcat calls {@code sendError(400)} inside the failed read, which
 *       suspends the response (the filter sees it committed and cannot write), and would end it with an
 *       empty body;</li>
 *   <li>any other error status that reaches the valve without a body is sent with an empty body, never
 *       with Tomcat's report: {@link FaultlineFilter} has answered, or chose not to, already.</li>
 * </ul>
 *
 * <pre>{@code
 * Tomcat tomcat = new Tomcat();
 * FaultlineErrorReportValve.install(tomcat.getHost(), faultline);
 * }</pre>
 *
 * <p>{@link #install(Host, Faultline)} adds the valve to the host and names its class as the host's
 * error report valve, so that Tomcat does not add its own when the host starts. Tomcat only: load this
 * class only where {@code tomcat-embed-core} (or Tomcat's {@code catalina.jar}) is on the class path.
 *
 * <p>Thread-safe: one instance serves the host.
 */
public final class FaultlineErrorReportValve extends ErrorReportValve {

    private static final Logger LOG = LoggerFactory.getLogger(FaultlineFilter.class);

    private final Faultline faultline;

    private FaultlineErrorReportValve(Faultline faultline) {
        this.faultline = Objects.requireNonNull(faultline, "faultline");
        setShowReport(false);
        setShowServerInfo(false);
    }

    /**
     * A valve that answers the requests Tomcat refuses with {@code faultline}'s problems.
     *
     * @param faultline the pipeline that records and renders the problems
     * @return the valve
     */
    public static FaultlineErrorReportValve create(Faultline faultline) {
        return new FaultlineErrorReportValve(faultline);
    }

    /**
     * Installs a valve for {@code faultline} on {@code host} in place of Tomcat's error report valve;
     * call it before the host starts. Returns the valve.
     *
     * @param host the Tomcat host
     * @param faultline the pipeline that records and renders the problems
     * @return the installed valve
     */
    public static FaultlineErrorReportValve install(Host host, Faultline faultline) {
        Objects.requireNonNull(host, "host");
        FaultlineErrorReportValve valve = create(faultline);
        if (host instanceof StandardHost standard) {
            standard.setErrorReportValveClass(FaultlineErrorReportValve.class.getName());
        }
        host.getPipeline().addValve(valve);
        return valve;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        RequestState state = request.getAttribute(RequestState.ATTRIBUTE) instanceof RequestState s ? s : null;
        if (state != null) {
            if (state.clientGone()) {
                response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
                response.setErrorReported();
                return;
            }
            // Faultline saw the request: it answered, or the response is to stay as it is; never a report.
            // A read of the body that Tomcat's decoder refuses (a bad chunk header, bad trailers) makes
            // Tomcat call sendError(400) inside the read (connector.InputBuffer.handleReadException): the
            // response is suspended, the filter sees it committed and cannot write, and Tomcat would end
            // it empty. The problem the filter recorded is written here, where Tomcat allows output again
            ErrorReply unsent = state.unsent() != null ? state.unsent() : state.problem();
            if (response.setErrorReported() && unsent != null) {
                try {
                    response.setSuspended(false);
                    response.reset();
                    state.requestIdHeader(response);
                    write(response, unsent);
                } catch (IOException | RuntimeException writeFailed) {
                    LOG.debug("could not write the problem of request {}", state.exchange().requestId(), writeFailed);
                }
            }
            return;
        }
        if (!response.setErrorReported()) {
            return;
        }
        AtomicBoolean io = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, io);
        if (!io.get()) {
            return;
        }
        ServerRefusals.Refusal refusal;
        if (status == 500 && throwable != null) {
            refusal = failure(request, throwable);
        } else {
            int sent = ServerRefusals.clientStatus(status);
            refusal = ServerRefusals.refuse(faultline, view(request), sent,
                    throwable != null ? throwable.getMessage() : response.getMessage(), throwable);
        }
        if (refusal == null) {
            return;
        }
        ErrorReply reply = refusal.reply();
        long bytes = -1;
        try {
            write(response, reply);
            bytes = reply.body().length;
        } catch (IOException | RuntimeException writeFailed) {
            LOG.debug("could not write the problem of refused request {}", refusal.exchange().requestId(), writeFailed);
        } finally {
            refusal.close(reply.status(), bytes);
        }
    }

    private ServerRefusals.@Nullable Refusal failure(Request request, Throwable throwable) {
        try {
            var x = faultline.open(view(request));
            return new ServerRefusals.Refusal(x, ServerRefusals.reject(x, throwable));
        } catch (RuntimeException failed) {
            LOG.error("could not record a request Tomcat failed", failed);
            return null;
        }
    }

    private static void write(Response response, ErrorReply reply) throws IOException {
        response.setStatus(reply.status());
        reply.writeHeaders(Replies.headers(response));
        byte[] body = reply.body();
        response.setContentLength(body.length);
        try {
            ServletOutputStream out = response.getOutputStream();
            out.write(body);
        } catch (IllegalStateException writerTaken) {
            PrintWriter writer = response.getWriter();
            writer.write(new String(body, StandardCharsets.UTF_8));
        }
        response.finishResponse();
    }

    private static ServerRefusal.RefusedRequest view(Request request) {
        String uri = safe(request::getRequestURI);
        String query = safe(request::getQueryString);
        return new ServerRefusal.RefusedRequest(safe(request::getMethod), uri, query, safe(request::getRemoteAddr), new ServerRefusal.RefusedRequest.Headers() {
                    @Override
                    public @Nullable String get(String name) {
                        try {
                            return request.getHeader(name);
                        } catch (RuntimeException unparsed) {
                            return null;
                        }
                    }

                    @Override
                    public void forEach(BiConsumer<String, String> action) {
                        Enumeration<String> names;
                        try {
                            names = request.getHeaderNames();
                        } catch (RuntimeException unparsed) {
                            return;
                        }
                        for (String name : Collections.list(names)) {
                            for (String value : Collections.list(request.getHeaders(name))) {
                                action.accept(name, value);
                            }
                        }
                    }
                });
    }

    private static @Nullable String safe(java.util.function.Supplier<String> read) {
        try {
            return read.get();
        } catch (RuntimeException unparsed) {
            return null;
        }
    }
}
