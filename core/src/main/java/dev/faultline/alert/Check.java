package dev.faultline.alert;

import java.time.Duration;
import java.util.Objects;

/** Argument checks whose {@link IllegalArgumentException} names the setting. */
final class Check {

    /** The longest rule or channel name. */
    static final int MAX_NAME_LENGTH = 64;

    private Check() {
    }

    static String name(String setting, String name) {
        Objects.requireNonNull(name, setting);
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    setting + " must be 1 to " + MAX_NAME_LENGTH + " characters, was '" + Text.truncate(name, 80) + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '.' || c == '-';
            if (!ok) {
                throw new IllegalArgumentException(
                        setting + " may only hold [A-Za-z0-9_.-], was '" + Text.truncate(name, 80) + "'");
            }
        }
        return name;
    }

    static Duration nonNegative(String setting, Duration d) {
        Objects.requireNonNull(d, setting);
        if (d.isNegative()) {
            throw new IllegalArgumentException(setting + " must not be negative, was " + d);
        }
        return d;
    }

    static Duration positive(String setting, Duration d) {
        Objects.requireNonNull(d, setting);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive, was " + d);
        }
        return d;
    }

    /** A positive duration of whole milliseconds, at most {@code max}. */
    static Duration millis(String setting, Duration d, Duration max) {
        positive(setting, d);
        if (d.compareTo(Duration.ofMillis(1)) < 0 || d.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(setting + " must be a whole number of milliseconds, at least 1 ms, was " + d);
        }
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException(setting + " must be at most " + max + ", was " + d);
        }
        return d;
    }

    static int range(String setting, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(setting + " must be from " + min + " to " + max + ", was " + v);
        }
        return v;
    }
}
