package dev.faultline.security;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns an untrusted value into the canonical forms the rules match on. Every method is a single
 * left-to-right pass whose work is linear in its input and charged to a {@link Work} counter; no
 * regular expression is used. No output is longer than its input (every decoding shrinks or keeps the
 * length, every normalisation maps one char to at most one char), so {@code r} rounds cost at most
 * {@code r} times the input.
 */
final class Canonicalizer {

    private Canonicalizer() {
    }

    /** Counts characters processed; the scanner's unit of work. Not thread-safe: one per scan. */
    static final class Work {
        long ops;
    }

    /** Named HTML character references decoded; the legacy few also without the semicolon. */
    private static final Map<String, String> ENTITIES = new HashMap<>();
    private static final String[] LEGACY = {"lt", "gt", "amp", "quot", "LT", "GT", "AMP", "QUOT"};
    private static final int MAX_ENTITY_NAME = 10;

    static {
        String[][] table = {
            {"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"quot", "\""}, {"LT", "<"}, {"GT", ">"},
            {"AMP", "&"}, {"QUOT", "\""}, {"apos", "'"}, {"sol", "/"}, {"bsol", "\\"}, {"colon", ":"},
            {"semi", ";"}, {"lpar", "("}, {"rpar", ")"}, {"equals", "="}, {"grave", "`"},
            {"DiacriticalGrave", "`"}, {"dollar", "$"}, {"lcub", "{"}, {"lbrace", "{"}, {"rcub", "}"},
            {"rbrace", "}"}, {"excl", "!"}, {"num", "#"}, {"percnt", "%"}, {"plus", "+"},
            {"comma", ","}, {"period", "."}, {"Tab", "\t"}, {"NewLine", "\n"}, {"nbsp", "\u00a0"},
            {"ast", "*"}, {"midast", "*"}, {"lsqb", "["}, {"lbrack", "["}, {"rsqb", "]"},
            {"rbrack", "]"}, {"verbar", "|"}, {"vert", "|"}, {"VerticalLine", "|"}, {"quest", "?"},
            {"commat", "@"}, {"lowbar", "_"}, {"UnderBar", "_"}, {"Hat", "^"}, {"hyphen", "-"},
            {"dash", "-"}, {"fjlig", "fj"},
        };
        for (String[] e : table) {
            ENTITIES.put(e[0], e[1]);
        }
    }

    // ------------------------------------------------------------------------------------------
    // One decoding round
    // ------------------------------------------------------------------------------------------

    /**
     * One round of decoding: percent escapes (UTF-8, overlong forms included, and {@code %uXXXX}),
     * {@code +} to space, HTML character references (named, decimal, hex; semicolon optional where
     * browsers accept that) and <code>&#92;uXXXX</code> escapes, all in one pass. Malformed escapes are kept as
     * they are. Returns {@code s} itself when nothing changed.
     */
    static String decodeRound(String s, Work w) {
        return decodeRound(s, w, true);
    }

