package dev.faultline.logging;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Removes secrets from what gets logged: header values, query parameters, form fields and JSON fields
 * at any depth (also JSON embedded as a string value, one level deep). Always on, in development too.
 *
 * <p><b>Matching.</b> A header is sensitive when its name equals one of the {@linkplain
 * Builder#headers sensitive headers} (case-insensitive) or looks like a key below. A key (query
 * parameter, form field, JSON member name) is sensitive when, decoded (percent and {@code +} for
 * query and form, escapes for JSON), lower-cased and stripped of everything but letters and digits, it
 * <em>contains</em> one of the {@linkplain Builder#keys sensitive keys} stripped the same way: so
 * {@code Password}, {@code user_password}, {@code pass%77ord}, {@code "pass\u0077ord"} and
 * {@code X-Auth-Token} are all caught. Over-redaction is preferred to a leak.
 *
 * <p><b>Cost.</b> Every method is a single left-to-right pass (no regular expressions, no
 * backtracking): linear time in the input, and output at most the input plus a replacement per field.
 * Input cut anywhere (a truncated body) is handled: a secret whose value is cut is still replaced.
 *
 * <p>Immutable and thread-safe.
 */
public final class Redactor {

    /** The default sensitive headers. */
    public static final Set<String> DEFAULT_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie", "x-api-key");

    /** The default sensitive keys (query parameters, form fields, JSON members). */
    public static final Set<String> DEFAULT_KEYS = Set.of("password", "passwd", "secret", "token", "access_token",
            "refresh_token", "client_secret", "api_key", "apikey", "credential");

    /** The default replacement text. */
    public static final String DEFAULT_REPLACEMENT = "[REDACTED]";

    /** JSON nested deeper than this is replaced as a whole, to keep the pass bounded. */
    static final int MAX_EMBEDDED_DEPTH = 1;

    private final Set<String> headers;
    private final String[] keys;
    private final String replacement;

    private Redactor(Builder b) {
        this.headers = Set.copyOf(b.headers);
        this.keys = b.keys.toArray(new String[0]);
        this.replacement = b.replacement;
    }

    /** A redactor with the default lists. */
    public static Redactor create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The replacement text. */
    public String replacement() {
        return replacement;
    }

    /** Whether a header's values must not be logged. */
    public boolean isSensitiveHeader(String name) {
        return headers.contains(name.toLowerCase(Locale.ROOT)) || isSensitiveKey(name);
    }

    /** Whether a decoded key names a secret. */
    public boolean isSensitiveKey(CharSequence key) {
        String norm = normalise(key);
        if (norm.isEmpty()) {
            return false;
        }
        for (String k : keys) {
            if (norm.contains(k)) {
                return true;
            }
        }
        return false;
    }

    /** The header value to log. */
    public String header(String name, String value) {
        return isSensitiveHeader(name) ? replacement : value;
    }

    /** A raw query string ({@code a=1&password=x}) with sensitive values replaced. */
    public String query(String raw) {
        return pairs(raw);
    }

    /** An {@code application/x-www-form-urlencoded} body with sensitive values replaced. */
    public String form(String raw) {
        return pairs(raw);
    }

    /**
     * A textual body with secrets replaced. The declared content type is not trusted: clients send
     * JSON as {@code text/plain} or as a form (curl's {@code -d}), and forms as JSON. A body whose first
     * non-blank character is <code>{</code> or <code>[</code> is redacted as JSON; any other text as
     * {@code key=value&...} pairs, which changes nothing in text without such pairs.
     *
     * @param contentType the declared type; not used to choose, kept for redactors of other formats
     */
    public String body(@org.jspecify.annotations.Nullable String contentType, String text) {
        return startsLikeJson(text) ? json(text) : form(text);
    }

    private static boolean startsLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isWhitespace(c)) {
                return c == '{' || c == '[';
            }
        }
        return false;
    }

    private String pairs(String raw) {
        StringBuilder out = null;
        int n = raw.length();
        int start = 0;
        while (start <= n) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = n;
            }
            int eq = start;
            while (eq < end && raw.charAt(eq) != '=') {
                eq++;
            }
            if (eq < end && isSensitiveKey(FormDecoding.decode(raw, start, eq))) {
                if (out == null) {
                    out = new StringBuilder(n + 16).append(raw, 0, start);
                }
                out.append(raw, start, eq + 1).append(replacement);
            } else if (out != null) {
                out.append(raw, start, end);
            }
            if (end < n && out != null) {
                out.append('&');
            }
            start = end + 1;
        }
        return out == null ? raw : out.toString();
    }

    /** A JSON text with the values of sensitive members replaced by the replacement string. */
    public String json(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        new JsonRedaction(text, out, 0).run();
        return out.toString();
    }

    private static String normalise(CharSequence key) {
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                b.append((char) (c + 32));
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                b.append(c);
            } else if (c > 127 && Character.isLetterOrDigit(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }

    /** One lenient left-to-right pass over a JSON text. */
    private final class JsonRedaction {
        private final CharSequence in;
        private final StringBuilder out;
        private final int depth;
        private final int n;
        /** The current string, decoded; reused from one string to the next (one buffer per pass). */
        private final StringBuilder decoded = new StringBuilder();
        private int i;

        JsonRedaction(CharSequence in, StringBuilder out, int depth) {
            this.in = in;
            this.out = out;
            this.depth = depth;
            this.n = in.length();
        }

        void run() {
            while (i < n) {
                char c = in.charAt(i);
                if (c != '"') {
                    out.append(c);
                    i++;
                    continue;
                }
                int start = i;
                decoded.setLength(0);
                int end = scanString(i, decoded); // index after the closing quote, or n
                int j = end;
                while (j < n && isWhitespace(in.charAt(j))) {
                    j++;
                }
                if (j < n && in.charAt(j) == ':') {
                    // a member name
                    out.append(in, start, j + 1);
                    i = j + 1;
                    if (isSensitiveKey(decoded)) {
                        while (i < n && isWhitespace(in.charAt(i))) {
                            out.append(in.charAt(i++));
                        }
                        i = skipValue(i);
                        out.append('"').append(replacement).append('"');
                    }
                } else if (end == n && !closed(start, end)) {
                    // cut inside a string: it may be a name whose value is lost; keep it, nothing follows
                    out.append(in, start, end);
                    i = end;
                } else {
                    appendStringValue(start, end, decoded);
                    i = end;
                }
            }
        }

        private boolean closed(int start, int end) {
            return end - start >= 2 && in.charAt(end - 1) == '"' && !escapedQuote(start, end - 1);
        }

        private boolean escapedQuote(int start, int quote) {
            int backslashes = 0;
            for (int k = quote - 1; k > start && in.charAt(k) == '\\'; k--) {
                backslashes++;
            }
            return (backslashes & 1) == 1;
        }

        /** A string value: JSON embedded in it is redacted too (one level). */
        private void appendStringValue(int start, int end, StringBuilder decoded) {
            if (depth < MAX_EMBEDDED_DEPTH && looksLikeJson(decoded)) {
                StringBuilder inner = new StringBuilder(decoded.length());
                new JsonRedaction(decoded, inner, depth + 1).run();
                if (inner.length() == decoded.length() && inner.toString().contentEquals(decoded)) {
                    out.append(in, start, end);
                } else {
                    appendQuoted(inner);
                }
            } else {
                out.append(in, start, end);
            }
        }

        private boolean looksLikeJson(CharSequence s) {
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                if (!isWhitespace(c)) {
                    return (c == '{' || c == '[') && s.length() > 1;
                }
            }
            return false;
        }

        private void appendQuoted(CharSequence s) {
            out.append('"');
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }

        /** Scans the string starting at the quote at {@code from}; decodes it into {@code decoded}. */
        private int scanString(int from, StringBuilder decoded) {
            int k = from + 1;
            while (k < n) {
                char c = in.charAt(k);
                if (c == '"') {
                    return k + 1;
                }
                if (c == '\\' && k + 1 < n) {
                    char e = in.charAt(k + 1);
                    switch (e) {
                        case 'n' -> decoded.append('\n');
                        case 't' -> decoded.append('\t');
                        case 'r' -> decoded.append('\r');
                        case 'b' -> decoded.append('\b');
                        case 'f' -> decoded.append('\f');
                        case 'u' -> {
                            if (hex4(k + 2)) {
                                decoded.append((char) Integer.parseInt(in.subSequence(k + 2, k + 6).toString(), 16));
                                k += 6;
                                continue;
                            }
                            decoded.append('u');
                        }
                        default -> decoded.append(e);
                    }
                    k += 2;
                    continue;
                }
                decoded.append(c);
                k++;
            }
            return n;
        }

        private boolean hex4(int from) {
            if (from + 4 > n) {
                return false;
            }
            for (int k = from; k < from + 4; k++) {
                if (Character.digit(in.charAt(k), 16) < 0) {
                    return false;
                }
            }
            return true;
        }

        /** Skips one JSON value (string, container or scalar) starting at {@code from}. */
        private int skipValue(int from) {
            if (from >= n) {
                return n;
            }
            char c = in.charAt(from);
            if (c == '"') {
                return skipString(from);
            }
            if (c == '{' || c == '[') {
                int level = 0;
                int k = from;
                while (k < n) {
                    char d = in.charAt(k);
                    if (d == '"') {
                        k = skipString(k);
                        continue;
                    }
                    if (d == '{' || d == '[') {
                        level++;
                    } else if (d == '}' || d == ']') {
                        level--;
                        if (level == 0) {
                            return k + 1;
                        }
                    }
                    k++;
                }
                return n;
            }
            int k = from;
            while (k < n) {
                char d = in.charAt(k);
                if (d == ',' || d == '}' || d == ']' || isWhitespace(d)) {
                    break;
                }
                k++;
            }
            return k;
        }

        private int skipString(int from) {
            int k = from + 1;
            while (k < n) {
                char c = in.charAt(k);
                if (c == '\\') {
                    k += 2;
                    continue;
                }
                if (c == '"') {
                    return k + 1;
                }
                k++;
            }
            return n;
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /**
     * Builds a {@link Redactor}. Not thread-safe.
     */
    public static final class Builder {
        private final Set<String> headers = new LinkedHashSet<>(DEFAULT_HEADERS);
        private final List<String> keys = new ArrayList<>();
        private String replacement = DEFAULT_REPLACEMENT;

        private Builder() {
            DEFAULT_KEYS.forEach(this::key);
        }

        /** Adds sensitive headers (case-insensitive); default {@link Redactor#DEFAULT_HEADERS}. */
        public Builder headers(String... names) {
            for (String name : names) {
                Objects.requireNonNull(name, "header name");
                if (name.isBlank()) {
                    throw new IllegalArgumentException("logging.redact_headers must not contain a blank name");
                }
                headers.add(name.trim().toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** Adds sensitive keys; default {@link Redactor#DEFAULT_KEYS}. */
        public Builder keys(String... names) {
            for (String name : names) {
                key(name);
            }
            return this;
        }

        private void key(String name) {
            Objects.requireNonNull(name, "key");
            String norm = normalise(name);
            if (norm.isEmpty()) {
                throw new IllegalArgumentException("logging.redact_keys must not contain '" + name
                        + "': it has no letter or digit");
            }
            if (!keys.contains(norm)) {
                keys.add(norm);
            }
        }

        /**
         * The text that replaces a secret; default {@value Redactor#DEFAULT_REPLACEMENT}.
         *
         * @throws IllegalArgumentException if blank or if it holds a quote, backslash or control character
         */
        public Builder replacement(String replacement) {
            Objects.requireNonNull(replacement, "replacement");
            if (replacement.isBlank() || replacement.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20)) {
                throw new IllegalArgumentException("logging.redaction_replacement must be non-blank plain text: '"
                        + replacement + "'");
            }
            this.replacement = replacement;
            return this;
        }

        public Redactor build() {
            return new Redactor(this);
        }
    }
}
