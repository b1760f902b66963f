package dev.faultline.alert;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** String helpers of the alerting package: truncation that never splits a surrogate pair, durations. */
final class Text {

    static final char ELLIPSIS = '\u2026';

    private Text() {
    }

    /**
     * {@code s} if it has at most {@code max} chars, else its first chars and an ellipsis, {@code max}
     * chars in all (never cutting a surrogate pair in two).
     */
    static String truncate(String s, int max) {
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

    /** A short description of a throwable: its simple class name and message. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        String name = t instanceof DeliveryException ? "" : t.getClass().getSimpleName();
        if (m == null || m.isBlank()) {
            Throwable c = t.getCause();
            if (c != null && c != t && c.getMessage() != null) {
                return (name.isEmpty() ? "" : name + ": ") + c.getClass().getSimpleName() + ": " + c.getMessage();
            }
            return name.isEmpty() ? t.getClass().getSimpleName() : name;
        }
        return name.isEmpty() ? m : name + ": " + m;
    }

    /** {@code 5m}, {@code 30s}, {@code 1h}, {@code 1m30s}, {@code 250ms}. */
    static String duration(Duration d) {
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
    static String value(@Nullable Object v) {
        return v == null ? "unknown" : v.toString();
    }
}
