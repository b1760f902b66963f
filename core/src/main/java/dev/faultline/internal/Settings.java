package dev.faultline.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Named settings read from outside the code: a setting {@code faultline.problem.expose-details} is
 * the system property of that name, else the environment variable
 * {@code FAULTLINE_PROBLEM_EXPOSE_DETAILS}. Values are parsed strictly; a bad one fails with an
 * {@link IllegalArgumentException} naming the setting. Not API.
 */
public final class Settings {

    private final UnaryOperator<@Nullable String> lookup;

    private Settings(UnaryOperator<@Nullable String> lookup) {
        this.lookup = lookup;
    }

    /** Settings from system properties, then environment variables. */
    public static Settings system() {
        return new Settings(name -> {
            String v = System.getProperty(name);
            return v != null ? v : System.getenv(envName(name));
        });
    }

    /** Settings from a lookup by setting name (for tests and embedding). */
    public static Settings of(UnaryOperator<@Nullable String> lookup) {
        return new Settings(Objects.requireNonNull(lookup, "lookup"));
    }

    /** Settings with nothing set. */
    public static Settings none() {
        return new Settings(name -> null);
    }

    /** The environment-variable form of a setting name. */
    public static String envName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The raw value, or {@code null}; blank counts as unset. */
    public @Nullable String get(String name) {
        String v = lookup.apply(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** A boolean setting ({@code true}/{@code false}, any case), or {@code null} when unset. */
    public @Nullable Boolean bool(String name) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> Boolean.TRUE;
            case "false", "off", "no", "0" -> Boolean.FALSE;
            default -> throw Preconditions.invalid(
                    name, "must be true or false, was '" + v + "'");
        };
    }

    /** An integer setting within bounds, or {@code null} when unset. */
    public @Nullable Integer integer(String name, int min, int max) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw Preconditions.invalid(name, "must be a whole number, was '" + v + "'");
        }
        if (n < min || n > max) {
            throw Preconditions.invalid(name, "must be between " + min + " and " + max + ", was " + n);
        }
        return n;
    }

    /**
     * A duration setting within bounds, or {@code null} when unset: a whole number with a unit,
     * {@code ms}, {@code s}, {@code m} or {@code h} ({@code 5s}, {@code 1500ms}), or ISO-8601
     * ({@code PT5S}).
     */
    public @Nullable Duration duration(String name, Duration min, Duration max) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        Duration d = parseDuration(v);
        if (d == null) {
            throw Preconditions.invalid(name, "must be a duration such as 5s, 1500ms, 1m or PT5S, was '" + v + "'");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw Preconditions.invalid(name, "must be from " + min + " to " + max + ", was " + v);
        }
        return d;
    }

    private static @Nullable Duration parseDuration(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 9) {
            return null;
        }
        long n = Long.parseLong(s.substring(0, i));
        return switch (s.substring(i).trim()) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> null;
        };
    }
}
