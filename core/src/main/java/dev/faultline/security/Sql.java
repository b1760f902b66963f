package dev.faultline.security;

/**
 * SQL injection. Two readers over the same value: {@link SqlRules}, the rules that name a shape
 * (tautology, {@code UNION SELECT}, stacked query, time delay, ...) over the text with SQL comments
 * removed, and, when none of them matched, {@link SqlSyntax}, which tokenizes the value after a
 * quote, a double quote and bare and reports {@code sqli.syntax} when it breaks out of the literal and
 * parses as SQL. The comment-free texts are written into buffers this family keeps between scans.
 */
final class Sql extends Family {

    private final SqlRules rules = new SqlRules();
    private final SqlSyntax syntax = new SqlSyntax();
    private final Cursor blockFree = new Cursor();
    private final Cursor commentFree = new Cursor();

    @Override
    long rules() {
        return rules.rules() | mask(Rule.SQLI_SYNTAX);
    }

    private Cursor block = new Cursor();
    private Cursor sql = new Cursor();
    private boolean fused;

    @Override
    String triggers() {
        return rules.triggers();
    }

    @Override
    boolean prepare(Cursor cursor, long enabledRules) {
        if (!super.prepare(cursor, enabledRules)) {
            return false;
        }
        block = c.has('*') ? strip(c, blockFree, true) : c;
        sql = c.has('#') || c.has('-') ? strip(block, commentFree, false) : block;
        rules.blockFree(block);
        fused = sql == c;
        return true;
    }

    /** True when the value has no SQL comment, so that the rules can read it in the scanner's fused loop. */
    @Override
    boolean fused() {
        return fused;
    }

    @Override
    void scan() {
        hitAll(rules.run(sql, enabled()));
        end();
    }

    @Override
    void begin() {
        rules.prepare(c, enabled());
        rules.begin();
    }

    @Override
    void visit(int i, char ch) {
        rules.visit(i, ch);
    }

    @Override
    void end() {
        hitAll(rules.found());
        if (rules.found() != 0 || !need(Rule.SQLI_SYNTAX)) {
            return;
        }
        boolean single = c.has('\'');
        boolean dbl = c.has('"');
        // a value without quotes is read bare only; a path (/hello) or prose (coast walk) is ruled
        // out by its first tokens
        if (!single && !dbl && SqlSyntax.bareIsNone(a, n)) {
            return;
        }
        if (!oneWord() && syntax.check(a, n, w, single, dbl) != SqlSyntax.NONE) {
            hit(Rule.SQLI_SYNTAX);
        }
    }

    /** The longest value {@link #oneWord()} takes for one token. */
    static final int ONE_WORD = 32;

    /** A short value of letters, digits, '_' and '.' only: one token, which no SQL shape can be. */
    private boolean oneWord() {
        if (n > ONE_WORD) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            char ch = a[k];
            if (!(isAlnum(ch) || ch == '_' || ch == '.')) {
                return false;
            }
        }
        w.ops += n;
        return true;
    }

    /** The text of {@code from} without block (or line) comments: {@code from} itself when it has none. */
    private static Cursor strip(Cursor from, Cursor into, boolean block) {
        if (into.a.length < from.n) {
            into.a = new char[Math.max(from.n, 2 * into.a.length)];
        }
        int len = block ? Canonicalizer.stripBlockComments(from.a, from.n, into.a, from.w)
                : Canonicalizer.stripLineComments(from.a, from.n, into.a, from.w);
        if (len < 0) {
            return from;
        }
        into.n = len;
        into.w = from.w;
        into.part = from.part;
        into.seen = from.seen;
        return into;
    }
}
