package dev.faultline.micrometer;

import dev.faultline.http.RequestView;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** A plain in-memory request for driving a Faultline's exchanges directly. */
final class Req implements RequestView {

    private final String method;
    private final String path;
    private final @Nullable String query;
    private @Nullable String route;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Req(String method, String pathAndQuery) {
        this.method = method;
        int q = pathAndQuery.indexOf('?');
        this.path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        this.query = q < 0 ? null : pathAndQuery.substring(q + 1);
    }

    static Req of(String method, String pathAndQuery) {
        return new Req(method, pathAndQuery);
    }

    static Req get(String pathAndQuery) {
        return new Req("GET", pathAndQuery);
    }

    Req route(String template) {
        this.route = template;
        return this;
    }

    Req header(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
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
        return "192.0.2.10";
    }
}