    /**
     * One round; {@code plus} says whether {@code +} means a space, which is true only in the first
     * round: a {@code +} that decoding produced ({@code %2B}) is a plus sign.
     */
    static String decodeRound(String s, Work w, boolean plus) {
        int n = s.length();
        int first = -1;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '%' || (c == '+' && plus) || c == '&' || c == '\\') {
                first = i;
                break;
            }
        }
        w.ops += first < 0 ? n : first;
        if (first < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(n);
        out.append(s, 0, first);
        byte[] bytes = null;
        int i = first;
        while (i < n) {
            char c = s.charAt(i);
            w.ops++;
            if (c == '%') {
                if (hexByte(s, i + 1) >= 0) {
                    if (bytes == null) {
                        bytes = new byte[(n - i) / 3 + 1];
                    }
                    i = percentRun(s, i, out, bytes, w);
                    continue;
                }
                if (i + 1 < n && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')) {
                    int v = hex4(s, i + 2);
                    if (v >= 0) {
                        out.append((char) v);
                        w.ops += 5;
                        i += 6;
                        continue;
                    }
                }
                out.append(c);
                i++;
            } else if (c == '+' && plus) {
                out.append(' ');
                i++;
            } else if (c == '&') {
                i = entity(s, i, out, w);
            } else if (c == '\\') {
                if (i + 1 < n && s.charAt(i + 1) == 'u') {
                    int v = hex4(s, i + 2);
                    if (v >= 0) {
                        out.append((char) v);
                        w.ops += 5;
                        i += 6;
                        continue;
                    }
                }
                out.append(c);
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        w.ops += n; // the comparison below
        return out.length() == n && out.toString().contentEquals(s) ? s : out.toString();
    }

    /** The byte of two hex digits at {@code s[i..i+2)}, or -1. */
    private static int hexByte(String s, int i) {
        if (i + 1 >= s.length()) {
            return -1;
        }
        int hi = Character.digit(s.charAt(i), 16);
        int lo = Character.digit(s.charAt(i + 1), 16);
        return hi < 0 || lo < 0 || s.charAt(i) > 'f' || s.charAt(i + 1) > 'f' ? -1 : (hi << 4) | lo;
    }

    /** The value of four hex digits at {@code s[i..i+4)}, or -1. */
    private static int hex4(String s, int i) {
        if (i + 4 > s.length()) {
            return -1;
        }
        int v = 0;
        for (int k = i; k < i + 4; k++) {
            char c = s.charAt(k);
            int d = c > 'f' ? -1 : Character.digit(c, 16);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /**
     * Decodes the run of {@code %XX} escapes starting at {@code start} as UTF-8, leniently: overlong
     * encodings decode to the character they spell ({@code %c0%ae} is {@code .}, as some servers
     * decoded them); a byte that starts no well-formed sequence is kept as its escape text.
     */
    private static int percentRun(String s, int start, StringBuilder out, byte[] bytes, Work w) {
        int n = s.length();
        int k = 0;
        int i = start;
        while (i < n && s.charAt(i) == '%') {
            int b = hexByte(s, i + 1);
            if (b < 0) {
                break;
            }
            bytes[k++] = (byte) b;
            i += 3;
        }
        w.ops += i - start;
        int j = 0;
        while (j < k) {
            int b = bytes[j] & 0xff;
            int need;
            int cp;
            if (b < 0x80) {
                need = 0;
                cp = b;
            } else if (b >= 0xc0 && b <= 0xdf) {
                need = 1;
                cp = b & 0x1f;
            } else if (b >= 0xe0 && b <= 0xef) {
                need = 2;
                cp = b & 0x0f;
            } else if (b >= 0xf0 && b <= 0xf7) {
                need = 3;
                cp = b & 0x07;
            } else {
                need = -1;
                cp = 0;
            }
            boolean ok = need >= 0 && j + need < k;
            for (int m = 1; ok && m <= need; m++) {
                int cb = bytes[j + m] & 0xff;
                if (cb < 0x80 || cb > 0xbf) {
                    ok = false;
                } else {
                    cp = (cp << 6) | (cb & 0x3f);
                }
            }
            if (ok && cp <= Character.MAX_CODE_POINT) {
                out.appendCodePoint(cp);
                j += need + 1;
            } else {
                int at = start + 3 * j;
                out.append(s, at, at + 3);
                j++;
            }
        }
        return i;
    }

    /** Decodes a character reference at {@code s[i] == '&'}, or copies the {@code &}; returns the next index. */
    private static int entity(String s, int i, StringBuilder out, Work w) {
        int n = s.length();
        int j = i + 1;
        if (j < n && s.charAt(j) == '#') {
            j++;
            int radix = 10;
            if (j < n && (s.charAt(j) == 'x' || s.charAt(j) == 'X')) {
                radix = 16;
                j++;
            }
            int digitsStart = j;
            while (j < n && s.charAt(j) == '0') {
                j++;
            }
            long v = 0;
            while (j < n) {
                char c = s.charAt(j);
                int d = c > 'f' ? -1 : Character.digit(c, radix);
                if (d < 0) {
                    break;
                }
                if (v <= Character.MAX_CODE_POINT) {
                    v = v * radix + d;
                }
                j++;
            }
            w.ops += j - i;
            if (j == digitsStart) {
                out.append('&');
                return i + 1;
            }
            if (j < n && s.charAt(j) == ';') {
                j++;
            }
            int cp = v == 0 || v > Character.MAX_CODE_POINT ? 0xfffd : (int) v;
            out.appendCodePoint(cp);
            return j;
        }
        int start = j;
        while (j < n && j - start < MAX_ENTITY_NAME && isAsciiLetterOrDigit(s.charAt(j))) {
            j++;
        }
        w.ops += j - i;
        if (j > start) {
            if (j < n && s.charAt(j) == ';') {
                String v = ENTITIES.get(s.substring(start, j));
                if (v != null) {
                    out.append(v);
                    return j + 1;
                }
            }
            for (String legacy : LEGACY) {
                if (s.startsWith(legacy, start)) {
                    out.append(ENTITIES.get(legacy));
                    return start + legacy.length();
                }
            }
        }
        out.append('&');
        return i + 1;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    // ------------------------------------------------------------------------------------------
    // Normalisation
    // ------------------------------------------------------------------------------------------

    /**
     * Lower-cases (per char, locale-independent), folds full-width ASCII and a few look-alike slashes
     * and dots to ASCII, drops control and zero-width characters, and collapses each run of
     * whitespace into one space, or one {@code '\n'} when the run held a CR or LF (so line breaks stay
     * visible to the CRLF and command rules). Lone surrogates pass through.
     */
    static String normalize(String s, Work w) {
        int n = s.length();
        w.ops += n;
        StringBuilder out = new StringBuilder(n);
        boolean space = false;
        boolean newline = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') {
                newline = true;
                continue;
            }
            if (isSpace(c)) {
                space = true;
                continue;
            }
            if (isIgnorable(c)) {
                continue;
            }
            if (newline || space) {
                out.append(newline ? '\n' : ' ');
                newline = false;
                space = false;
            }
            out.append(fold(c));
        }
        if (newline || space) {
            out.append(newline ? '\n' : ' ');
        }
        return out.toString();
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u000b' || c == '\f' || c == '\u00a0' || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200a') || c == '\u2028' || c == '\u2029' || c == '\u202f'
                || c == '\u205f' || c == '\u3000' || c == '\u0085';
    }

    private static boolean isIgnorable(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u00ad' || (c >= '\u200b' && c <= '\u200d')
                || c == '\u2060' || c == '\ufeff' || c == '\u180e';
    }

    private static char fold(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        if (c >= '\uff01' && c <= '\uff5e') {
            return fold((char) (c - 0xfee0));
        }
        switch (c) {
            case '\u2215', '\u2044', '\u29f8' -> {
                return '/';
            }
            case '\u2216', '\ufe68', '\u29f9' -> {
                return '\\';
            }
            case '\u2024', '\ufe52' -> {
                return '.';
            }
            case '\ufe64', '\u2039', '\u00ab' -> {
                return '<';
            }
            case '\ufe65', '\u203a', '\u00bb' -> {
                return '>';
            }
            default -> {
                return Character.isSurrogate(c) ? c : Character.toLowerCase(c);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // SQL comments
    // ------------------------------------------------------------------------------------------

    /**
     * Replaces each {@code /* ... *}{@code /} comment by one space; keeps the content of MySQL's
     * executable comments ({@code /*!50000union*}{@code /} is {@code union}). An unterminated
     * {@code /*} is kept as text (once a search for the end failed, no later one is tried, so the
     * pass stays linear).
     */
    static String stripBlockComments(String s, Work w) {
        int n = s.length();
        if (s.indexOf('/') < 0 && s.indexOf('*') < 0) {
            w.ops += n;
            return s;
        }
        if (s.indexOf("/*") < 0 && s.indexOf("*/") < 0 && s.indexOf(' ') < 0) {
            // no comment and no space to collapse: the pass below would copy every char (every path)
            w.ops += n;
            return s;
        }
        StringBuilder out = new StringBuilder(n);
        boolean noClose = false;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            w.ops++;
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                if (i + 2 < n && s.charAt(i + 2) == '!') {
                    int j = i + 3;
                    while (j < n && j < i + 9 && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                        j++;
                    }
                    w.ops += j - i;
                    space(out);
                    i = j;
                    continue;
                }
                if (!noClose) {
                    int close = s.indexOf("*/", i + 2);
                    if (close >= 0) {
                        w.ops += close + 2 - i;
                        space(out);
                        i = close + 2;
                        continue;
                    }
                    w.ops += n - i;
                    noClose = true;
                }
                out.append(c);
                i++;
            } else if (c == '*' && i + 1 < n && s.charAt(i + 1) == '/') {
                space(out);
                i += 2;
            } else if (c == ' ') {
                space(out);
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Replaces each {@code --} and {@code #} comment, up to the end of its line, by one space. */
    static String stripLineComments(String s, Work w) {
        int n = s.length();
        w.ops += 2L * n;
        if (s.indexOf('#') < 0 && s.indexOf("--") < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '#' || (c == '-' && i + 1 < n && s.charAt(i + 1) == '-')) {
                int j = i + 1;
                while (j < n && s.charAt(j) != '\n') {
                    j++;
                }
                space(out);
                i = j;
            } else if (c == ' ') {
                space(out);
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static void space(StringBuilder out) {
        int len = out.length();
        if (len == 0 || (out.charAt(len - 1) != ' ' && out.charAt(len - 1) != '\n')) {
            out.append(' ');
        }
    }
}
