package dev.faultline.spring.boot;

import dev.faultline.Faultline;
import dev.faultline.error.Classification;
import dev.faultline.error.ErrorType;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.HttpReply;
import dev.faultline.servlet.FaultlineFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Tells Faultline about every exception Spring MVC's handler exception resolvers see, before any of
 * them runs ({@link Ordered#HIGHEST_PRECEDENCE}): the real exception (not the {@code ServletException}
 * the filter would see), its reason and its field errors ({@link SpringFailures}).
 *
 * <ul>
 *   <li>{@link FaultlineProperties.Mode#RENDER}: Faultline classifies the failure, runs recovery and
 *       writes its problem (with the Spring exception's own headers, such as {@code Allow} for a 405);
 *       the request is resolved and Spring's other resolvers do not run.</li>
 *   <li>{@link FaultlineProperties.Mode#OBSERVE}: Faultline records the failure (logged once, counted
 *       with its type, alerted) and returns {@code null}: Spring's chain (the application's
 *       {@code @ExceptionHandler}s, {@code ProblemDetail}s, {@code /error}) writes the body, to which
 *       {@link FaultlineProblemDetailAdvice} adds {@code request_id} and {@code error_type}.</li>
 * </ul>
 *
 * <p>Requests that did not pass Faultline's filter are left alone.
 */
public final class FaultlineExceptionResolver implements HandlerExceptionResolver, Ordered {

    /** The request attribute that holds the {@code error_type} label of the failure recorded for the request. */
    public static final String ERROR_TYPE_ATTRIBUTE = "dev.faultline.spring.errorType";

    private static final Logger LOG = LoggerFactory.getLogger(FaultlineExceptionResolver.class);

    private final Faultline faultline;
    private final FaultlineProperties.Mode mode;

    /**
     * A resolver.
     *
     * @param faultline the Faultline whose exchanges the filter opened
     * @param mode who writes the body
     */
    public FaultlineExceptionResolver(Faultline faultline, FaultlineProperties.Mode mode) {
        this.faultline = Objects.requireNonNull(faultline, "faultline");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /**
     * Who writes the body.
     *
     * @return the mode
     */
    public FaultlineProperties.Mode mode() {
        return mode;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
            @Nullable Object handler, Exception ex) {
        Optional<Exchange> exchange = FaultlineFilter.exchange(request);
        if (exchange.isEmpty()) {
            return null;
        }
        Exchange x = exchange.get();
        Throwable failure;
        try {
            failure = SpringFailures.translate(ex);
        } catch (RuntimeException translationFailed) {
            LOG.warn("could not translate {}; Faultline takes it as it is", ex.getClass().getName(), translationFailed);
            failure = ex;
        }
        Throwable gone = clientGone(ex);
        if (gone != null) {
            failure = gone;
        }
        if (mode == FaultlineProperties.Mode.OBSERVE || response.isCommitted()) {
            x.record(failure);
            request.setAttribute(ERROR_TYPE_ATTRIBUTE, label(failure));
            return null;
        }
        ErrorReply reply = x.fail(failure);
        request.setAttribute(ERROR_TYPE_ATTRIBUTE, reply.classification().type().label());
        try {
            write(response, reply, ex instanceof ErrorResponse er ? er.getHeaders() : HttpHeaders.EMPTY);
        } catch (IOException | RuntimeException writeFailed) {
            LOG.debug("could not write the problem for request {}", x.requestId(), writeFailed);
        }
        return new ModelAndView(); // resolved: an empty model and view renders nothing more
    }

    /**
     * The container's own exception when Spring's {@code HttpMessageNotReadableException} only wraps a
     * read that failed because the client went away (a body cut short, a reset connection): that is
     * the client's connection, not a bad body ({@code client_closed}, not {@code validation}).
     */
    private @Nullable Throwable clientGone(Exception ex) {
        if (!(ex instanceof HttpMessageNotReadableException) || !(ex.getCause() instanceof IOException io)) {
            return null;
        }
        try {
            return faultline.classifier().classify(io).type() == ErrorType.CLIENT_CLOSED ? io : null;
        } catch (RuntimeException classifierFailed) {
            return null;
        }
    }

    private String label(Throwable failure) {
        try {
            Classification c = faultline.classifier().classify(failure);
            return c.type().label();
        } catch (RuntimeException classifierFailed) {
            return ErrorType.INTERNAL.label();
        }
    }

    static void write(HttpServletResponse response, ErrorReply reply, HttpHeaders extra)
            throws IOException {
        // the buffer goes, the headers the application set (cookies, CORS) stay
        response.resetBuffer();
        response.setStatus(reply.status());
        reply.writeHeaders(new HttpReply.HeaderWriter() {
            @Override
            public void set(String name, String value) {
                if (name.equalsIgnoreCase("Content-Type")) {
                    response.setContentType(value);
                } else if (!name.equalsIgnoreCase("Content-Length")) { // set below from the body
                    response.setHeader(name, value);
                }
            }

            @Override
            public void add(String name, String value) {
                if (!name.equalsIgnoreCase("Content-Length")) {
                    response.addHeader(name, value);
                }
            }
        });
        extra.forEach((name, values) -> {
            if (reply.header(name) == null) { // the reply's own value wins
                values.forEach(v -> response.addHeader(name, v));
            }
        });
        if (response.getContentType() == null) {
            response.setContentType(reply.contentType());
        }
        byte[] body = reply.body();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
