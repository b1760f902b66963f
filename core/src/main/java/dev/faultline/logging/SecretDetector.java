package dev.faultline.logging;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds secrets by their shape ({@link SecretKind}) in one left-to-right pass, without regular
 * expressions: each position is looked at by the main loop once, and a detector tried at a position
 * reads forward at most to the end of the token it tries (a token is never tried again from inside
 * it), so the pass is linear in the text whatever the text.
 *
 * <p>Detectors start only at a word boundary (the previous character is not a letter or digit), except
 * the PEM block ({@code -----BEGIN}) and URL credentials ({@code ://}), so that a word ending in
 * {@code ghp_} or a number inside a longer token is not taken for a secret.
 *
 * <p>Immutable and thread-safe; the per-pass {@link State} is not.
 */
final class SecretDetector {

    /** How far after an AWS access key id a 40-character secret key counts as its neighbour. */
    static final int AWS_SECRET_WINDOW = 256;

    private static final byte ALNUM = 1;
    private static final byte B64URL = 2; // [A-Za-z0-9_-]
    private static final byte TOKEN = 4; // bearer credentials: [A-Za-z0-9._~+/=-]
    private static final byte B64 = 8; // [A-Za-z0-9+/=]
    private static final byte[] CLASS = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            byte k = 0;
            if (alnum) {
                k |= ALNUM | B64URL | TOKEN | B64;
            }
            if (c == '_' || c == '-') {
                k |= B64URL | TOKEN;
            }
            if (c == '.' || c == '~' || c == '+' || c == '/' || c == '=') {
                k |= TOKEN;
            }
            if (c == '+' || c == '/' || c == '=') {
                k |= B64;
            }
            CLASS[c] = k;
        }
    }

    private final boolean[] on = new boolean[SecretKind.values().length];
    private static final byte F_TRIGGER = 1;
    private static final byte F_WORD = 2;
    /** Per ASCII character: whether a detector may start at it, whether it is a letter or digit. */
    private final byte[] flags = new byte[128];
    /** Characters at which some enabled detector may start. */
    private final boolean[] trigger = new boolean[128];
    private final boolean anyOn;
    /**
     * The shortest text that can hold a whole secret of an enabled kind ({@code a@b.co}: 6 with
     * e-mail on; {@code ://a:b@}: 7 otherwise); shorter texts are not scanned unless cut.
     */
    private final int minLength;

    SecretDetector(Set<SecretKind> kinds) {
        for (SecretKind k : kinds) {
            on[k.ordinal()] = true;
        }
        anyOn = !kinds.isEmpty();
        minLength = kinds.contains(SecretKind.EMAIL) ? 6 : 7;
        if (is(SecretKind.BEARER)) {
            trigger['B'] = trigger['b'] = true;
        }
        if (is(SecretKind.BASIC)) {
            trigger['B'] = trigger['b'] = true;
        }
        if (is(SecretKind.JWT)) {
            trigger['e'] = true;
        }
        if (is(SecretKind.PRIVATE_KEY)) {
            trigger['-'] = true;
        }
        if (is(SecretKind.AWS_ACCESS_KEY_ID) || is(SecretKind.GOOGLE_API_KEY)) {
            trigger['A'] = true;
        }
        if (is(SecretKind.GITHUB_TOKEN) || is(SecretKind.GITLAB_TOKEN)) {
            trigger['g'] = true;
        }
        if (is(SecretKind.SLACK_TOKEN)) {
            trigger['x'] = true;
        }
        if (is(SecretKind.STRIPE_KEY)) {
            trigger['s'] = trigger['r'] = trigger['w'] = true;
        }
        if (is(SecretKind.OPENAI_KEY)) {
            trigger['s'] = true;
        }
        if (is(SecretKind.NPM_TOKEN)) {
            trigger['n'] = true;
        }
        if (is(SecretKind.URL_PASSWORD)) {
            trigger[':'] = true;
        }
        if (is(SecretKind.CARD)) {
            for (char c = '2'; c <= '6'; c++) {
                trigger[c] = true;
            }
        }
        if (is(SecretKind.EMAIL)) {
            for (int c = 0; c < 128; c++) {
                if (isLocal((char) c) && c != '.') {
                    trigger[c] = true;
                }
            }
        }
        if (is(SecretKind.IBAN)) {
            for (char c = 'A'; c <= 'Z'; c++) {
                trigger[c] = true;
            }
        }
        for (int c = 0; c < 128; c++) {
            flags[c] = (byte) ((trigger[c] ? F_TRIGGER : 0) | ((CLASS[c] & ALNUM) != 0 ? F_WORD : 0));
        }
    }

    boolean is(SecretKind k) {
        return on[k.ordinal()];
    }

    /** Whether any detector is on. */
    boolean enabled() {
        return anyOn;
    }

    /**
     * State carried from one piece of a text to the next within one redaction (a JSON body's strings,
     * a query's values): where an AWS secret key would still count as next to its access key id.
     */
    static final class State {
        /** Characters scanned so far in this redaction. */
        long offset;
        /** The offset up to which a 40-character base64 run is taken for an AWS secret key. */
        long awsUntil = -1;
    }

    /**
     * Appends {@code s[from, to)} to {@code out} with every secret replaced, <em>only if</em> it holds
     * one, and says whether it did; leaves {@code out} untouched otherwise.
     *
     * @param cut whether the text ends at a cut (a capture cap): a secret's beginning that reaches
     *     {@code to} is replaced though its end is missing
     * @param state the pass's state, or null for a text on its own
     */
    boolean scan(CharSequence s, int from, int to, StringBuilder out, boolean cut, @Nullable State state) {
        return scanInto(s, from, to, out, cut, state) != null;
    }

    /**
     * {@link #scan}, writing into {@code out} or, when that is null, into a builder made at the first
     * secret found: the builder written to, or null when {@code s[from, to)} holds no secret.
     */
    private @Nullable StringBuilder scanInto(CharSequence s, int from, int to, @Nullable StringBuilder out, boolean cut,
            @Nullable State state) {
        if (!anyOn || to - from < (cut ? 1 : minLength)) {
            if (state != null) {
                state.offset += to - from;
            }
            return null;
        }
        int copied = from;
        boolean found = false;
        boolean prevWord = false;
        State st = state;
        long base = st == null ? 0 : st.offset - from;
        boolean awsWindow = st != null && st.awsUntil > st.offset;
        int i = from;
        final byte[] flags = this.flags;
        while (i < to) {
            char c = s.charAt(i);
            if (c >= 128) {
                prevWord = Character.isLetterOrDigit(c);
                i++;
                continue;
            }
            byte f = flags[c];
            if ((f & F_TRIGGER) == 0 && !awsWindow) {
                prevWord = (f & F_WORD) != 0;
                i++;
                continue;
            }
            long m = (!prevWord || c == '-' || c == ':')
                    ? tryAt(s, i, from, to, c, cut, st, base, i > from ? s.charAt(i - 1) : ' ') : -1L;
            if (m >= 0) {
                int start = (int) (m >>> 33);
                int end = start + (int) (m & LENGTH_MASK);
                SecretKind kind = KINDS[(int) ((m >>> 28) & 0x1F)];
                found = true;
                if (out == null) {
                    out = new StringBuilder(to - from + 16);
                }
                out.append(s, copied, start).append(kind.marker());
                copied = end;
                if (kind == SecretKind.AWS_ACCESS_KEY_ID && is(SecretKind.AWS_SECRET_KEY)) {
                    if (st == null) {
                        st = new State();
                        st.offset = from;
                        base = 0;
                    }
                    st.awsUntil = base + end + AWS_SECRET_WINDOW;
                    awsWindow = true;
                }
                i = end;
                prevWord = false;
                continue;
            }
            if (awsWindow && base + i > st.awsUntil) {
                awsWindow = false;
            }
            prevWord = (f & F_WORD) != 0;
            i++;
        }
        if (found) {
            out.append(s, copied, to);
        }
        if (state != null) {
            state.offset += to - from;
        }
        return found ? out : null;
    }

    /** The text with every secret replaced, or {@code null} when it holds none. */
    @Nullable String redact(CharSequence s, boolean cut) {
        if (!anyOn) {
            return null;
        }
        StringBuilder out = scanInto(s, 0, s.length(), null, cut, null);
        return out != null ? out.toString() : null;
    }

    private static final SecretKind[] KINDS = SecretKind.values();
    private static final long LENGTH_MASK = (1L << 28) - 1;

    /**
     * A match as {@code start << 33 | kind << 28 | length}: 30 bits of position (a text under 1 Gi
     * characters), 5 of kind, 28 of
     * length (a secret longer than 256 Mi characters is replaced up to there).
     */
    private static long match(int start, int end, SecretKind kind) {
        return ((long) start << 33) | ((long) kind.ordinal() << 28) | Math.min(end - start, LENGTH_MASK);
    }

    /** A match at {@code i} (see {@link #match}), or -1. */
    private long tryAt(CharSequence s, int i, int from, int to, char c, boolean cut, @Nullable State state, long base,
            char prev) {
        boolean afterB64url = prev < 128 && (CLASS[prev] & B64URL) != 0;
        long m;
        switch (c) {
            case 'B', 'b' -> {
                m = credential(s, i, to, cut);
                if (m >= 0) {
                    return m;
                }
            }
            case 'e' -> {
                if (is(SecretKind.JWT) && !afterB64url) {
                    m = jwt(s, i, to, cut);
                    if (m >= 0) {
                        return m;
                    }
                }
            }
            case '-' -> {
                if (is(SecretKind.PRIVATE_KEY)) {
                    m = pem(s, i, to, cut);
                    if (m >= 0) {
                        return m;
                    }
                }
            }
            case ':' -> {
                if (is(SecretKind.URL_PASSWORD)) {
                    m = urlPassword(s, i, to, cut);
                    if (m >= 0) {
                        return m;
                    }
                }
            }
            case 'A' -> {
                if (is(SecretKind.AWS_ACCESS_KEY_ID) && (startsWith(s, i, to, "AKIA") || startsWith(s, i, to, "ASIA")
                        || startsWith(s, i, to, "ABIA") || startsWith(s, i, to, "ACCA"))) {
                    m = fixedRun(s, i, i + 4, to, 16, SecretKind.AWS_ACCESS_KEY_ID, cut, true);
                    if (m >= 0) {
                        return m;
                    }
                }
                if (is(SecretKind.GOOGLE_API_KEY) && startsWith(s, i, to, "AIza")) {
                    m = prefixed(s, i, i + 4, to, 35, B64URL, SecretKind.GOOGLE_API_KEY, cut);
                    if (m >= 0) {
                        return m;
                    }
                }
            }
            case 'g' -> {
                if (is(SecretKind.GITHUB_TOKEN)) {
                    if (i + 4 <= to && s.charAt(i + 1) == 'h' && s.charAt(i + 3) == '_'
                            && "pousr".indexOf(s.charAt(i + 2)) >= 0) {
                        m = prefixed(s, i, i + 4, to, 36, ALNUM, SecretKind.GITHUB_TOKEN, cut);
                        if (m >= 0) {
                            return m;
                        }
                    }
                    if (startsWith(s, i, to, "github_pat_")) {
                        m = prefixed(s, i, i + 11, to, 22, (byte) (ALNUM | B64URL), SecretKind.GITHUB_TOKEN, cut);
                        if (m >= 0) {
                            return m;
                        }
                    }
                }
                if (is(SecretKind.GITLAB_TOKEN) && startsWith(s, i, to, "glpat-")) {
                    m = prefixed(s, i, i + 6, to, 20, B64URL, SecretKind.GITLAB_TOKEN, cut);
                    if (m >= 0) {
                        return m;
                    }
                }
            }
            case 'x' -> {
                if (is(SecretKind.SLACK_TOKEN) && i + 5 <= to && startsWith(s, i, to, "xox")
                        && "abpors".indexOf(s.charAt(i + 3)) >= 0 && s.charAt(i + 4) == '-') {
                    m = prefixed(s, i, i + 5, to, 10, B64URL, SecretKind.SLACK_TOKEN, cut);
                    if (m >= 0) {
                        return m;
                    }
                }
            }
            case 's', 'r', 'w' -> {
                if (is(SecretKind.STRIPE_KEY)) {
                    if ((c == 's' || c == 'r') && (startsWith(s, i + 1, to, "k_live_") || startsWith(s, i + 1, to, "k_test_"))) {
                        m = prefixed(s, i, i + 8, to, 16, ALNUM, SecretKind.STRIPE_KEY, cut);
                        if (m >= 0) {
                            return m;
                        }
                    }
                    if (c == 'w' && startsWith(s, i, to, "whsec_")) {
                        m = prefixed(s, i, i + 6, to, 24, ALNUM, SecretKind.STRIPE_KEY, cut);
                        if (m >= 0) {
                            return m;
                        }
                    }
                }
                if (c == 's' && is(SecretKind.OPENAI_KEY) && !afterB64url && startsWith(s, i, to, "sk-")) {
                    m = openAi(s, i, to, cut);
                    if (m >= 0) {
                        return m;
                    }
                }
            }
            case 'n' -> {
                if (is(SecretKind.NPM_TOKEN) && startsWith(s, i, to, "npm_")) {
                    m = prefixed(s, i, i + 4, to, 36, ALNUM, SecretKind.NPM_TOKEN, cut);
                    if (m >= 0) {
                        return m;
                    }
                }
            }
            default -> {
                // digits and letters below
            }
        }
        if (c == '-' || c == ':') {
            return -1; // the rest start at a word boundary only
        }
        if (c >= '2' && c <= '6' && is(SecretKind.CARD)) {
            m = card(s, i, from, to, cut);
            if (m >= 0) {
                return m;
            }
        }
        if (state != null && state.awsUntil >= base + i && is(SecretKind.AWS_SECRET_KEY) && (CLASS[c] & ALNUM) != 0
                && !(prev < 128 && (CLASS[prev] & B64) != 0)) {
            m = awsSecret(s, i, to, cut);
            if (m >= 0) {
                return m;
            }
        }
        if (c >= 'A' && c <= 'Z' && is(SecretKind.IBAN)) {
            m = iban(s, i, to);
            if (m >= 0) {
                return m;
            }
        }
        if (is(SecretKind.EMAIL) && isLocal(c) && !(prev < 128 && isLocal(prev) && i > from)) {
            m = email(s, i, to);
            if (m >= 0) {
                return m;
            }
        }
        return -1;
    }

    private static boolean startsWith(CharSequence s, int i, int to, String prefix) {
        int n = prefix.length();
        if (i + n > to) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (s.charAt(i + k) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(CharSequence s, int i, int to, String lowerPrefix) {
        int n = lowerPrefix.length();
        if (i + n > to) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            char c = s.charAt(i + k);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            if (c != lowerPrefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean in(CharSequence s, int k, byte cls) {
        char c = s.charAt(k);
        return c < 128 && (CLASS[c] & cls) != 0;
    }

    /** The end of the run of {@code cls} characters from {@code k}. */
    private static int run(CharSequence s, int k, int to, byte cls) {
        while (k < to && in(s, k, cls)) {
            k++;
        }
        return k;
    }

    /** A prefix already matched up to {@code body}, then a run of {@code min} or more {@code cls} characters. */
    private static long prefixed(CharSequence s, int i, int body, int to, int min, byte cls, SecretKind kind, boolean cut) {
        int end = run(s, body, to, cls);
        if (end - body >= min || (cut && end == to)) {
            return match(i, end, kind);
        }
        return -1;
    }

    /** A prefix matched up to {@code body}, then exactly {@code length} of {@code [A-Z0-9]}, then a boundary. */
    private static long fixedRun(CharSequence s, int i, int body, int to, int length, SecretKind kind, boolean cut,
            boolean upperOnly) {
        int k = body;
        while (k < to && k - body < length) {
            char c = s.charAt(k);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                break;
            }
            k++;
        }
        if (k - body == length && (k == to || !in(s, k, ALNUM))) {
            return match(i, k, kind);
        }
        if (cut && k == to) {
            return match(i, k, kind);
        }
        return -1;
    }

    /** {@code Bearer <credential>} or {@code Basic <credential>}: the credential. */
    private long credential(CharSequence s, int i, int to, boolean cut) {
        SecretKind kind;
        int k;
        byte cls;
        if (is(SecretKind.BEARER) && startsWithIgnoreCase(s, i, to, "bearer")) {
            kind = SecretKind.BEARER;
            k = i + 6;
            cls = TOKEN;
        } else if (is(SecretKind.BASIC) && startsWithIgnoreCase(s, i, to, "basic")) {
            kind = SecretKind.BASIC;
            k = i + 5;
            cls = B64;
        } else {
            return -1;
        }
        int spaces = k;
        while (k < to && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
            k++;
        }
        if (k == spaces) {
            return -1;
        }
        int start = k;
        int end = run(s, k, to, cls);
        if (cut && end == to && end > start) {
            return match(start, end, kind);
        }
        if (end - start >= 8 && (kind == SecretKind.BEARER || decodesWithColon(s, start, end))) {
            return match(start, end, kind);
        }
        return -1;
    }

    /** Whether base64 {@code s[from, to)} decodes to {@code user:password}: a colon among printable bytes. */
    private static boolean decodesWithColon(CharSequence s, int from, int to) {
        int bits = 0;
        int acc = 0;
        boolean colon = false;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c == '=') {
                break;
            }
            int v = b64(c);
            if (v < 0) {
                return false;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                int b = (acc >> bits) & 0xFF;
                colon |= b == ':';
            }
        }
        return colon;
    }

    /** Three base64url segments, the first starting {@code eyJ} and decoding to a JSON object. */
    private static long jwt(CharSequence s, int i, int to, boolean cut) {
        if (!startsWith(s, i, to, "eyJ")) {
            return -1;
        }
        int e1 = run(s, i, to, B64URL);
        if (cut && e1 == to) {
            return match(i, e1, SecretKind.JWT);
        }
        if (e1 >= to || s.charAt(e1) != '.' || !jsonObjectHeader(s, i, e1)) {
            return -1;
        }
        int e2 = run(s, e1 + 1, to, B64URL);
        if (cut && e2 == to) {
            return match(i, e2, SecretKind.JWT);
        }
        if (e2 - (e1 + 1) < 2 || e2 >= to || s.charAt(e2) != '.') {
            return -1;
        }
        int e3 = run(s, e2 + 1, to, B64URL);
        return match(i, e3, SecretKind.JWT);
    }

    /** Whether base64url {@code s[from, to)} decodes to text whose last non-blank character is {@code }}. */
    private static boolean jsonObjectHeader(CharSequence s, int from, int to) {
        if ((to - from) % 4 == 1) {
            return false;
        }
        int bits = 0;
        int acc = 0;
        int last = -1;
        for (int k = from; k < to; k++) {
            int v = b64(s.charAt(k));
            if (v < 0) {
                return false;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                int b = (acc >> bits) & 0xFF;
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    last = b;
                }
            }
        }
        return last == '}';
    }

    private static int b64(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-' || c == '+') {
            return 62;
        }
        if (c == '_' || c == '/') {
            return 63;
        }
        return -1;
    }

    /** {@code -----BEGIN <label with PRIVATE KEY>-----} to its {@code -----END ...-----} line, or to the end. */
    private static long pem(CharSequence s, int i, int to, boolean cut) {
        if (!startsWith(s, i, to, "-----BEGIN ")) {
            return -1;
        }
        int k = i + 11;
        int labelStart = k;
        while (k < to && k - labelStart <= 48 && s.charAt(k) != '-' && s.charAt(k) != '\n') {
            k++;
        }
        if (k == to) {
            return cut ? match(i, to, SecretKind.PRIVATE_KEY) : -1;
        }
        if (!contains(s, labelStart, k, "PRIVATE KEY")) {
            return -1;
        }
        // to the end line, or to the end of the text (a cut block, or a block without end line)
        int end = indexOf(s, k, to, "-----END");
        if (end < 0) {
            return match(i, to, SecretKind.PRIVATE_KEY);
        }
        int close = indexOf(s, end + 8, Math.min(to, end + 8 + 64), "-----");
        return match(i, close < 0 ? Math.min(to, run(s, end + 8, to, TOKEN)) : close + 5, SecretKind.PRIVATE_KEY);
    }

    private static boolean contains(CharSequence s, int from, int to, String word) {
        return indexOf(s, from, to, word) >= 0;
    }

    /** Naive search for a short word: linear, since the word is a constant of at most 11 characters. */
    private static int indexOf(CharSequence s, int from, int to, String word) {
        int n = word.length();
        char first = word.charAt(0);
        for (int k = from; k + n <= to; k++) {
            if (s.charAt(k) == first && startsWith(s, k, to, word)) {
                return k;
            }
        }
        return -1;
    }

    /** {@code ://user:password@}: the password. */
    private static long urlPassword(CharSequence s, int i, int to, boolean cut) {
        if (i + 3 > to || s.charAt(i + 1) != '/' || s.charAt(i + 2) != '/') {
            return -1;
        }
        int colon = -1;
        int k = i + 3;
        while (k < to) {
            char c = s.charAt(k);
            if (c == '@') {
                break;
            }
            if (c == '/' || c == '?' || c == '#' || c == '"' || c == '<' || c == '>' || c == '\\' || c <= ' ') {
                return -1;
            }
            if (c == ':' && colon < 0) {
                colon = k;
            }
            k++;
        }
        if (colon < 0) {
            return -1;
        }
        if (k == to) {
            return cut && to > colon + 1 ? match(colon + 1, to, SecretKind.URL_PASSWORD) : -1;
        }
        return k > colon + 1 ? match(colon + 1, k, SecretKind.URL_PASSWORD) : -1;
    }

    private static long openAi(CharSequence s, int i, int to, boolean cut) {
        int body = i + 3;
        int end = run(s, body, to, B64URL);
        boolean digit = false;
        boolean letter = false;
        for (int k = body; k < end && !(digit && letter); k++) {
            char c = s.charAt(k);
            digit |= c >= '0' && c <= '9';
            letter |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
        if ((end - body >= 20 && digit && letter) || (cut && end == to && end > body)) {
            return match(i, end, SecretKind.OPENAI_KEY);
        }
        return -1;
    }

    /**
     * A card number from a digit at a boundary: 13 to 19 digits, single spaces or dashes between
     * digits, not inside a longer group of digits and separators, a network's first digit and length,
     * a valid Luhn sum.
     */
    private static long card(CharSequence s, int i, int from, int to, boolean cut) {
        if (i > from && s.charAt(i - 1) == '+') {
            return -1; // an international phone number
        }
        if (i - 2 >= from) {
            char p = s.charAt(i - 1);
            char pp = s.charAt(i - 2);
            if ((p == ' ' && pp >= '0' && pp <= '9') || (p == '-' && pp < 128 && (CLASS[pp] & ALNUM) != 0)) {
                return -1; // the middle of a group: "1234-5678..." or a UUID's "a456-4266..." started before
            }
        }
        int digits = 0;
        int evenSum = 0; // doubling digits at even indices from the left
        int oddSum = 0; // doubling digits at odd indices from the left
        int k = i;
        int end = i;
        char first = s.charAt(i);
        char second = 0;
        int firstGroup = -1; // digits before the first separator
        while (k < to) {
            char c = s.charAt(k);
            if (c >= '0' && c <= '9') {
                int d = c - '0';
                int doubled = d * 2 > 9 ? d * 2 - 9 : d * 2;
                if ((digits & 1) == 0) {
                    evenSum += doubled;
                    oddSum += d;
                } else {
                    evenSum += d;
                    oddSum += doubled;
                }
                if (digits == 1) {
                    second = c;
                }
                digits++;
                if (digits > 19) {
                    return -1;
                }
                k++;
                end = k;
            } else if ((c == ' ' || c == '-') && k + 1 < to && s.charAt(k + 1) >= '0' && s.charAt(k + 1) <= '9') {
                if (firstGroup < 0) {
                    firstGroup = digits;
                }
                k++;
            } else {
                break;
            }
        }
        if (firstGroup >= 0 && firstGroup != 4) {
            return -1; // cards are written in groups of four first; phone numbers are not
        }
        if (end == to || (end + 1 == to && (s.charAt(end) == ' ' || s.charAt(end) == '-'))) {
            if (cut && digits >= 6) {
                return match(i, to, SecretKind.CARD);
            }
            if (end != to) {
                return -1;
            }
        } else if (in(s, end, ALNUM) || (s.charAt(end) == '.' && end + 1 < to && Character.isDigit(s.charAt(end + 1)))
                || (s.charAt(end) == '-' && end + 1 < to && in(s, end + 1, ALNUM))) {
            return -1; // part of a longer token: a decimal, a UUID, a dashed identifier
        }
        if (digits < 13) {
            return -1;
        }
        int sum = (digits & 1) == 0 ? evenSum : oddSum;
        if (sum % 10 != 0) {
            return -1;
        }
        boolean amex = first == '3' && (second == '4' || second == '7');
        boolean visa = first == '4';
        boolean lengthOk = amex ? digits == 15 : visa ? (digits == 13 || digits == 16 || digits == 19) : digits >= 14;
        return lengthOk ? match(i, end, SecretKind.CARD) : -1;
    }

    /** 40 characters of {@code [A-Za-z0-9+/]} between boundaries, with a digit or symbol and both cases. */
    private static long awsSecret(CharSequence s, int i, int to, boolean cut) {
        int end = i;
        while (end < to && end - i <= 40 && in(s, end, B64)) {
            end++;
        }
        if (cut && end == to) {
            return match(i, end, SecretKind.AWS_SECRET_KEY);
        }
        if (end - i != 40 || (end < to && (s.charAt(end) == '_' || s.charAt(end) == '-'))) {
            return -1;
        }
        boolean upper = false;
        boolean lower = false;
        for (int k = i; k < end; k++) {
            char c = s.charAt(k);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            if (c == '=') {
                return -1;
            }
        }
        return upper && lower ? match(i, end, SecretKind.AWS_SECRET_KEY) : -1;
    }

    /** Two letters, two check digits, 11 to 30 letters and digits (single spaces allowed), mod 97 = 1. */
    private static long iban(CharSequence s, int i, int to) {
        if (i + 4 > to) {
            return -1;
        }
        char c0 = s.charAt(i);
        char c1 = s.charAt(i + 1);
        char d0 = s.charAt(i + 2);
        char d1 = s.charAt(i + 3);
        if (!(c1 >= 'A' && c1 <= 'Z') || !(d0 >= '0' && d0 <= '9') || !(d1 >= '0' && d1 <= '9')) {
            return -1;
        }
        int k = i + 4;
        int count = 4;
        long rem = 0;
        int end = k;
        while (k < to && count <= 34) {
            char c = s.charAt(k);
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                rem = ibanDigit(rem, c);
                count++;
                k++;
                end = k;
            } else if (c == ' ' && k + 1 < to && in(s, k + 1, ALNUM) && !(s.charAt(k + 1) >= 'a' && s.charAt(k + 1) <= 'z')) {
                k++;
            } else {
                break;
            }
        }
        if (count < 15 || count > 34 || (end < to && in(s, end, ALNUM))) {
            return -1;
        }
        rem = ibanDigit(rem, c0);
        rem = ibanDigit(rem, c1);
        rem = ibanDigit(rem, d0);
        rem = ibanDigit(rem, d1);
        return rem == 1 ? match(i, end, SecretKind.IBAN) : -1;
    }

    private static long ibanDigit(long rem, char c) {
        if (c >= '0' && c <= '9') {
            return (rem * 10 + (c - '0')) % 97;
        }
        return (rem * 100 + (c - 'A' + 10)) % 97;
    }

    private static boolean isLocal(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                || c == '%' || c == '+' || c == '-';
    }

    /** {@code local@domain.tld}, from the start of its local part. */
    private static long email(CharSequence s, int i, int to) {
        int k = i;
        while (k < to && s.charAt(k) < 128 && isLocal(s.charAt(k))) {
            k++;
        }
        if (k == i || k >= to || s.charAt(k) != '@') {
            return -1;
        }
        int d = k + 1;
        int labelLength = 0;
        int dots = 0;
        int tldLetters = 0;
        boolean tldAlpha = true;
        int end = d;
        while (d < to) {
            char c = s.charAt(d);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
                labelLength++;
                tldLetters++;
                tldAlpha &= !(c >= '0' && c <= '9') && c != '-';
                d++;
                end = d;
            } else if (c == '.' && labelLength > 0 && d + 1 < to && in(s, d + 1, ALNUM)) {
                dots++;
                labelLength = 0;
                tldLetters = 0;
                tldAlpha = true;
                d++;
            } else {
                break;
            }
        }
        if (dots == 0 || tldLetters < 2 || !tldAlpha) {
            return -1;
        }
        return match(i, end, SecretKind.EMAIL);
    }
}
