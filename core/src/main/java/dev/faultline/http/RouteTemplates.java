package dev.faultline.http;

import org.jspecify.annotations.Nullable;

/**
 * Route templates as servers report them, made uniform for logs and metrics: regular expressions
 * inside parameters dropped ({@code /items/{id: [0-9]+}} and {@code /items/{id:\d+}} give
 * {@code /items/{id}}), repeated slashes collapsed ({@code //videos/{id}}), and a trailing slash
 * removed ({@code /videos/} gives {@code /videos}; the root stays {@code /}). Linear in the template's length. For adapters; thread-safe.
 */
public final class RouteTemplates {

    private RouteTemplates() {
    }

    /** The uniform template, or {@code null} for a missing or empty one. */
    public static @Nullable String normalize(@Nullable String template) {
        if (template == null || template.isEmpty()) {
            return null;
        }
        String t = template.indexOf(':') < 0 ? template : withoutExpressions(template);
        if (t.contains("//")) { // a resource at "/" joined with a method path (Jersey): "//videos/{id}"
            StringBuilder b = new StringBuilder(t.length());
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c != '/' || b.length() == 0 || b.charAt(b.length() - 1) != '/') {
                    b.append(c);
                }
            }
            t = b.toString();
        }
        if (t.length() > 1 && t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static String withoutExpressions(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length());
        int depth = 0;
        boolean skipping = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (skipping) {
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    skipping = false;
                    out.append(c);
                }
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth = Math.max(0, depth - 1);
            } else if (c == ':' && depth == 1) {
                while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
                    out.setLength(out.length() - 1); // "{n : regex}" gives "{n}"
                }
                skipping = true;
                continue;
            }
            out.append(c);
        }
        return skipping ? pattern : out.toString(); // unbalanced braces: leave it as the server said
    }
}
