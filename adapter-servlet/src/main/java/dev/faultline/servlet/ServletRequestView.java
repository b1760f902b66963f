package dev.faultline.servlet;

import dev.faultline.http.RequestView;
import dev.faultline.http.RouteTemplates;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * What the core sees of a servlet request. The request line is read once, when the exchange opens
 * (later dispatches change what {@code getRequestURI()} returns); headers and the route are read
 * from the live request when the core asks, which is always before the request is recycled.
 *
 * <p>The path is the raw (not decoded) request URI <em>within the application</em>: the context
 * path is removed, so that it matches what the application's routes, the stale-if-error and
 * shedding routes and the monitoring endpoints are configured with, whatever context the
 * application is deployed under. A {@code ;jsessionid=} path parameter is removed too: a session id
 * must not reach a log line.
 */
final class ServletRequestView implements RequestView {

    private final HttpServletRequest request;
    private final RouteResolver routes;
    private final String method;
    private final String path;
    private final @Nullable String query;
    private @Nullable String route;

    /**
     * @param request the request as the container passed it
     * @param routes the (guarded) route resolver; {@code null} for a request that reached no route
     * @param errorDispatch whether the request is seen first in an ERROR dispatch, whose
     *     {@code getRequestURI()} is the error page's: the original comes from the error attributes
     */
    ServletRequestView(HttpServletRequest request, @Nullable RouteResolver routes, boolean errorDispatch) {
        this.request = request;
        this.routes = routes == null ? r -> null : routes;
        this.method = request.getMethod();
        String uri = null;
        String q;
        if (errorDispatch && request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original) {
            uri = original;
            q = request.getAttribute(RequestDispatcher.ERROR_QUERY_STRING) instanceof String s ? s : null;
        } else {
            q = request.getQueryString();
        }
        this.path = withinApplication(uri != null ? uri : request.getRequestURI(), request.getContextPath());
        this.query = q == null || q.isEmpty() ? null : q;
    }

    /** A copy of {@code view} that answers another path (a monitoring servlet's endpoint path). */
    private ServletRequestView(ServletRequestView view, String path) {
        this.request = view.request;
        this.routes = view.routes;
        this.method = view.method;
        this.query = view.query;
        this.path = path;
    }

    /** This view with another path. */
    ServletRequestView withPath(String otherPath) {
        return new ServletRequestView(this, otherPath);
    }

    static String withinApplication(@Nullable String uri, @Nullable String contextPath) {
        String p = uri == null || uri.isEmpty() ? "/" : uri;
        if (contextPath != null && !contextPath.isEmpty() && p.startsWith(contextPath)) {
            p = p.substring(contextPath.length());
        }
        p = withoutSessionId(p);
        return p.isEmpty() ? "/" : p;
    }

    /** Removes {@code ;jsessionid=...} path parameters (case-insensitive), up to the next {@code ;} or {@code /}. */
    static String withoutSessionId(String p) {
        int at = p.toLowerCase(Locale.ROOT).indexOf(";jsessionid=");
        if (at < 0) {
            return p;
        }
        StringBuilder b = new StringBuilder(p.length());
        int from = 0;
        String lower = p.toLowerCase(Locale.ROOT);
        while (at >= 0) {
            b.append(p, from, at);
            int end = at + 1;
            while (end < p.length() && p.charAt(end) != ';' && p.charAt(end) != '/') {
                end++;
            }
            from = end;
            at = lower.indexOf(";jsessionid=", from);
        }
        b.append(p, from, p.length());
        return b.toString();
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public @Nullable String routeTemplate() {
        String r = route;
        if (r == null) {
            r = RouteTemplates.normalize(routes.route(request));
            if (r != null) {
                route = r; // known once matched; a later dispatch does not change the request's route
            }
        }
        return r;
    }

    @Override
    public @Nullable String query() {
        return query;
    }

    @Override
    public @Nullable String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
        Enumeration<String> names = request.getHeaderNames();
        if (names == null) {
            return;
        }
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            Enumeration<String> values = request.getHeaders(name);
            if (values == null) {
                continue;
            }
            while (values.hasMoreElements()) {
                action.accept(name, values.nextElement());
            }
        }
    }

    @Override
    public @Nullable String remoteAddress() {
        return request.getRemoteAddr();
    }

    @Override
    public String scheme() {
        String scheme = request.getScheme();
        return scheme == null ? "http" : scheme;
    }

    @Override
    public @Nullable String contentType() {
        return request.getContentType();
    }

    @Override
    public long contentLength() {
        return request.getContentLengthLong();
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
