package dev.faultline.logging;

import dev.faultline.internal.Preconditions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Removes secrets from what gets logged: header values, query parameters, form fields, JSON fields
 * at any depth (also JSON embedded as a string value, one level deep), plain-text bodies and free text
 * such as exception messages. Always on, in development too. Two rules apply everywhere:
 *
 * <p><b>By name.</b> A header is sensitive when its name equals one of the {@linkplain
 * Builder#headers sensitive headers} (case-insensitive), matches one of their {@code *} patterns
 * ({@code x-*-token}, {@code *-authorization}) or names a secret as a key does. A key (query
 * parameter, form field, JSON member name) is sensitive when, decoded (percent and {@code +} for
 * query and form, escapes for JSON), lower-cased and stripped of everything but letters and digits, it
 * <em>contains</em> one of the {@linkplain Builder#keys sensitive keys} of five letters or more stripped
 * the same way, or has one of the shorter ones ({@code sid}, {@code sig}, {@code pwd}) as a whole word
 * ({@code url_sig}, {@code sigV4}, but not {@code signal} or {@code inside}): so {@code Password},
 * {@code user_password}, {@code pass%77ord}, {@code "pass\u0077ord"} and {@code X-Auth-Token} are all
 * caught. Names {@linkplain Builder#allowKeys allowed} and JSON members at an {@linkplain
 * Builder#allowPaths allowed path} are exceptions; members at a {@linkplain Builder#redactPaths redacted
 * path} are additions. Its value becomes the {@linkplain Builder#replacement replacement}.
 * Over-redaction is preferred to a leak.
 *
 * <p><b>By shape.</b> Whatever its name, a value holding a secret of a known {@link SecretKind} (a
 * bearer credential, a JWT, a private key, a provider's token, a card number...) has that secret
 * replaced by a marker naming the kind, {@code [REDACTED:jwt]}. Values that only look similar (a
 * number that fails the Luhn check, a UUID, a commit hash, a base64 image) stay.
 *
 * <p><b>Cost.</b> Every method is a single left-to-right pass (no regular expressions, no
 * backtracking), the detectors included: linear time in the input, and output at most the input plus a
 * replacement per field. Input cut anywhere (a truncated body) is handled: a secret whose value is cut
 * is still replaced, up to the cut.
 *
 * <p>Immutable and thread-safe.
 */
public final class Redactor {

    /**
     * The default sensitive headers; a {@code *} stands for any run of characters. Header names are
     * also checked as keys.
     */
    public static final Set<String> DEFAULT_HEADERS = Set.of("authorization", "proxy-authorization",
            "x-forwarded-authorization", "*-authorization", "cookie", "set-cookie", "x-api-key", "x-*-token",
            "x-*-key", "x-*-secret", "x-session", "x-*-session");

    /** The default sensitive keys (query parameters, form fields, JSON members, header names). */
    public static final Set<String> DEFAULT_KEYS = Set.of("password", "passwd", "pwd", "secret", "token",
            "access_token", "refresh_token", "client_secret", "api_key", "apikey", "credential", "session",
            "sessid", "sid", "cookie", "authorization", "signature", "sig", "private");

    /** The default replacement text of a value redacted by its name. */
    public static final String DEFAULT_REPLACEMENT = "[REDACTED]";

    /** JSON nested deeper than this is scanned as text by the shape detectors, not parsed. */
    static final int MAX_EMBEDDED_DEPTH = 1;

    /** Keys shorter than this must be a whole word of a name; longer ones may be contained in it. */
    static final int WORD_KEY_LENGTH = 5;

    private final Set<String> headers;
    private final String[] headerPatterns;
    private final String[] keys;
    /**
     * The keys by a hash of their first two characters, to look at each position of a name once
     * rather than once per key: most positions start no key at all.
     */
    private final String[][] keysByBigram = new String[BIGRAMS][];
    private static final int BIGRAMS = 1024;
    /** Whether a key has one character only (then every key is tried the slow way). */
    private final boolean oneCharKeys;
    private final String[] wordKeys;
    private final Set<String> allowedKeys;
    private final List<String[]> redactPaths;
    private final List<String[]> allowPaths;
    private final String replacement;
    private final SecretDetector detector;

    /** JSON member names and form keys longer than this are not cached. */
    private static final int MAX_CACHED_NAME = 64;
    /** Slots of the cache of member-name and form-key verdicts (a power of two). */
    private static final int NAME_CACHE = 512;

    /** A member name and whether it is sensitive; immutable, so safely shared through the racy cache. */
    private record NameVerdict(String name, boolean sensitive) {
    }

    /**
     * Recent member names and their verdicts, by hash; a slot is overwritten by the next name that
     * hashes to it. Read and written without locks: a {@link NameVerdict} is immutable (its fields
     * final), so a thread sees either null, an older entry or a complete new one, and checks the name
     * before it trusts the verdict. Bounded: {@value #NAME_CACHE} entries of at most
     * {@value #MAX_CACHED_NAME} characters.
     */
    private final NameVerdict[] nameCache = new NameVerdict[NAME_CACHE];

    private Redactor(Builder b) {
        Set<String> exact = new LinkedHashSet<>();
        List<String> patterns = new ArrayList<>();
        for (String h : b.headers) {
            if (h.indexOf('*') >= 0) {
                patterns.add(h);
            } else {
                exact.add(h);
            }
        }
        this.headers = Set.copyOf(exact);
        this.headerPatterns = patterns.toArray(new String[0]);
        List<String> contained = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (String k : b.keys) {
            (k.length() < WORD_KEY_LENGTH ? words : contained).add(k);
        }
        this.keys = contained.toArray(new String[0]);
        boolean oneChar = false;
        for (String k : keys) {
            if (k.length() < 2) {
                oneChar = true; // a one-character key: every position must be tried
                continue;
            }
            int h = bigram(k.charAt(0), k.charAt(1));
            String[] old = keysByBigram[h];
            String[] grown = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = k;
            keysByBigram[h] = grown;
        }
        this.oneCharKeys = oneChar;
        this.wordKeys = words.toArray(new String[0]);
        this.allowedKeys = Set.copyOf(b.allowedKeys);
        this.redactPaths = List.copyOf(b.redactPaths);
        this.allowPaths = List.copyOf(b.allowPaths);
        this.replacement = b.replacement;
        this.detector = new SecretDetector(b.kinds);
    }

    /** A redactor with the default lists. */
    public static Redactor create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The replacement text of a value redacted by its name. */
    public String replacement() {
        return replacement;
    }

    /** Whether values of this kind are found by their shape. */
    public boolean detects(SecretKind kind) {
        return detector.is(kind);
    }

    /** Whether a header's values must not be logged. */
    public boolean isSensitiveHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (headers.contains(lower)) {
            return true;
        }
        for (String p : headerPatterns) {
            if (glob(p, lower)) {
                return true;
            }
        }
        return isSensitiveKey(name);
    }

    /** Whether {@code name} matches {@code pattern}, whose {@code *} stand for any run of characters. */
    private static boolean glob(String pattern, String name) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(name);
        }
        String head = pattern.substring(0, star);
        String rest = pattern.substring(star + 1);
        if (!name.startsWith(head)) {
            return false;
        }
        int star2 = rest.indexOf('*');
        if (star2 < 0) {
            return name.length() - head.length() >= rest.length() + 1 && name.endsWith(rest);
        }
        // two stars at most (validated): head * middle * tail
        String middle = rest.substring(0, star2);
        String tail = rest.substring(star2 + 1);
        int at = name.indexOf(middle, head.length() + 1);
        return at >= 0 && name.length() - (at + middle.length()) >= tail.length() + 1 && name.endsWith(tail);
    }

    private static int bigram(char a, char b) {
        return (a * 31 + b) & (BIGRAMS - 1);
    }

    /** Whether the normalised name contains one of the (long) keys: one look at each of its characters. */
    private boolean containsKey(CharSequence norm) {
        if (oneCharKeys) {
            String n = norm.toString();
            for (String k : keys) {
                if (n.contains(k)) {
                    return true;
                }
            }
            return false;
        }
        int len = norm.length();
        for (int p = 0; p + 1 < len; p++) {
            String[] candidates = keysByBigram[bigram(norm.charAt(p), norm.charAt(p + 1))];
            if (candidates == null) {
                continue;
            }
            for (String k : candidates) {
                int kl = k.length();
                if (p + kl <= len) {
                    int q = 0;
                    while (q < kl && norm.charAt(p + q) == k.charAt(q)) {
                        q++;
                    }
                    if (q == kl) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A quick test before splitting a name into words: some short key is contained in the normalised name. */
    private boolean mayHoldWordKey(CharSequence norm) {
        int len = norm.length();
        for (String w : wordKeys) {
            if (w.length() < 2) {
                return true;
            }
            char first = w.charAt(0);
            for (int p = 0; p + w.length() <= len; p++) {
                if (norm.charAt(p) == first && norm.charAt(p + 1) == w.charAt(1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a decoded key names a secret. */
    public boolean isSensitiveKey(CharSequence key) {
        String norm = normalise(key);
        if (norm.isEmpty() || allowedKeys.contains(norm)) {
            return false;
        }
        return containsKey(norm) || (wordKeys.length > 0 && hasWordKey(key, 0, key.length()));
    }

    /**
     * Whether one of the words of {@code key} (split at anything but letters and digits, and where a
     * lower-case letter is followed by an upper-case one) is one of the short keys.
     */
    private boolean hasWordKey(CharSequence key, int from, int n) {
        int start = from;
        while (start < n) {
            while (start < n && !Character.isLetterOrDigit(key.charAt(start))) {
                start++;
            }
            int end = start;
            while (end < n && Character.isLetterOrDigit(key.charAt(end))) {
                if (end > start && Character.isUpperCase(key.charAt(end)) && Character.isLowerCase(key.charAt(end - 1))) {
                    break;
                }
                end++;
            }
            if (end > start) {
                for (String w : wordKeys) {
                    if (w.length() == end - start && regionEqualsIgnoreCase(key, start, w)) {
                        return true;
                    }
                }
            }
            start = end;
        }
        return false;
    }

    private static boolean regionEqualsIgnoreCase(CharSequence s, int from, String lower) {
        for (int k = 0; k < lower.length(); k++) {
            if (Character.toLowerCase(s.charAt(from + k)) != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The header value to log: the replacement for a sensitive name, else the value with secrets replaced. */
    public String header(String name, String value) {
        if (isSensitiveHeader(name)) {
            return replacement;
        }
        String found = detector.redact(value, false);
        return found != null ? found : value;
    }

    /** A request path with secrets found by their shape replaced ({@code /reset/[REDACTED:jwt]}). */
    public String path(String path) {
        String found = detector.redact(path, false);
        return found != null ? found : path;
    }

    /** A raw query string ({@code a=1&password=x}) with sensitive values and secrets replaced. */
    public String query(String raw) {
        return pairs(raw, true, false);
    }

    /** An {@code application/x-www-form-urlencoded} body with sensitive values and secrets replaced. */
    public String form(String raw) {
        return pairs(raw, true, false);
    }

    /**
     * Free text (an exception message, an alert's context value) with secrets replaced: the shape
     * detectors, then {@code key=value} pairs whose key names a secret, as in a query.
     */
    public String text(String text) {
        String found = detector.redact(text, false);
        return pairs(found != null ? found : text, false, false);
    }

    /**
     * A textual body with secrets replaced. The declared content type is not trusted: clients send
     * JSON as {@code text/plain} or as a form (curl's {@code -d}), and forms as JSON. A body whose first
     * non-blank character is <code>{</code> or <code>[</code> is redacted as JSON; any other text
     * without white space as a form; the rest as {@linkplain #text text}.
     *
     * @param contentType the declared type; not used to choose, kept for redactors of other formats
     */
    public String body(@org.jspecify.annotations.Nullable String contentType, String text) {
        return body(contentType, text, false);
    }

    /**
     * As {@link #body(String, String)}, for a body that may be cut: when {@code truncated}, a secret
     * that reaches the end of {@code text} is replaced though only its beginning is there.
     */
    public String body(@org.jspecify.annotations.Nullable String contentType, String text, boolean truncated) {
        int shape = shape(text);
        if (shape == 1) {
            return json(text, truncated);
        }
        if (shape == 2) {
            return pairs(text, true, truncated);
        }
        String found = detector.redact(text, truncated);
        return pairs(found != null ? found : text, false, false);
    }

    /** 1: JSON; 2: form (no white space); 3: text. */
    private static int shape(String text) {
        int n = text.length();
        int i = 0;
        while (i < n && isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i < n && (text.charAt(i) == '{' || text.charAt(i) == '[')) {
            return 1;
        }
        for (int k = i; k < n; k++) {
            char c = text.charAt(k);
            if (c <= ' ') {
                return 3;
            }
        }
        return 2;
    }

    /**
     * {@code key=value&...}: a value whose key names a secret becomes the replacement; secrets found
     * by shape in keys and values become markers. With {@code decode}, each part is also looked at
     * percent-decoded, and a part holding a secret is written back re-encoded with the marker in it.
     */
    private String pairs(String raw, boolean decode, boolean cut) {
        StringBuilder out = null;
        StringBuilder scratch = null;
        SecretDetector.State state = detector.enabled() && decode ? new SecretDetector.State() : null;
        int copied = 0;
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
            if (eq < end && sensitiveFormKey(raw, start, eq)) {
                if (out == null) {
                    out = new StringBuilder(n + 16);
                }
                out.append(raw, copied, eq + 1).append(replacement);
                copied = end;
            } else if (decode && detector.enabled()) {
                if (scratch == null) {
                    scratch = new StringBuilder();
                }
                for (int part = 0; part < 2; part++) {
                    int a = part == 0 ? start : eq + 1;
                    int b = part == 0 ? eq : end;
                    if (a >= b) {
                        continue;
                    }
                    scratch.setLength(0);
                    boolean cutHere = cut && b == n;
                    boolean encoded = false;
                    for (int k = a; k < b && !encoded; k++) {
                        char c = raw.charAt(k);
                        encoded = c == '%' || c == '+';
                    }
                    boolean found;
                    if (encoded) {
                        String decoded = FormDecoding.decode(raw, a, b);
                        found = detector.scan(decoded, 0, decoded.length(), scratch, cutHere, state);
                        if (found) {
                            String redacted = scratch.toString();
                            scratch.setLength(0);
                            FormDecoding.encode(redacted, scratch);
                        }
                    } else {
                        found = detector.scan(raw, a, b, scratch, cutHere, state);
                    }
                    if (found) {
                        if (out == null) {
                            out = new StringBuilder(n + 16);
                        }
                        out.append(raw, copied, a).append(scratch);
                        copied = b;
                    }
                }
            }
            start = end + 1;
        }
        if (out == null) {
            return raw;
        }
        return out.append(raw, copied, n).toString();
    }

    /** A JSON text with the values of sensitive members replaced by the replacement string and secrets by markers. */
    public String json(CharSequence text) {
        return json(text, false);
    }

    private String json(CharSequence text, boolean cut) {
        String in = text.toString();
        StringBuilder out = new StringBuilder(in.length() + 16);
        new JsonRedaction(out, 0, detector.enabled() ? new SecretDetector.State() : null, new StringBuilder(32))
                .reset(in, 0, in.length(), cut).run();
        return out.toString();
    }

    /** The slot of {@code name[from, to)} in the cache of name verdicts. */
    private static int nameSlot(CharSequence name, int from, int to) {
        int h = 0;
        for (int k = from; k < to; k++) {
            h = 31 * h + name.charAt(k);
        }
        return (h ^ (h >>> 15)) & (NAME_CACHE - 1);
    }

    /** The cached verdict of {@code name[from, to)} in {@code slot}, or null when that name is not there. */
    private @org.jspecify.annotations.Nullable NameVerdict cachedVerdict(int slot, CharSequence name, int from, int to) {
        NameVerdict v = nameCache[slot];
        int len = to - from;
        if (v == null || v.name.length() != len) {
            return null;
        }
        String cached = v.name;
        for (int k = 0; k < len; k++) {
            if (cached.charAt(k) != name.charAt(from + k)) {
                return null;
            }
        }
        return v;
    }

    /**
     * {@link #isSensitiveKey} of the form-encoded key {@code raw[from, to)}. A key without escapes is
     * its own decoding: its verdict comes from the cache of recent names the JSON pass keeps too, so a
     * query's usual keys cost no allocation; a key with escapes is decoded first, as always.
     */
    private boolean sensitiveFormKey(String raw, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = raw.charAt(k);
            if (c == '%' || c == '+') {
                return isSensitiveKey(FormDecoding.decode(raw, from, to));
            }
        }
        if (to - from > MAX_CACHED_NAME) {
            return isSensitiveKey(raw.substring(from, to));
        }
        int slot = nameSlot(raw, from, to);
        NameVerdict v = cachedVerdict(slot, raw, from, to);
        if (v != null) {
            return v.sensitive;
        }
        String key = raw.substring(from, to);
        boolean sensitive = isSensitiveKey(key);
        nameCache[slot] = new NameVerdict(key, sensitive);
        return sensitive;
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

    /** One lenient left-to-right pass over a JSON text; what needs no change is copied in bulk. */
    private final class JsonRedaction {
        /** The text of this pass: {@code in[i0, n)}; a String for the body, a buffer for embedded JSON. */
        private CharSequence in;
        /** {@link #in} when it is a String (its indexOf is vectorised), else null. */
        private @org.jspecify.annotations.Nullable String str;
        private final StringBuilder out;
        private final int depth;
        private int n;
        private boolean cut;
        private final SecretDetector.@org.jspecify.annotations.Nullable State state;
        /** The current string, decoded when it has escapes; reused from one string to the next. */
        private @org.jspecify.annotations.Nullable StringBuilder decoded;
        /** A value with its secrets replaced; reused. */
        private @org.jspecify.annotations.Nullable StringBuilder scratch;
        /** The member names of the enclosing objects ({@code null} for an array), when paths are configured. */
        private final @org.jspecify.annotations.Nullable ArrayList<@org.jspecify.annotations.Nullable String> path;
        /** A member name normalised; reused, and shared with the passes over embedded JSON. */
        private final StringBuilder norm;
        /** The redacted form of an embedded JSON string; reused. */
        private @org.jspecify.annotations.Nullable StringBuilder embedded;
        /** The pass over embedded JSON strings; reused from one to the next. */
        private @org.jspecify.annotations.Nullable JsonRedaction inner;
        /** The position of the next backslash at or after the last one looked for; MAX_VALUE when none. */
        private int nextBackslash = -1;
        private int i;
        private int copied;

        JsonRedaction(StringBuilder out, int depth, SecretDetector.@org.jspecify.annotations.Nullable State state,
                StringBuilder norm) {
            this.in = "";
            this.norm = norm;
            this.out = out;
            this.depth = depth;
            this.state = state;
            this.path = depth == 0 && (!redactPaths.isEmpty() || !allowPaths.isEmpty()) ? new ArrayList<>() : null;
        }

        /** Sets the text of the next run: {@code text[from, to)}, cut at its end or not. */
        JsonRedaction reset(CharSequence text, int from, int to, boolean cut) {
            this.in = text;
            this.str = text instanceof String s ? s : null;
            this.i = from;
            this.copied = from;
            this.n = to;
            this.cut = cut;
            this.nextBackslash = -1;
            return this;
        }

        /** The first {@code c} in {@code in[from, n)}, or -1. */
        private int indexOf(char c, int from) {
            String s = str;
            if (s != null) {
                int r = s.indexOf(c, from);
                return r >= n ? -1 : r;
            }
            for (int k = from; k < n; k++) {
                if (in.charAt(k) == c) {
                    return k;
                }
            }
            return -1;
        }

        void run() {
            boolean numbers = detector.is(SecretKind.CARD);
            ArrayList<@org.jspecify.annotations.Nullable String> path = this.path;
            while (i < n) {
                char c = in.charAt(i);
                if (c == '"') {
                    string();
                } else if (c >= '0' && c <= '9' || c == '-') {
                    int end = i + 1;
                    while (end < n && isNumberChar(in.charAt(end))) {
                        end++;
                    }
                    if (numbers && end - i >= 13) {
                        number(i, end);
                    }
                    i = end;
                } else {
                    if (path != null) {
                        if (c == '{') {
                            path.add("");
                        } else if (c == '[') {
                            path.add(null);
                        } else if ((c == '}' || c == ']') && !path.isEmpty()) {
                            path.remove(path.size() - 1);
                        }
                    }
                    i++;
                }
            }
            out.append(in, copied, n);
        }

        private boolean isNumberChar(char c) {
            return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
        }

        /** A bare number of 13 or more characters: a card number becomes a string holding the marker. */
        private void number(int from, int to) {
            StringBuilder sb = scratch();
            if (detector.scan(in, from, to, sb, cut && to == n, state)) {
                out.append(in, copied, from).append('"').append(sb).append('"');
                copied = to;
            }
        }

        private StringBuilder scratch() {
            StringBuilder sb = scratch;
            if (sb == null) {
                sb = scratch = new StringBuilder(64);
            } else {
                sb.setLength(0);
            }
            return sb;
        }

        private void string() {
            int start = i;
            int k = start + 1;
            boolean escapes = false;
            while (true) {
                int q = indexOf('"', k); // vectorised for a String; backslashes are rare, their next position cached
                if (q < 0) {
                    q = n;
                }
                if (nextBackslash < k) {
                    nextBackslash = indexOf('\\', k);
                    if (nextBackslash < 0) {
                        nextBackslash = Integer.MAX_VALUE;
                    }
                }
                if (nextBackslash >= q) {
                    k = q;
                    break;
                }
                escapes = true;
                k = nextBackslash + 2; // skip the escaped character, a quote included
                if (k >= n) {
                    k = n + 1;
                    break;
                }
            }
            boolean closed = k < n;
            int end = closed ? k + 1 : n; // after the closing quote
            int contentEnd = closed ? k : n;
            int j = end;
            while (j < n && isWhitespace(in.charAt(j))) {
                j++;
            }
            CharSequence content;
            int cFrom;
            int cTo;
            if (escapes) {
                StringBuilder dec = decoded;
                if (dec == null) {
                    dec = decoded = new StringBuilder(64);
                } else {
                    dec.setLength(0);
                }
                decode(start + 1, contentEnd, dec);
                content = dec;
                cFrom = 0;
                cTo = dec.length();
            } else {
                content = in;
                cFrom = start + 1;
                cTo = contentEnd;
            }
            if (closed && j < n && in.charAt(j) == ':') {
                member(content, cFrom, cTo, j);
                return;
            }
            i = end;
            if (depth < MAX_EMBEDDED_DEPTH && looksLikeJson(content, cFrom, cTo)) {
                StringBuilder redacted = embedded;
                if (redacted == null) {
                    redacted = embedded = new StringBuilder(cTo - cFrom + 16);
                } else {
                    redacted.setLength(0);
                }
                JsonRedaction pass = inner;
                if (pass == null) {
                    pass = inner = new JsonRedaction(redacted, depth + 1, state, norm);
                }
                pass.reset(content, cFrom, cTo, cut && !closed).run();
                if (!sameText(content, cFrom, cTo, redacted)) {
                    out.append(in, copied, start);
                    appendQuoted(redacted, closed);
                    copied = end;
                }
                return;
            }
            if (!detector.enabled()) {
                return;
            }
            StringBuilder sb = scratch();
            boolean cutHere = !closed; // a string that runs to the end was cut
            if (detector.scan(content, cFrom, cTo, sb, cutHere, state)) {
                if (escapes) {
                    out.append(in, copied, start);
                    appendQuoted(sb, closed);
                    copied = end;
                } else {
                    out.append(in, copied, cFrom).append(sb);
                    copied = cTo;
                }
            }
        }

        /** A member name, decoded in {@code name[from, to)}, whose colon is at {@code colon}. */
        private void member(CharSequence name, int from, int to, int colon) {
            i = colon + 1;
            Boolean byPath = null;
            ArrayList<@org.jspecify.annotations.Nullable String> path = this.path;
            if (path != null && !path.isEmpty() && path.get(path.size() - 1) != null) {
                path.set(path.size() - 1, name.subSequence(from, to).toString());
                byPath = pathRule(path);
            }
            if (Boolean.FALSE.equals(byPath)) {
                // an allowed path: the value is kept as it is
                int v = i;
                while (v < n && isWhitespace(in.charAt(v))) {
                    v++;
                }
                i = skipValue(v);
                return;
            }
            if (Boolean.TRUE.equals(byPath) || sensitiveKey(name, from, to)) {
                int v = i;
                while (v < n && isWhitespace(in.charAt(v))) {
                    v++;
                }
                out.append(in, copied, v).append('"').append(replacement).append('"');
                i = skipValue(v);
                copied = i;
            }
        }

        /** TRUE: redact by path; FALSE: allowed by path; null: no path says. */
        private @org.jspecify.annotations.Nullable Boolean pathRule(List<@org.jspecify.annotations.Nullable String> path) {
            for (String[] p : allowPaths) {
                if (matches(p, path)) {
                    return Boolean.FALSE;
                }
            }
            for (String[] p : redactPaths) {
                if (matches(p, path)) {
                    return Boolean.TRUE;
                }
            }
            return null;
        }

        /** Whether the path segments ({@code *} any member, {@code [*]} any element) match the stack. */
        private static boolean matches(String[] pattern, List<@org.jspecify.annotations.Nullable String> path) {
            if (pattern.length != path.size()) {
                return false;
            }
            for (int k = 0; k < pattern.length; k++) {
                String seg = path.get(k);
                String p = pattern[k];
                if (seg == null) {
                    if (!p.equals("[*]")) {
                        return false;
                    }
                } else if (!p.equals("*") && !p.equals(seg)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean sameText(CharSequence a, int from, int to, CharSequence b) {
            if (b.length() != to - from) {
                return false;
            }
            for (int k = from; k < to; k++) {
                if (a.charAt(k) != b.charAt(k - from)) {
                    return false;
                }
            }
            return true;
        }

        private boolean looksLikeJson(CharSequence s, int from, int to) {
            for (int k = from; k < to; k++) {
                char c = s.charAt(k);
                if (!isWhitespace(c)) {
                    return (c == '{' || c == '[') && to - from > 1;
                }
            }
            return false;
        }

        /**
         * {@link #isSensitiveKey} of {@code name[from, to)}: from the cache of recent names when there,
         * else worked out without allocating and then cached.
         */
        private boolean sensitiveKey(CharSequence name, int from, int to) {
            if (to - from > MAX_CACHED_NAME) {
                return sensitiveKeyUncached(name, from, to);
            }
            int slot = nameSlot(name, from, to);
            NameVerdict v = cachedVerdict(slot, name, from, to);
            if (v != null) {
                return v.sensitive;
            }
            boolean sensitive = sensitiveKeyUncached(name, from, to);
            nameCache[slot] = new NameVerdict(name.subSequence(from, to).toString(), sensitive);
            return sensitive;
        }

        private boolean sensitiveKeyUncached(CharSequence name, int from, int to) {
            StringBuilder norm = this.norm;
            norm.setLength(0);
            for (int k = from; k < to; k++) {
                char c = name.charAt(k);
                if (c >= 'A' && c <= 'Z') {
                    norm.append((char) (c + 32));
                } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                    norm.append(c);
                } else if (c > 127 && Character.isLetterOrDigit(c)) {
                    norm.append(Character.toLowerCase(c));
                }
            }
            if (norm.length() == 0 || (!allowedKeys.isEmpty() && allowedKeys.contains(norm.toString()))) {
                return false;
            }
            return containsKey(norm) || (wordKeys.length > 0 && mayHoldWordKey(norm) && hasWordKey(name, from, to));
        }

        private void appendQuoted(CharSequence s, boolean close) {
            out.append('"');
            int plain = 0; // the start of the run of characters that need no escape
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                if (c >= 0x20 && c != '"' && c != '\\') {
                    continue;
                }
                out.append(s, plain, k);
                plain = k + 1;
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(String.format("\\u%04x", (int) c));
                }
            }
            out.append(s, plain, s.length());
            if (close) {
                out.append('"');
            }
        }

        /** Decodes the string content {@code in[from, to)} into {@code decoded}. */
        private void decode(int from, int to, StringBuilder decoded) {
            int k = from;
            while (k < to) {
                int bs = indexOf('\\', k);
                if (bs < 0 || bs >= to) {
                    decoded.append(in, k, to);
                    return;
                }
                decoded.append(in, k, bs); // the run before the escape, in bulk
                k = bs;
                char c = '\\';
                if (k + 1 < to) {
                    char e = in.charAt(k + 1);
                    switch (e) {
                        case 'n' -> decoded.append('\n');
                        case 't' -> decoded.append('\t');
                        case 'r' -> decoded.append('\r');
                        case 'b' -> decoded.append('\b');
                        case 'f' -> decoded.append('\f');
                        case 'u' -> {
                            if (hex4(k + 2, to)) {
                                decoded.append((char) Integer.parseInt(in, k + 2, k + 6, 16));
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
        }

        private boolean hex4(int from, int to) {
            if (from + 4 > to) {
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
     * Builds a {@link Redactor}. Not thread-safe. Every list starts from its default; a bad entry fails
     * where it is given with an {@link IllegalArgumentException} naming the setting.
     */
    public static final class Builder {
        private final Set<String> headers = new LinkedHashSet<>(DEFAULT_HEADERS);
        private final List<String> keys = new ArrayList<>();
        private final Set<String> allowedKeys = new LinkedHashSet<>();
        private final List<String[]> redactPaths = new ArrayList<>();
        private final List<String[]> allowPaths = new ArrayList<>();
        private final java.util.EnumSet<SecretKind> kinds = java.util.EnumSet.noneOf(SecretKind.class);
        private String replacement = DEFAULT_REPLACEMENT;

        private Builder() {
            DEFAULT_KEYS.forEach(this::key);
            for (SecretKind k : SecretKind.values()) {
                if (k.onByDefault()) {
                    kinds.add(k);
                }
            }
        }

        /**
         * Adds sensitive headers (case-insensitive; up to two {@code *}, each standing for one or more
         * characters: {@code x-*-token}); default {@link Redactor#DEFAULT_HEADERS}.
         *
         * @throws IllegalArgumentException for a blank name or one with more than two {@code *} (names
         *     {@code logging.redact_headers})
         */
        public Builder headers(String... names) {
            for (String name : names) {
                Objects.requireNonNull(name, "header name");
                if (name.isBlank()) {
                    throw Preconditions.invalid("logging.redact_headers", "must not contain a blank name");
                }
                String lower = name.trim().toLowerCase(Locale.ROOT);
                if (lower.chars().filter(c -> c == '*').count() > 2 || lower.contains("**")
                        || lower.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                    throw Preconditions.invalid("logging.redact_headers", ": '" + name
                            + "' must be a header name with at most two single '*'");
                }
                headers.add(lower);
            }
            return this;
        }

        /**
         * Adds sensitive keys, matched in every key and header name once lower-cased and stripped of
         * all but letters and digits: contained in it for keys of five or more letters, as a whole word
         * for shorter ones; default {@link Redactor#DEFAULT_KEYS}.
         *
         * @throws IllegalArgumentException for a key without a letter or digit (names {@code logging.redact_keys})
         */
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
                throw Preconditions.invalid("logging.redact_keys", "must not contain '" + name
                        + "': it has no letter or digit");
            }
            if (!keys.contains(norm)) {
                keys.add(norm);
            }
        }

        /**
         * Exceptions by name: keys (and header names) that are logged although they contain a sensitive
         * key, compared whole once normalised ({@code token_type}, {@code session_timeout}); their values
         * still pass the shape detectors. Default none.
         *
         * @throws IllegalArgumentException for a key without a letter or digit (names {@code logging.allow_keys})
         */
        public Builder allowKeys(String... names) {
            for (String name : names) {
                Objects.requireNonNull(name, "key");
                String norm = normalise(name);
                if (norm.isEmpty()) {
                    throw Preconditions.invalid("logging.allow_keys", "must not contain '" + name
                            + "': it has no letter or digit");
                }
                allowedKeys.add(norm);
            }
            return this;
        }

        /**
         * Additions by JSON path: members whose value is replaced whatever their name. A path is
         * {@code $} followed by {@code .name} (a member, exact), {@code .*} (any member) or {@code [*]}
         * (any element of an array) segments: {@code $.user.ssn}, {@code $.items[*].pin}. Top-level
         * bodies only (not JSON embedded in a string). Default none.
         *
         * @throws IllegalArgumentException for a malformed path (names {@code logging.redact_paths})
         */
        public Builder redactPaths(String... paths) {
            for (String p : paths) {
                redactPaths.add(parsePath(p, "logging.redact_paths"));
            }
            return this;
        }

        /**
         * Exceptions by JSON path: members whose value is logged as it is, neither by name nor by shape
         * redacted (a field known to hold no secret that looks like one). Same syntax as
         * {@link #redactPaths}; an allowed path wins over a redacted one. Default none.
         *
         * @throws IllegalArgumentException for a malformed path (names {@code logging.allow_paths})
         */
        public Builder allowPaths(String... paths) {
            for (String p : paths) {
                allowPaths.add(parsePath(p, "logging.allow_paths"));
            }
            return this;
        }

        private static String[] parsePath(String path, String setting) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("$") || path.length() < 3) {
                throw Preconditions.invalid(setting, ": '" + path + "' must start with $ and name a member, like $.user.ssn");
            }
            List<String> segments = new ArrayList<>();
            int k = 1;
            int n = path.length();
            while (k < n) {
                char c = path.charAt(k);
                if (path.startsWith("[*]", k)) {
                    segments.add("[*]");
                    k += 3;
                } else if (c == '.') {
                    int end = k + 1;
                    while (end < n && path.charAt(end) != '.' && path.charAt(end) != '[') {
                        end++;
                    }
                    String name = path.substring(k + 1, end);
                    if (name.isEmpty()) {
                        throw Preconditions.invalid(setting, ": '" + path
                                + "' has an empty segment (.. is not supported; use .* or [*])");
                    }
                    segments.add(name);
                    k = end;
                } else {
                    throw Preconditions.invalid(setting, ": '" + path + "' is not a path of .name, .* and [*] segments");
                }
            }
            if (segments.get(segments.size() - 1).equals("[*]")) {
                throw Preconditions.invalid(setting, ": '" + path + "' must end with a member, not [*]");
            }
            return segments.toArray(new String[0]);
        }

        /**
         * Turns on detectors that are off by default: the personal data, {@link SecretKind#EMAIL} and
         * {@link SecretKind#IBAN}. Default: every kind but those.
         */
        public Builder detect(SecretKind... more) {
            for (SecretKind k : more) {
                kinds.add(Objects.requireNonNull(k, "kind"));
            }
            return this;
        }

        /**
         * Turns detectors off: values of these kinds are no longer replaced by their shape (by their
         * name they still are). Default: every kind but the personal data is on.
         */
        public Builder ignore(SecretKind... fewer) {
            for (SecretKind k : fewer) {
                kinds.remove(Objects.requireNonNull(k, "kind"));
            }
            return this;
        }

        /**
         * Detectors by their labels ({@code jwt,card,email}), as a setting gives them: exactly these kinds.
         *
         * @throws IllegalArgumentException for an unknown label (names {@code logging.detectors})
         */
        public Builder detectors(String labels) {
            Objects.requireNonNull(labels, "labels");
            java.util.EnumSet<SecretKind> chosen = java.util.EnumSet.noneOf(SecretKind.class);
            for (String label : labels.split(",")) {
                if (!label.isBlank()) {
                    chosen.add(SecretKind.parse(label, "logging.detectors"));
                }
            }
            kinds.clear();
            kinds.addAll(chosen);
            return this;
        }

        /**
         * The text that replaces a value redacted by its name; default {@value Redactor#DEFAULT_REPLACEMENT}.
         *
         * @throws IllegalArgumentException if blank or if it holds a quote, backslash or control character
         */
        public Builder replacement(String replacement) {
            Objects.requireNonNull(replacement, "replacement");
            if (replacement.isBlank() || replacement.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20)) {
                throw Preconditions.invalid("logging.redaction_replacement", "must be non-blank plain text: '"
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
