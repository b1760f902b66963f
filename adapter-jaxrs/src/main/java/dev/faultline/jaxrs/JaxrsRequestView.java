package dev.faultline.jaxrs;

import dev.faultline.http.RequestView;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A view of a Jakarta REST request. What the core may read after the request is done (method, path,
 * query, scheme, peer address) is copied when the view is made; headers are read from the live
 * request, whose header map outlives the request in both Jersey and RESTEasy. The route template is
 * set by the response filter, the one place where the runtime's matching information is reliable.
 */
final class JaxrsRequestView implements RequestView {

    private final MultivaluedMap<String, String> headers;
    private final String method;
    private final String path;
    private final @Nullable String query;
    private final String scheme;
    private final @Nullable String remoteAddress;
    private volatile @Nullable String routeTemplate;

    JaxrsRequestView(ContainerRequestContext request, @Nullable String remoteAddress) {
        this.headers = request.getHeaders();
        this.method = request.getMethod();
        URI uri = request.getUriInfo().getRequestUri();
        String raw = uri.getRawPath();
        this.path = raw == null || raw.isEmpty() ? "/" : raw;
        String q = uri.getRawQuery();
        this.query = q == null || q.isEmpty() ? null : q;
        this.scheme = uri.getScheme() == null ? "http" : uri.getScheme();
        this.remoteAddress = remoteAddress;
    }

    void routeTemplate(@Nullable String template) {
        this.routeTemplate = template;
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
        return routeTemplate;
    }

    @Override
    public @Nullable String query() {
        return query;
    }

    @Override
    public @Nullable String header(String name) {
        String value = headers.getFirst(name);
        if (value != null) {
            return value;
        }
        // Jersey and RESTEasy keep request headers in case-insensitive maps; another runtime may not
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            List<String> values = e.getValue();
            if (values != null) {
                for (String value : values) {
                    action.accept(e.getKey(), value);
                }
            }
        }
    }

    @Override
    public @Nullable String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String scheme() {
        return scheme;
    }
}
