package dev.faultline.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Finds the route template of a request ({@code /videos/{id}}), which names the endpoint in logs,
 * metrics and error events. The Servlet API knows no templates: a servlet mapping such as
 * {@code /videos/*} is the closest it has, so a web framework that routes inside a servlet (or the
 * application itself) should say which route matched, either through the request attribute
 * {@value #ROUTE_ATTRIBUTE} or through a resolver of its own given to
 * {@link FaultlineFilter.Builder#routeResolver(RouteResolver)}.
 *
 * <p>Faultline calls the resolver when it needs the route: when the application failed (inside the
 * request), and when the exchange closes; the first route found is kept for the request. Routes are
 * normalised ({@code /items/{id:\d+}} gives {@code /items/{id}}, see
 * {@link dev.faultline.http.RouteTemplates#normalize}). A resolver that throws is logged and counted
 * ({@link FaultlineFilter#routeResolverFailures()}), and the route taken as unknown; it never breaks
 * the request. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface RouteResolver {

    /**
     * The request attribute the {@linkplain #standard() standard resolver} reads first: a
     * {@code String} route template set by the application or its framework, for example
     * {@code request.setAttribute(RouteResolver.ROUTE_ATTRIBUTE, "/videos/{id}")}.
     */
    String ROUTE_ATTRIBUTE = "dev.faultline.route";

    /**
     * The route template of {@code request}, or {@code null} when unknown (the endpoint is then the
     * path, or {@code _unmatched} for a 404).
     *
     * @param request the request
     * @return its route template, or {@code null} when unknown
     */
    @Nullable String route(HttpServletRequest request);

    /**
     * This resolver, and {@code other} where this one knows no route.
     *
     * @param other the resolver asked when this one knows no route
     * @return the combined resolver
     */
    default RouteResolver orElse(RouteResolver other) {
        Objects.requireNonNull(other, "other");
        return request -> {
            String route = route(request);
            return route != null && !route.isEmpty() ? route : other.route(request);
        };
    }

    /**
     * The default: the {@value #ROUTE_ATTRIBUTE} request attribute when set, else the servlet mapping
     * pattern when the servlet was mapped by an exact path ({@code /health}) or a path prefix
     * ({@code /videos/*}); none for the default servlet ({@code /}), extension mappings and the
     * context root.
     *
     * @return the standard resolver
     */
    static RouteResolver standard() {
        return StandardRoutes.STANDARD;
    }

    /**
     * Only the {@value #ROUTE_ATTRIBUTE} request attribute.
     *
     * @return a resolver that reads the request attribute only
     */
    static RouteResolver attribute() {
        return StandardRoutes.ATTRIBUTE;
    }
}
