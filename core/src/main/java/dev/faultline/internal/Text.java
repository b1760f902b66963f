package dev.faultline.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * String helpers of alerting's rules, channels and engine: truncation that never splits a surrogate
 * pair, durations.
 */
public final class Text {

    public static final char ELLIPSIS = '\u2026';

    private Text() {
    }

    /**
     * {@code s} if it has at most {@code max} chars, else its first chars and an ellipsis, {@code max}
     * chars in all (never cutting a surrogate pair in two).
     */
    public static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        if (max <= 1) {
            return max == 1 ? String.valueOf(ELLIPSIS) : "";
        }
        int cut = max - 1;
        if (Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return s.substring(0, cut) + ELLIPSIS;
    }

    /** {@code 5m}, {@code 30s}, {@code 1h}, {@code 1m30s}, {@code 250ms}. */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        StringBuilder b = new StringBuilder();
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0) {
            b.append(m).append('m');
        }
        if (sec > 0) {
            b.append(sec).append('s');
        }
        return b.toString();
    }

    /** {@code v} as template text: {@code "unknown"} for {@code null}. */
    public static String value(@Nullable Object v) {
        return v == null ? "unknown" : v.toString();
    }
}
