package dev.faultline.servlet;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;
import org.jspecify.annotations.Nullable;

/** The resolvers behind {@link RouteResolver#standard()} and {@link RouteResolver#attribute()}. */
final class StandardRoutes {

    static final RouteResolver ATTRIBUTE = StandardRoutes::attribute;

    static final RouteResolver STANDARD = request -> {
        String route = attribute(request);
        return route != null ? route : mapping(request);
    };

    private StandardRoutes() {
    }

    static @Nullable String attribute(HttpServletRequest request) {
        Object route = request.getAttribute(RouteResolver.ROUTE_ATTRIBUTE);
        return route instanceof String s && !s.isEmpty() ? s : null;
    }

    static @Nullable String mapping(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        if (mapping == null) {
            return null;
        }
        MappingMatch match = mapping.getMappingMatch();
        if (match == MappingMatch.EXACT || match == MappingMatch.PATH) {
            String pattern = mapping.getPattern();
            return pattern == null || pattern.isEmpty() ? null : pattern;
        }
        return null;
    }
}
