package dev.faultline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A message template with {@code {field}} placeholders, parsed once. A placeholder is a brace, 1 to
 * 64 characters of {@code [A-Za-z0-9_]} and a closing brace; anything else (a lone brace,
 * {@code {a b}}, {@code {}}) is literal text. Rendering replaces a placeholder with the field's value
 * ({@code "unknown"} for a known field whose value is {@code null}) and leaves a placeholder of an
 * unknown field as it is. Parsing and rendering are linear in the template and the values; a value
 * is never itself parsed for placeholders, and the result is capped at the length the caller gives
 * (the alert message's cap). Parsed by the rule builders, which check a template when it is set, and
 * by the alerting engine, which renders it.
 * Immutable and thread-safe.
 */
public final class Template {

    public static final int MAX_FIELD_LENGTH = 64;
    public static final int MAX_TEMPLATE_LENGTH = 4_000;

    /** A field name, or null for a literal. */
    private final @Nullable String[] fields;
    private final String[] literals;
    private final String source;

    private Template(String source, List<@Nullable String> fields, List<String> literals) {
        this.source = source;
        this.fields = fields.toArray(new String[0]);
        this.literals = literals.toArray(new String[0]);
    }

    /**
     * Parses {@code template}.
     *
     * @throws IllegalArgumentException (naming {@code setting}) if it is blank or longer than
     *         {@value #MAX_TEMPLATE_LENGTH} characters
     */
    public static Template parse(String setting, String template) {
        Objects.requireNonNull(template, setting);
        if (template.isBlank() || template.length() > MAX_TEMPLATE_LENGTH) {
            throw Preconditions.invalid(setting, "must be 1 to " + MAX_TEMPLATE_LENGTH
                    + " characters and not blank, was '" + Text.truncate(template, 80) + "'");
        }
        List<@Nullable String> fields = new ArrayList<>();
        List<String> literals = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int n = template.length();
        int i = 0;
        while (i < n) {
            char c = template.charAt(i);
            if (c != '{') {
                lit.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            while (j < n && j - i - 1 <= MAX_FIELD_LENGTH && isNameChar(template.charAt(j))) {
                j++;
            }
            int len = j - i - 1;
            if (j < n && template.charAt(j) == '}' && len >= 1 && len <= MAX_FIELD_LENGTH) {
                if (lit.length() > 0) {
                    fields.add(null);
                    literals.add(lit.toString());
                    lit.setLength(0);
                }
                fields.add(template.substring(i + 1, j));
                literals.add("");
                i = j + 1;
            } else {
                // not a placeholder: the brace is literal; scanning resumes right after it, so every
                // character is looked at a bounded number of times
                lit.append(c);
                i++;
            }
        }
        if (lit.length() > 0) {
            fields.add(null);
            literals.add(lit.toString());
        }
        return new Template(template, fields, literals);
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /**
     * Fills the template. {@code lookup} answers a field's value, {@link #UNKNOWN} for a field it does
     * not know. The result has at most {@code maxLength} characters.
     */
    public String render(Function<String, @Nullable Object> lookup, int maxLength) {
        StringBuilder b = new StringBuilder(source.length() + 64);
        for (int k = 0; k < fields.length && b.length() <= maxLength; k++) {
            String f = fields[k];
            if (f == null) {
                b.append(literals[k]);
                continue;
            }
            Object v = lookup.apply(f);
            if (v == UNKNOWN) {
                b.append('{').append(f).append('}');
            } else {
                String s = Text.value(v);
                b.append(s, 0, Math.min(s.length(), maxLength + 1));
            }
        }
        return Text.truncate(b.toString(), maxLength);
    }

    /** The marker a lookup returns for a field it does not know. */
    public static final Object UNKNOWN = new Object() {
        @Override
        public String toString() {
            return "<unknown field>";
        }
    };

    @Override
    public String toString() {
        return source;
    }
}
