package dev.faultline.security;

import dev.faultline.http.RequestView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** An in-memory {@link RequestView}; headers keep their order and may repeat, as on the wire. */
public final class FakeRequest implements RequestView {

    private final String path;
    private @Nullable String query;
    private @Nullable String remoteAddress = "192.0.2.10";
    private final List<String[]> headers = new ArrayList<>();

    private FakeRequest(String path) {
        this.path = path;
    }

    public static FakeRequest get(String path) {
        return new FakeRequest(path);
    }

    public FakeRequest query(@Nullable String query) {
        this.query = query;
        return this;
    }

    public FakeRequest header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    public FakeRequest from(@Nullable String remoteAddress) {
        this.remoteAddress = remoteAddress;
        return this;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public @Nullable String query() {
        return query;
    }

    @Override
    public @Nullable String header(String name) {
        for (String[] h : headers) {
            if (h[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return h[1];
            }
        }
        return null;
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
        for (String[] h : headers) {
            action.accept(h[0], h[1]);
        }
    }

    @Override
    public @Nullable String remoteAddress() {
        return remoteAddress;
    }
}
