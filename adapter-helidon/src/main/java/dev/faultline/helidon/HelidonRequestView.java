package dev.faultline.helidon;

import dev.faultline.http.RequestView;
import dev.faultline.http.RouteTemplates;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A live view of a Helidon request. Method, path and query come from the prologue as it arrived: a
 * reroute replaces the request's prologue, and inside routing {@code req.path()} is relative to the
 * matched service, but the log and the metrics want what the client asked for.
 */
final class HelidonRequestView implements RequestView {

    private final ServerRequest request;
    private final HttpPrologue prologue;

    HelidonRequestView(ServerRequest request) {
        this.request = request;
        this.prologue = request.prologue();
    }

    @Override
    public String method() {
        return prologue.method().text();
    }

    @Override
    public String path() {
        return prologue.uriPath().rawPath();
    }

    @Override
    public @Nullable String routeTemplate() {
        return request.matchingPattern().map(HelidonRequestView::template).orElse(null);
    }

    /** A Helidon matching pattern as a route template (see {@link RouteTemplates#normalize}). */
    static @Nullable String template(String pattern) {
        return RouteTemplates.normalize(pattern);
    }

    @Override
    public @Nullable String query() {
        String q = prologue.query().rawValue();
        return q == null || q.isEmpty() ? null : q;
    }

    @Override
    public @Nullable String header(String name) {
        return request.headers().first(HeaderNames.create(name)).orElse(null);
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
        for (Header header : request.headers()) {
            String name = header.name();
            for (String value : header.allValues()) {
                action.accept(name, value);
            }
        }
    }

    @Override
    public @Nullable String remoteAddress() {
        SocketAddress address = request.remotePeer().address();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return null;
    }

    @Override
    public String scheme() {
        return request.isSecure() ? "https" : "http";
    }

    @Override
    public long contentLength() {
        return request.headers().contentLength().orElse(-1);
    }
}
