package dev.faultline.spring.boot;

import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.HttpReply;
import dev.faultline.servlet.FaultlineFilter;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Spring Boot's error path ({@code server.error.path}, {@code /error}) answered with Faultline's
 * problem instead of Boot's whitelabel page or JSON map: the failure the container recorded in the
 * request's error attributes when there is one, else its status, else 404 (a client that asks for
 * {@code /error} itself asked for something that is not there). Requests that did not pass Faultline's
 * filter get a bare status.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public class FaultlineErrorController implements ErrorController {

    /** The controller. */
    public FaultlineErrorController() {
    }

    /**
     * Answers the error path.
     *
     * @param request the request (an ERROR dispatch, or a direct request for the path)
     * @param response the response
     * @throws IOException if the problem cannot be written
     */
    @RequestMapping
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && HttpReply.isProblemStatus(i) ? i : 404;
        Optional<Exchange> exchange = FaultlineFilter.exchange(request);
        if (exchange.isEmpty() || response.isCommitted()) {
            if (!response.isCommitted()) {
                response.setStatus(status);
            }
            return;
        }
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        ErrorReply reply = failure instanceof Throwable t ? exchange.get().fail(SpringFailures.translate(t))
                : exchange.get().failStatus(status);
        FaultlineExceptionResolver.write(response, reply, org.springframework.http.HttpHeaders.EMPTY);
    }
}
