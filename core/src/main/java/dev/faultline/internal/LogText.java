package dev.faultline.internal;

/**
 * Makes text that a client controls safe for a log line: CR, LF and every other control character
 * (C0, DEL, C1, and the Unicode line and paragraph separators) are written as visible escapes
 * ({@code \r}, {@code \n}, {@code \u001b}), so that a plain-text log backend can never print a line a
 * client forged, nor terminal escape sequences. A tab is kept. Text without such characters is returned
 * as is, without allocating. Stateless and thread-safe.
 */
public final class LogText {

    private LogText() {
    }

    /** {@code text} with its control characters escaped; {@code null} stays {@code null}. */
    public static @org.jspecify.annotations.Nullable String clean(@org.jspecify.annotations.Nullable String text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        int i = 0;
        while (i < n && !control(text.charAt(i))) {
            i++;
        }
        if (i == n) {
            return text;
        }
        StringBuilder b = new StringBuilder(n + 16).append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (!control(c)) {
                b.append(c);
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else {
                b.append("\\u").append(String.format("%04x", (int) c));
            }
        }
        return b.toString();
    }

    private static boolean control(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029';
    }
}
