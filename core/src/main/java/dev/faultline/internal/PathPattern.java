package dev.faultline.internal;

import java.util.Objects;

/**
 * A path pattern: exact ({@code /login}), a subtree ({@code /metrics/**}, which also matches
 * {@code /metrics}) or a prefix ({@code /static*}). Matching is O(pattern length). Not API.
 */
public final class PathPattern {

    private final String pattern;
    private final String stem;
    private final int kind;

    private PathPattern(String pattern, String stem, int kind) {
        this.pattern = pattern;
        this.stem = stem;
        this.kind = kind;
    }

    /**
     * Parses a pattern.
     *
     * @param setting the setting's name, for the error message
     * @throws IllegalArgumentException if it does not start with {@code /} or has {@code *} elsewhere than at the end
     */
    public static PathPattern parse(String pattern, String setting) {
        Objects.requireNonNull(pattern, setting);
        if (!pattern.startsWith("/")) {
            throw Preconditions.invalid(setting, "patterns must start with '/': '" + pattern + "'");
        }
        if (pattern.endsWith("/**")) {
            return new PathPattern(pattern, pattern.substring(0, pattern.length() - 3), 1);
        }
        if (pattern.endsWith("*") && pattern.indexOf('*') == pattern.length() - 1) {
            return new PathPattern(pattern, pattern.substring(0, pattern.length() - 1), 2);
        }
        if (pattern.contains("*")) {
            throw Preconditions.invalid(setting, "supports '*' only at the end: '" + pattern + "'");
        }
        return new PathPattern(pattern, pattern, 0);
    }

    /** Whether {@code path} matches. */
    public boolean matches(String path) {
        return switch (kind) {
            case 0 -> path.equals(stem);
            case 1 -> path.equals(stem) || (path.startsWith(stem) && path.length() > stem.length()
                    && path.charAt(stem.length()) == '/');
            default -> path.startsWith(stem);
        };
    }

    @Override
    public String toString() {
        return pattern;
    }
}
