package dev.faultline.security;

import java.util.Locale;

/** Log4Shell-style {@code ${jndi:...}} lookups, obfuscated or not, and deeply nested lookups. */
final class Jndi extends Family {

    static final int LOOKUP_BUFFER = 64;
    static final int MAX_LOOKUP_DEPTH = 12;

    @Override
    long rules() {
        return mask(Rule.JNDI_LOOKUP_RULE, Rule.JNDI_NESTED);
    }

    @Override
    String relevantChars() {
        return "$";
    }

    /**
     * Resolves {@code ${...}} lookups the way Log4j 2 did, enough to see through the usual
     * obfuscations: {@code ${lower:j}}, {@code ${upper:j}}, {@code ${::-j}} and any
     * {@code ${name:-default}}, {@code ${date:'j'}}; any other lookup resolves to nothing. A lookup
     * whose resolved text starts with {@code jndi:} is a hit. Iterative with an explicit stack of at
     * most {@value #MAX_LOOKUP_DEPTH} bounded buffers; a deeper nesting is itself a hit
     * ({@code jndi.nested-lookup}).
     */
    @Override
    boolean relevant(Cursor t) {
        return t.has('$') && t.has('{');
    }

    /** Where the last lookup ended: a '$' before it was part of that lookup. */
    private int resume;

    @Override
    String triggers() {
        return "$";
    }

    @Override
    void begin() {
        resume = 0;
    }

    @Override
    void visit(int i, char ch) {
        if (i >= resume && at(i + 1) == '{') {
            resume = lookup(i);
        }
    }

    private int lookup(int start) {
        StringBuilder[] stack = new StringBuilder[MAX_LOOKUP_DEPTH];
        boolean[] checked = new boolean[MAX_LOOKUP_DEPTH];
        int depth = 1;
        stack[0] = new StringBuilder();
        int j = start + 2;
        while (j < n) {
            char c = at(j);
            if (c == '$' && at(j + 1) == '{') {
                if (depth >= MAX_LOOKUP_DEPTH) {
                    hit(Rule.JNDI_NESTED);
                    append(stack[depth - 1], "${");
                } else {
                    stack[depth] = new StringBuilder();
                    checked[depth] = false;
                    depth++;
                }
                j += 2;
                continue;
            }
            if (c == '}') {
                depth--;
                String r = resolve(stack[depth]);
                if (depth == 0) {
                    return j + 1;
                }
                append(stack[depth - 1], r);
            } else {
                append(stack[depth - 1], c);
            }
            int top = depth - 1;
            if (!checked[top] && stack[top].length() >= 5) {
                checked[top] = true;
                if (stack[top].indexOf("jndi:") == 0) {
                    hit(Rule.JNDI_LOOKUP_RULE);
                }
            }
            j++;
        }
        // unterminated: the prefixes were already checked on the way
        for (int d = 0; d < depth; d++) {
            if (!checked[d] && stack[d].indexOf("jndi:") == 0) {
                hit(Rule.JNDI_LOOKUP_RULE);
            }
        }
        return n;
    }

    private void append(StringBuilder b, CharSequence text) {
        int room = LOOKUP_BUFFER - b.length();
        if (room > 0) {
            int len = Math.min(room, text.length());
            b.append(text, 0, len);
            w.ops += len;
        }
    }

    private void append(StringBuilder b, char c) {
        if (b.length() < LOOKUP_BUFFER) {
            b.append(c);
        }
    }

    private String resolve(StringBuilder b) {
        w.ops += b.length();
        int dash = b.indexOf(":-");
        if (dash >= 0) {
            return b.substring(dash + 2);
        }
        String v = b.toString();
        if (v.startsWith("lower:")) {
            return v.substring(6);
        }
        if (v.startsWith("upper:")) {
            // upper-casing folds look-alikes (the dotless i) that lower-case input cannot carry
            return v.substring(6).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        }
        if (v.startsWith("date:")) {
            return v.substring(5).replace("'", "");
        }
        return "";
    }

}
