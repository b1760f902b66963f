package dev.faultline.spring.boot;

import dev.faultline.servlet.RouteResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Route templates from Spring MVC: the pattern of the {@code @RequestMapping} that matched
 * ({@link HandlerMapping#BEST_MATCHING_PATTERN_ATTRIBUTE}), only when a controller method handled the
 * request. The static-resource handler's {@code /**} is not a route: a request that falls to it
 * stays unmatched ({@code _unmatched} for its 404).
 */
public final class SpringRoutes implements RouteResolver {

    /** The resolver. */
    public SpringRoutes() {
    }

    @Override
    public @Nullable String route(HttpServletRequest request) {
        Object handler = request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
        if (!(handler instanceof HandlerMethod)) {
            return null;
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return pattern instanceof String p && !p.isEmpty() ? p : null;
    }
}
