package dev.faultline.benchmarks.jmh;

import dev.faultline.http.RequestView;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A request as a server holds it once parsed (method, raw path, query, headers in arrival order, the
 * peer), and the {@link RequestView} an adapter wraps around it. Adapters create one small view object
 * per request over the server's own request ({@code new UndertowRequestView(exchange)}); the benchmarks
 * do the same with {@link #view()}, so that the view's allocation is counted as it is in a server.
 * Header lookup is case-insensitive and allocation-free, as in Undertow's and Jetty's header maps.
 */
final class ServerRequest {

    final String method;
    final String path;
    final @Nullable String routeTemplate;
    final @Nullable String query;
    final String[] names;
    final String[] values;
    final String remoteAddress;

    private ServerRequest(String method, String path, @Nullable String routeTemplate, @Nullable String query,
            String[] names, String[] values, String remoteAddress) {
        this.method = method;
        this.path = path;
        this.routeTemplate = routeTemplate;
        this.query = query;
        this.names = names;
        this.values = values;
        this.remoteAddress = remoteAddress;
    }

    /**
     * {@code GET /videos/42?page=2&sort=recent} from a browser-like client: Host, User-Agent, Accept,
     * Accept-Encoding, Accept-Language and Connection, no incoming request id (so one is generated), the
     * route template {@code /videos/{id}} known, as a router reports it.
     */
    static ServerRequest typicalGet(String remoteAddress) {
        return get("/videos/42", "/videos/{id}", "page=2&sort=recent", remoteAddress,
                "Host", "api.example.com",
                "User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
                "Accept", "application/json",
                "Accept-Encoding", "gzip, deflate, br",
                "Accept-Language", "en-GB,en;q=0.9",
                "Connection", "keep-alive");
    }

    /** A GET with the given parts and header name/value pairs. */
    static ServerRequest get(String path, @Nullable String routeTemplate, @Nullable String query,
            String remoteAddress, String... headerPairs) {
        if (headerPairs.length % 2 != 0) {
            throw new IllegalArgumentException("header name/value pairs expected");
        }
        String[] names = new String[headerPairs.length / 2];
        String[] values = new String[headerPairs.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = Objects.requireNonNull(headerPairs[2 * i]);
            values[i] = Objects.requireNonNull(headerPairs[2 * i + 1]);
        }
        return new ServerRequest("GET", path, routeTemplate, query, names, values, remoteAddress);
    }

    /** A new adapter view over this request, as adapters create one per request. */
    RequestView view() {
        return new View(this);
    }

    @Nullable String header(String name) {
        String[] n = names;
        for (int i = 0; i < n.length; i++) {
            if (n[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    /** The adapter's view: reads the server's request on demand, copies nothing. */
    private static final class View implements RequestView {
        private final ServerRequest r;

        View(ServerRequest r) {
            this.r = r;
        }

        @Override
        public String method() {
            return r.method;
        }

        @Override
        public String path() {
            return r.path;
        }

        @Override
        public @Nullable String routeTemplate() {
            return r.routeTemplate;
        }

        @Override
        public @Nullable String query() {
            return r.query;
        }

        @Override
        public @Nullable String header(String name) {
            return r.header(name);
        }

        @Override
        public void forEachHeader(BiConsumer<String, String> action) {
            for (int i = 0; i < r.names.length; i++) {
                action.accept(r.names[i], r.values[i]);
            }
        }

        @Override
        public @Nullable String remoteAddress() {
            return r.remoteAddress;
        }

        @Override
        public long contentLength() {
            return -1; // a GET without a body, as servers report it (no header parsing per call)
        }
    }
}
