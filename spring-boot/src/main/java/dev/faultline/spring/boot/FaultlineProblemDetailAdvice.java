package dev.faultline.spring.boot;

import dev.faultline.RequestContext;
import dev.faultline.servlet.FaultlineFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Adds {@code request_id} and {@code error_type} to every {@link ProblemDetail} Spring MVC writes
 * (Spring's own, with {@code spring.mvc.problemdetails.enabled}, and the application's
 * {@code @ExceptionHandler}s'), so that a client can quote the request id whoever wrote the body.
 * Properties the body already has are kept.
 */
@ControllerAdvice
public class FaultlineProblemDetailAdvice implements ResponseBodyAdvice<Object> {

    /** The advice. */
    public FaultlineProblemDetailAdvice() {
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && request instanceof ServletServerHttpRequest servlet) {
            HttpServletRequest req = servlet.getServletRequest();
            Optional<RequestContext> x = FaultlineFilter.requestContext(req);
            if (x.isPresent()) {
                if (problem.getProperties() == null || !problem.getProperties().containsKey("request_id")) {
                    problem.setProperty("request_id", x.get().requestId());
                }
                Object type = req.getAttribute(FaultlineExceptionResolver.ERROR_TYPE_ATTRIBUTE);
                if (type != null && (problem.getProperties() == null || !problem.getProperties().containsKey("error_type"))) {
                    problem.setProperty("error_type", type);
                }
            }
        }
        return body;
    }
}
