package dev.faultline.security;

/**
 * The canonical text of one value as the attack families read it: a char buffer (reused between
 * scans, so only {@code a[0..n)} is the value), where it came from, and the work counter every read
 * is charged to. Not thread-safe: one per scan in progress (see {@code SignatureScanner.Scratch}).
 */
final class Cursor {

    /** Where a value came from; decides the newline-based rules. */
    enum Part {
        PATH, QUERY, HEADER, BODY;

        static Part of(String location) {
            if (location.equals("path")) {
                return PATH;
            }
            if (location.startsWith("header")) {
                return HEADER;
            }
            if (location.startsWith("body")) {
                return BODY;
            }
            return QUERY;
        }
    }

    char[] a = new char[256];
    int n;
    Part part = Part.QUERY;
    Canonicalizer.Work w = new Canonicalizer.Work();
    /** Which ASCII chars the text may hold, as {@link Canonicalizer#SEEN_BIT} bits; all set when unknown. */
    long seen = -1;

    /** True when the text may hold {@code ch} (an ASCII char); false means it certainly does not. */
    boolean has(char ch) {
        return Canonicalizer.seen(seen, ch);
    }

    /** The char at {@code i}, or {@code '\0'} outside the text (NUL never occurs in canonical text). */
    char at(int i) {
        w.ops++;
        return i >= 0 && i < n ? a[i] : '\0';
    }

    /** True when the text at {@code i} is {@code p}. */
    boolean lit(int i, String p) {
        if (i < 0 || i + p.length() > n) {
            return false;
        }
        for (int k = 0; k < p.length(); k++) {
            w.ops++;
            if (a[i + k] != p.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Sets the text to {@code s} (for tests and callers that hold a String). */
    Cursor set(String s) {
        if (a.length < s.length()) {
            a = new char[s.length()];
        }
        s.getChars(0, s.length(), a, 0);
        n = s.length();
        seen = -1;
        return this;
    }

    @Override
    public String toString() {
        return new String(a, 0, n);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || isDigit(c);
    }

    /** A char that continues a word: letter, digit or underscore. */
    static boolean isWord(char c) {
        return isAlnum(c) || c == '_' || (c > 0x7f && Character.isLetterOrDigit(c));
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\n';
    }

    static boolean isSep(char c) {
        return c == '/' || c == '\\';
    }
}
