package dev.faultline.testkit;

import dev.faultline.http.RequestView;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A plain in-memory {@link RequestView} for tests that drive a Faultline's exchanges directly, without
 * a server: method, path (with an optional {@code ?query}), route template, headers (matched
 * case-insensitively) and peer address (default {@code 192.0.2.10}, a documentation address).
 */
public final class TestRequest implements RequestView {

    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable String route;
    private @Nullable String query;
    private @Nullable String remoteAddress = "192.0.2.10";

    private TestRequest(String method, String path) {
        this.method = method;
        int q = path.indexOf('?');
        this.path = q < 0 ? path : path.substring(0, q);
        this.query = q < 0 ? null : path.substring(q + 1);
    }

    /** A GET of {@code path}, which may carry a {@code ?query}. */
    public static TestRequest get(String path) {
        return new TestRequest("GET", path);
    }

    /** A request of {@code method} to {@code path}, which may carry a {@code ?query}. */
    public static TestRequest of(String method, String path) {
        return new TestRequest(method, path);
    }

    /** Adds a header (names are matched case-insensitively, as servers do). */
    public TestRequest header(String name, @Nullable String value) {
        if (value != null) {
            headers.put(name.toLowerCase(Locale.ROOT), value);
        }
        return this;
    }

    public TestRequest route(String template) {
        this.route = template;
        return this;
    }

    public TestRequest query(String query) {
        this.query = query;
        return this;
    }

    public TestRequest remoteAddress(@Nullable String address) {
        this.remoteAddress = address;
        return this;
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
        return route;
    }

    @Override
    public @Nullable String query() {
        return query;
    }

    @Override
    public @Nullable String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
        headers.forEach(action);
    }

    @Override
    public @Nullable String remoteAddress() {
        return remoteAddress;
    }
}
