package dev.faultline.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The one argument check of the core: every {@link IllegalArgumentException} a setter or factory
 * throws for a bad argument comes from here and starts with the setting's name, so that a user reads
 * which setting to fix ({@code "alert.cooldown must not be negative, was PT-1S"}). Null arguments are
 * still refused with {@link Objects#requireNonNull(Object, String)}. Not API. Stateless and
 * thread-safe.
 */
public final class Preconditions {

    /** The longest rule or channel name. */
    public static final int MAX_NAME_LENGTH = 64;

    private Preconditions() {
    }

    /**
     * The exception for a bad value of {@code setting}: its message is {@code setting}, a space and
     * {@code problem} (which says what the setting must be and, unless it is a secret, what it was);
     * no space when {@code problem} starts with a colon ({@code "logging.redact_headers: 'x' is ..."}).
     * Thrown by the caller: {@code throw Preconditions.invalid("x", "must be ..., was " + v)}, so that
     * the message is built only on failure.
     */
    public static IllegalArgumentException invalid(String setting, String problem) {
        return new IllegalArgumentException(message(setting, problem));
    }

    /** {@link #invalid} with the cause that made the value unusable. */
    public static IllegalArgumentException invalid(String setting, String problem, Throwable cause) {
        return new IllegalArgumentException(message(setting, problem), cause);
    }

    private static String message(String setting, String problem) {
        return problem.startsWith(":") ? setting + problem : setting + " " + problem;
    }

    /** {@code v} if it is from {@code min} to {@code max}, both included. */
    public static int range(String setting, int v, int min, int max) {
        if (v < min || v > max) {
            throw invalid(setting, "must be from " + min + " to " + max + ", was " + v);
        }
        return v;
    }

    /** A rule or channel name: 1 to {@value #MAX_NAME_LENGTH} chars of {@code [A-Za-z0-9_.-]}. */
    public static String name(String setting, String name) {
        Objects.requireNonNull(name, setting);
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw invalid(setting, "must be 1 to " + MAX_NAME_LENGTH + " characters, was '" + truncate(name) + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '.' || c == '-';
            if (!ok) {
                throw invalid(setting, "may only hold [A-Za-z0-9_.-], was '" + truncate(name) + "'");
            }
        }
        return name;
    }

    /** {@code d} if it is zero or positive. */
    public static Duration nonNegative(String setting, Duration d) {
        Objects.requireNonNull(d, setting);
        if (d.isNegative()) {
            throw invalid(setting, "must not be negative, was " + d);
        }
        return d;
    }

    /** {@code d} if it is above zero. */
    public static Duration positive(String setting, Duration d) {
        Objects.requireNonNull(d, setting);
        if (d.isNegative() || d.isZero()) {
            throw invalid(setting, "must be positive, was " + d);
        }
        return d;
    }

    /** A positive duration of whole milliseconds, at most {@code max}. */
    public static Duration millis(String setting, Duration d, Duration max) {
        positive(setting, d);
        if (d.compareTo(Duration.ofMillis(1)) < 0 || d.getNano() % 1_000_000 != 0) {
            throw invalid(setting, "must be a whole number of milliseconds, at least 1 ms, was " + d);
        }
        if (d.compareTo(max) > 0) {
            throw invalid(setting, "must be at most " + max + ", was " + d);
        }
        return d;
    }

    /** At most 80 chars of a refused value, never cutting a surrogate pair, for a message. */
    private static String truncate(String s) {
        if (s.length() <= 80) {
            return s;
        }
        int cut = 79;
        if (Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return s.substring(0, cut) + '\u2026';
    }
}
