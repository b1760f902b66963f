package dev.faultline.undertow;

import dev.faultline.http.RequestView;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import io.undertow.util.PathTemplateMatch;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** A live view of an Undertow request; reads the exchange on demand. */
final class UndertowRequestView implements RequestView {

    private final HttpServerExchange exchange;

    UndertowRequestView(HttpServerExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public String method() {
        return exchange.getRequestMethod().toString();
    }

    @Override
    public String path() {
        return exchange.getRequestURI();
    }

    @Override
    public @Nullable String routeTemplate() {
        PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        return match == null ? null : match.getMatchedTemplate();
    }

    @Override
    public @Nullable String query() {
        String q = exchange.getQueryString();
        return q == null || q.isEmpty() ? null : q;
    }

    @Override
    public @Nullable String header(String name) {
        return exchange.getRequestHeaders().getFirst(headerName(name));
    }

    /**
     * The names the core asks for (the request id header, {@code traceparent}, {@code User-Agent}, the
     * forwarding header...) as Undertow's {@link HttpString}s, whose hash is computed once: a lookup by
     * {@code String} hashes the name case-insensitively on every call. Bounded: past
     * {@value #MAX_NAMES} names, the others are converted on each call.
     */
    private static HttpString headerName(String name) {
        HttpString h = NAMES.get(name);
        if (h == null) {
            h = HttpString.tryFromString(name);
            if (NAMES.size() < MAX_NAMES) {
                NAMES.putIfAbsent(name, h);
            }
        }
        return h;
    }

    private static final int MAX_NAMES = 64;
    private static final ConcurrentHashMap<String, HttpString> NAMES = new ConcurrentHashMap<>();

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
        for (HeaderValues values : exchange.getRequestHeaders()) {
            String name = values.getHeaderName().toString();
            for (String value : values) {
                action.accept(name, value);
            }
        }
    }

    @Override
    public @Nullable String remoteAddress() {
        // a connection's peer does not change: its text is made once per connection, not per request
        // (the socket's address is read under its lock and formatted anew each time). An HTTP/2
        // stream has a connection object of its own; an HTTP/1.1 connection serves one request at a time
        ServerConnection connection = exchange.getConnection();
        String known = connection.getAttachment(PEER);
        if (known != null) {
            return known;
        }
        InetSocketAddress peer = connection.getPeerAddress(InetSocketAddress.class);
        String text = peer == null || peer.getAddress() == null ? null : peer.getAddress().getHostAddress();
        if (text != null) {
            connection.putAttachment(PEER, text);
        }
        return text;
    }

    /** The peer address's text, on the connection. */
    private static final AttachmentKey<String> PEER = AttachmentKey.create(String.class);

    @Override
    public String scheme() {
        return exchange.getRequestScheme();
    }

    @Override
    public long contentLength() {
        return exchange.getRequestContentLength();
    }
}
