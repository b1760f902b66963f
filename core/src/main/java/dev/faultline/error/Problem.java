package dev.faultline.error;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.faultline.internal.Json;
import dev.faultline.internal.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem detail: {@code type}, {@code title}, {@code status}, {@code detail},
 * {@code instance} and ordered extension members. {@link #toJson()} always yields valid UTF-8 JSON,
 * whatever the strings hold (quotes, control characters, unpaired surrogates are replaced by U+FFFD).
 *
 * <p>Immutable and thread-safe.
 */
public final class Problem {

    /** The media type of a problem body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private final String type;
    private final String title;
    private final int status;
    private final @Nullable String detail;
    private final @Nullable String instance;
    private final Map<String, Object> extensions;

    private Problem(Builder b) {
        this.type = b.type;
        this.title = b.title != null ? b.title : HttpStatus.reason(b.status);
        this.status = b.status;
        this.detail = b.detail;
        this.instance = b.instance;
        this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(b.extensions));
    }

    /** A builder for a problem with the given HTTP status (400..599). */
    public static Builder builder(int status) {
        return new Builder(status);
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    public @Nullable String detail() {
        return detail;
    }

    public @Nullable String instance() {
        return instance;
    }

    /** Extension members in insertion order. */
    public Map<String, Object> extensions() {
        return extensions;
    }

    /**
     * The problem as UTF-8 JSON bytes, members in RFC 9457 order (type, title, status, detail,
     * instance, then the extensions in insertion order); unpaired surrogates become U+FFFD.
     */
    public byte[] toJson() {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256);
                JsonGenerator g = Json.mapper().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", Json.safe(type));
            g.writeStringField("title", Json.safe(title));
            g.writeNumberField("status", status);
            if (detail != null) {
                g.writeStringField("detail", Json.safe(detail));
            }
            if (instance != null) {
                g.writeStringField("instance", Json.safe(instance));
            }
            for (Map.Entry<String, Object> e : extensions.entrySet()) {
                g.writeFieldName(Json.safe(e.getKey()));
                g.writeObject(e.getValue());
            }
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "Problem[" + status + " " + type + ": " + detail + "]";
    }

    /** Builds a {@link Problem}. Not thread-safe. */
    public static final class Builder {
        private String type = "about:blank";
        private @Nullable String title;
        private final int status;
        private @Nullable String detail;
        private @Nullable String instance;
        private final Map<String, Object> extensions = new LinkedHashMap<>();

        private Builder(int status) {
            if (status < 400 || status > 599) {
                throw Preconditions.invalid("problem status", "must be 400..599: " + status);
            }
            this.status = status;
        }

        /** The problem type URI; default {@code about:blank}. */
        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /** A short summary; default the HTTP reason phrase of the status. */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /** The occurrence's explanation, shown to the client; default none. */
        public Builder detail(@Nullable String detail) {
            this.detail = detail;
            return this;
        }

        /** A URI reference identifying this occurrence; default none. */
        public Builder instance(@Nullable String instance) {
            this.instance = instance;
            return this;
        }

        /**
         * An extension member. Values: strings, numbers, booleans, lists and maps of them, records or
         * beans Jackson can serialise.
         *
         * @throws IllegalArgumentException if {@code name} is one of the five standard members
         */
        public Builder extension(String name, Object value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            switch (name) {
                case "type", "title", "status", "detail", "instance" ->
                        throw Preconditions.invalid("problem extension", "'" + name + "' is a standard problem member, not an extension");
                default -> extensions.put(name, value);
            }
            return this;
        }

        public Problem build() {
            return new Problem(this);
        }
    }
}
