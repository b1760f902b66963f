package dev.faultline.security;

import static dev.faultline.security.SqlLexer.COMMA;
import static dev.faultline.security.SqlLexer.COMMENT;
import static dev.faultline.security.SqlLexer.CMP;
import static dev.faultline.security.SqlLexer.END;
import static dev.faultline.security.SqlLexer.FUNC;
import static dev.faultline.security.SqlLexer.F_FILLER;
import static dev.faultline.security.SqlLexer.F_OPEN;
import static dev.faultline.security.SqlLexer.F_SQL_FUNC;
import static dev.faultline.security.SqlLexer.IDENT;
import static dev.faultline.security.SqlLexer.KEYWORD;
import static dev.faultline.security.SqlLexer.K_ALL;
import static dev.faultline.security.SqlLexer.K_AS;
import static dev.faultline.security.SqlLexer.K_ASC;
import static dev.faultline.security.SqlLexer.K_BINARY;
import static dev.faultline.security.SqlLexer.K_BY;
import static dev.faultline.security.SqlLexer.K_CASE;
import static dev.faultline.security.SqlLexer.K_COLLATE;
import static dev.faultline.security.SqlLexer.K_DISTINCT;
import static dev.faultline.security.SqlLexer.K_ELSE;
import static dev.faultline.security.SqlLexer.K_END;
import static dev.faultline.security.SqlLexer.K_ESCAPE;
import static dev.faultline.security.SqlLexer.K_EXISTS;
import static dev.faultline.security.SqlLexer.K_FOR;
import static dev.faultline.security.SqlLexer.K_FROM;
import static dev.faultline.security.SqlLexer.K_GROUP;
import static dev.faultline.security.SqlLexer.K_HAVING;
import static dev.faultline.security.SqlLexer.K_INTO;
import static dev.faultline.security.SqlLexer.K_JOIN;
import static dev.faultline.security.SqlLexer.K_LIMIT;
import static dev.faultline.security.SqlLexer.K_OFFSET;
import static dev.faultline.security.SqlLexer.K_ON;
import static dev.faultline.security.SqlLexer.K_ORDER;
import static dev.faultline.security.SqlLexer.K_OUTFILE;
import static dev.faultline.security.SqlLexer.K_PROCEDURE;
import static dev.faultline.security.SqlLexer.K_SELECT;
import static dev.faultline.security.SqlLexer.K_SET;
import static dev.faultline.security.SqlLexer.K_STATEMENT;
import static dev.faultline.security.SqlLexer.K_THEN;
import static dev.faultline.security.SqlLexer.K_TOP;
import static dev.faultline.security.SqlLexer.K_WAITFOR;
import static dev.faultline.security.SqlLexer.K_WHEN;
import static dev.faultline.security.SqlLexer.K_WHERE;
import static dev.faultline.security.SqlLexer.LOGIC;
import static dev.faultline.security.SqlLexer.LPAREN;
import static dev.faultline.security.SqlLexer.NOT;
import static dev.faultline.security.SqlLexer.NUM;
import static dev.faultline.security.SqlLexer.OP;
import static dev.faultline.security.SqlLexer.RPAREN;
import static dev.faultline.security.SqlLexer.SEMI;
import static dev.faultline.security.SqlLexer.STR;
import static dev.faultline.security.SqlLexer.UNION;
import static dev.faultline.security.SqlLexer.VALUE;
import static dev.faultline.security.SqlLexer.VAR;

/**
 * SQL injection by syntax: reads a value as the SQL it would become when pasted into a query after a
 * quote ({@code '...'}, {@code "..."}) or bare (after a number or a name), with {@link SqlLexer}, and
 * reports it when the text breaks out of the application's literal and then parses, to its end or to
 * a comment, as SQL that does something: a comparison, a boolean with a literal, a function, a
 * subquery, {@code UNION}, a second statement, a clause such as {@code ORDER BY}. Prose and names fail
 * the parse (two names in a row, a name right after a closing quote), which is what keeps
 * {@code O'Brien}, {@code rock 'n' roll} and {@code 7 and a half} quiet.
 *
 * <p>A recursive-descent parser that never backtracks: every step consumes a token or fails, and at
 * most {@link SqlLexer#MAX_TOKENS} tokens are read per context, nested at most {@value #MAX_DEPTH}
 * deep, so the work is bounded by the tokens read.
 */
final class SqlSyntax {

    static final int MAX_DEPTH = 24;

    // evidence found while parsing
    static final int E_CMP = 1;
    static final int E_FUNC = 1 << 1;
    static final int E_SQL_FUNC = 1 << 2;
    static final int E_SUBQUERY = 1 << 3;
    static final int E_VAR = 1 << 4;
    static final int E_LOGIC = 1 << 5;
    static final int E_LOGIC_LITERAL = 1 << 6;
    static final int E_CLAUSE = 1 << 7;
    static final int E_UNION = 1 << 8;
    static final int E_STACKED = 1 << 9;
    static final int E_COMMENT = 1 << 10;
    static final int E_ARITH = 1 << 11;
    static final int E_FROM = 1 << 12;
    static final int E_BINARY = 1 << 13;
    static final int E_LITERAL = 1 << 14;
    static final int E_CASE = 1 << 15;
    static final int E_CMP_SYMBOL = 1 << 16;
    static final int E_OUTFILE = 1 << 17;
    static final int E_HAVING = 1 << 18;

    /** What {@link #check} found: nothing, or which shape. */
    static final int NONE = 0;
    static final int BREAKOUT = 1; // out of a quoted literal
    static final int BARE_EXPR = 2; // an expression where a number or name was expected
    static final int STATEMENT = 3; // a whole SELECT ... FROM

    private final SqlLexer lx = new SqlLexer();
    private int[] kw;
    private int[] flags;
    private int p;
    private int depth;
    private int ev;
    private boolean afterLogic;
    private byte firstBinop;

    /** Checks one canonical value; returns a shape constant. */
    int check(char[] a, int n, Canonicalizer.Work w) {
        return check(a, n, w, true, true);
    }

    /** As {@link #check(char[], int, Canonicalizer.Work)}; a quoted context is read only if its quote may occur. */
    int check(char[] a, int n, Canonicalizer.Work w, boolean single, boolean dbl) {
        return check(a, n, w, single, dbl, true);
    }

    /**
     * A cheap sufficient condition for {@link #bare()} to find nothing, read from the first tokens
     * only, without the lexer: the value's first token (after blanks) is
     * <ul>
     *   <li>a lone {@code /} (not {@code /*}), as in every path. The lexer reads a {@code /} not
     *       followed by {@code *} as an {@link SqlLexer#OP} token; {@code bare()} then sees neither a
     *       keyword nor a {@code UNION} at token 0, and its {@code expr()} fails at once, because a
     *       unary prefix is only {@code NOT}, {@code -}, {@code +}, {@code ~} or {@code binary} and a
     *       primary is never an operator;</li>
     *   <li>or a plain name followed by another plain name or a comma ({@link SqlLexer#plainName}),
     *       as in prose and search phrases ({@code coast walk}, {@code walk, river}). Token 0 is then
     *       an {@link SqlLexer#IDENT}, not a keyword, so {@code bare()} goes to {@code expr()}, whose
     *       primary takes the name alone; {@code rest()} stops at token 1 (neither an operator nor
     *       {@code collate}/{@code escape}), and {@code tail()} fails there, since a name or a comma
     *       is nothing that may follow an expression.</li>
     * </ul>
     * Every finding of {@code bare()} needs {@code expr()} and {@code tail()} to succeed. Checked
     * against the full parse by {@code SqlSyntaxProperties} over generated values and the corpora.
     * Costs at most the leading blanks, two names and their two lookups in the keyword table.
     */
    static boolean bareIsNone(char[] a, int n) {
        int i = blanks(a, n, 0);
        if (i < n && a[i] == '/') {
            return i + 1 == n || a[i + 1] != '*';
        }
        int j = SqlLexer.plainName(a, n, i);
        if (j < 0) {
            return false;
        }
        j = blanks(a, n, j);
        return j < n && (a[j] == ',' || SqlLexer.plainName(a, n, j) >= 0);
    }

    /** The index of the first char at or after {@code i} that is not a blank. */
    private static int blanks(char[] a, int n, int i) {
        while (i < n && (a[i] == ' ' || a[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** As {@link #check(char[], int, Canonicalizer.Work, boolean, boolean)} without {@link #bareIsNone}: for tests. */
    int checkFull(char[] a, int n, Canonicalizer.Work w, boolean single, boolean dbl) {
        return check(a, n, w, single, dbl, false);
    }

    private int check(char[] a, int n, Canonicalizer.Work w, boolean single, boolean dbl, boolean shortcut) {
        if (n == 0) {
            return NONE;
        }
        kw = lx.kw;
        flags = lx.flags;
        if (single && lx.tokenize(a, n, SqlLexer.SINGLE, w) && quoted(a, SqlLexer.SINGLE)) {
            return BREAKOUT;
        }
        if (dbl && lx.tokenize(a, n, SqlLexer.DOUBLE, w) && quoted(a, SqlLexer.DOUBLE)) {
            return BREAKOUT;
        }
        if (shortcut && bareIsNone(a, n)) {
            return NONE;
        }
        lx.tokenize(a, n, SqlLexer.BARE, w);
        return bare();
    }

    /** The lexer, for tests. */
    SqlLexer lexer() {
        return lx;
    }

    // ------------------------------------------------------------------------------------------
    // Decisions per context
    // ------------------------------------------------------------------------------------------

    private boolean quoted(char[] a, int context) {
        int first = 1;
        while (ty(first) == RPAREN) {
            first++;
        }
        byte t = ty(first);
        int closeAt = lx.end[0]; // index of the closing quote
        if (t == COMMENT) {
            // admin'-- : the rest of the application's query commented out
            char before = closeAt == 0 ? '\0' : a[closeAt - 1];
            boolean wordBefore = closeAt == 0 || Character.isLetterOrDigit(before) || before == '_';
            return (flags[first] & F_FILLER) != 0 && wordBefore && ty(first + 1) == END;
        }
        boolean amp = t == OP && kw[first] == '&'; // a lone & after a quote: a query-string separator, usually
        boolean start = t == OP || t == CMP || t == LOGIC || t == UNION || t == SEMI
                || (t == NOT && ty(first + 1) == CMP)
                || (t == KEYWORD && (kw[first] == K_ORDER || kw[first] == K_GROUP || kw[first] == K_HAVING
                        || kw[first] == K_LIMIT || kw[first] == K_PROCEDURE || kw[first] == K_INTO
                        || kw[first] == K_WAITFOR));
        if (!start) {
            return false;
        }
        reset(1);
        if (!tail()) {
            return false;
        }
        boolean single = context == SqlLexer.SINGLE;
        // the literal broken out of is one word (a' or 'b), not a phrase ("sweater dress" and "xmas")
        int from = 0;
        int to = closeAt;
        while (from < to && a[from] == ' ') {
            from++;
        }
        while (to > from && a[to - 1] == ' ') {
            to--;
        }
        boolean oneWord = true;
        for (int i = from; i < to; i++) {
            if (a[i] == ' ') {
                oneWord = false;
                break;
            }
        }
        int last = lx.all() - 1;
        boolean reopened = ty(last) == STR && (flags[last] & F_OPEN) != 0 && last > first;
        if (oneWord && to < closeAt && to > 0) {
            // "select 'and'": a word, a space, then a quoted word; a' and 'b needs text after the last quote
            boolean more = false;
            if (reopened) {
                for (int i = lx.start[last] + 1; i < lx.end[last]; i++) {
                    more |= a[i] != ' ';
                }
            }
            oneWord = more;
        }
        if (!amp) {
            if ((ev & (E_UNION | E_STACKED | E_SUBQUERY | E_SQL_FUNC | E_CLAUSE | E_FUNC | E_CASE | E_OUTFILE)) != 0) {
                return true;
            }
            // double quotes mark phrases in search boxes: "like" stamp, "is" it; there a comparison must
            // be a symbol
            if ((ev & (single ? E_CMP : E_CMP_SYMBOL)) != 0) {
                return true;
            }
            if ((ev & E_VAR) != 0 && (ev & (E_LOGIC | E_ARITH | E_CMP)) != 0) {
                return true;
            }
            if ((ev & E_LOGIC_LITERAL) != 0 && oneWord && (single || closeAt > 0)) {
                return true;
            }
        }
        // x' * 'y : an operator between two literals, the last one closed by the application's quote
        if (single && oneWord && (ev & (E_ARITH | E_LOGIC | E_CMP)) != 0 && reopened && a[lx.start[last]] == '\'') {
            for (int i = lx.start[last] + 1; i < lx.end[last]; i++) {
                if (a[i] == '\'' || a[i] == '"') {
                    return false; // escaped quotes: not a literal the application closes
                }
            }
            return true;
        }
        return false;
    }

    private int bare() {
        if (ty(0) == KEYWORD && kw[0] == K_SELECT) {
            // a whole query that reads a table is a query (someone asking about SQL), not an
            // injection; one that reads server variables or calls SQL-only functions is a probe
            reset(0);
            if (select() && tail() && (ev & (E_VAR | E_SQL_FUNC)) != 0) {
                return STATEMENT;
            }
            return NONE;
        }
        if (ty(0) == KEYWORD && kw[0] == K_STATEMENT
                && (lx.is(0, "exec") || lx.is(0, "execute") || lx.is(0, "declare"))) {
            reset(0);
            return statement() ? STATEMENT : NONE;
        }
        reset(0);
        if (ty(0) == UNION) {
            return tail() && (ev & E_UNION) != 0 && lx.all() > 2 ? BARE_EXPR : NONE;
        }
        if (!expr() || !tail()) {
            return NONE;
        }
        if ((ev & (E_UNION | E_STACKED | E_SUBQUERY | E_SQL_FUNC | E_OUTFILE | E_CASE)) != 0) {
            return BARE_EXPR;
        }
        int last = lx.all() - 1;
        if ((ty(0) == NUM || ty(0) == VAR) && ty(last) == COMMENT && (flags[last] & F_FILLER) != 0) {
            boolean plain = true; // numbers, variables and operators only: 1-- , 1*1/* , @version /*
            for (int i = 0; i < last; i++) {
                plain &= ty(i) == NUM || ty(i) == VAR || ty(i) == OP || ty(i) == RPAREN;
            }
            if (plain) {
                return BARE_EXPR;
            }
        }
        // a boolean with a comparison or a call: 1 or 1=1, hope and 8=3; not "foo" and "bar", 1950 or 1960,
        // nor 1<2 and 3>2 (a value that starts with a comparison is an expression, not a value extended)
        if ((ev & E_LOGIC) != 0 && firstBinop != CMP && (ev & (E_CMP | E_FUNC | E_VAR | E_CASE)) != 0
                && (ev & (E_LITERAL | E_FUNC | E_VAR)) != 0) {
            return BARE_EXPR;
        }
        if ((ev & E_LOGIC_LITERAL) != 0 && (ev & E_COMMENT) != 0 && ty(0) == NUM) {
            return BARE_EXPR; // 1 or 1--
        }
        if ((ev & E_HAVING) != 0 && (ev & (E_LOGIC | E_CMP)) != 0) {
            return BARE_EXPR; // id having (1 or true)
        }
        if ((ev & E_CLAUSE) != 0 && (ty(0) == NUM || (ev & E_COMMENT) != 0)) {
            return BARE_EXPR;
        }
        if ((ev & E_COMMENT) != 0 && (ev & (E_BINARY | E_VAR | E_CASE)) != 0) {
            return BARE_EXPR;
        }
        if ((ev & E_COMMENT) != 0 && ty(0) == LPAREN && (ev & (E_FUNC | E_LOGIC | E_CMP)) != 0) {
            return BARE_EXPR;
        }
        return NONE;
    }

    private void reset(int at) {
        p = at;
        depth = 0;
        ev = 0;
        afterLogic = false;
        firstBinop = END;
    }

    // ------------------------------------------------------------------------------------------
    // The grammar
    // ------------------------------------------------------------------------------------------

    /** The type of token {@code i}, reading tokens as far as that. */
    private byte ty(int i) {
        return lx.type(i);
    }

    private boolean isKw(int i, int k) {
        return ty(i) == KEYWORD && kw[i] == k;
    }

    /** What may follow an expression at the top level, up to the end of the value. */
    private boolean tail() {
        while (true) {
            byte t = ty(p);
            switch (t) {
                case END -> {
                    return true;
                }
                case COMMENT -> {
                    ev |= E_COMMENT;
                    return true;
                }
                case SEMI -> {
                    p++;
                    if (ty(p) == END || ty(p) == COMMENT) {
                        return true;
                    }
                    if (statement()) {
                        ev |= E_STACKED;
                        p = lx.all();
                        return true; // whatever follows: a second statement
                    }
                    return false;
                }
                case RPAREN -> p++;
                case UNION -> {
                    byte before = p == 0 ? END : ty(p - 1);
                    p++;
                    if (isKw(p, K_ALL) || isKw(p, K_DISTINCT)) {
                        p++;
                    }
                    int open = 0;
                    while (ty(p) == LPAREN) {
                        p++;
                        open++;
                    }
                    if (ty(p) == END || ty(p) == COMMENT) {
                        // 1 union (cut off): after a number, a literal or a parenthesis only
                        if (before == NUM || before == STR || before == RPAREN) {
                            ev |= E_UNION;
                        }
                        return true;
                    }
                    if (!isKw(p, K_SELECT) || !enter()) {
                        return false;
                    }
                    boolean ok = select();
                    depth--;
                    if (!ok) {
                        return false;
                    }
                    ev |= E_UNION;
                    for (; open > 0 && ty(p) == RPAREN; open--) {
                        p++;
                    }
                }
                case KEYWORD -> {
                    if (!clause()) {
                        return false;
                    }
                }
                case OP, CMP, LOGIC, NOT -> {
                    if (!binop()) {
                        return false;
                    }
                    if (!unary()) {
                        return false;
                    }
                    if (!rest()) {
                        return false;
                    }
                }
                default -> {
                    return false;
                }
            }
        }
    }

    /**
     * The start of a second statement at p: drop table, insert into, delete from, update x set,
     * exec xp_..., declare @, shutdown, select ..., waitfor delay, a time-delay call.
     */
    private boolean statement() {
        byte t = ty(p);
        if (t == FUNC) {
            return (flags[p] & F_SQL_FUNC) != 0 || lx.is(p, "if");
        }
        if (t != KEYWORD) {
            return false;
        }
        int k = kw[p];
        if (k == K_SELECT) {
            int at = p;
            boolean ok = select();
            return ok && p > at + 1;
        }
        if (k == K_WAITFOR) {
            return ty(p + 1) == IDENT && ty(p + 2) == STR;
        }
        if (k == SqlLexer.K_IF) {
            return ty(p + 1) == LPAREN || isKw(p + 1, K_EXISTS) || (ty(p + 1) == NOT && isKw(p + 2, K_EXISTS));
        }
        if (k == K_SET) {
            return ty(p + 1) == VAR || ty(p + 1) == IDENT && ty(p + 2) == CMP;
        }
        if (k != K_STATEMENT) {
            return false;
        }
        int q = p + 1;
        if (lx.is(p, "shutdown")) {
            return ty(q) == END || ty(q) == COMMENT || ty(q) == SEMI;
        }
        if (lx.is(p, "drop") || lx.is(p, "create") || lx.is(p, "alter") || lx.is(p, "truncate")) {
            return ty(q) == IDENT && (lx.is(q, "table") || lx.is(q, "database") || lx.is(q, "user")
                    || lx.is(q, "view") || lx.is(q, "schema") || lx.is(q, "login") || lx.is(q, "function"))
                    || isKw(q, K_PROCEDURE);
        }
        if (lx.is(p, "insert") || lx.is(p, "replace")) {
            return isKw(q, K_INTO);
        }
        if (lx.is(p, "delete")) {
            return isKw(q, K_FROM);
        }
        if (lx.is(p, "update")) {
            return ty(q) == IDENT && isKw(q + 1, K_SET);
        }
        if (lx.is(p, "exec") || lx.is(p, "execute")) {
            return ty(q) == LPAREN || ty(q) == STR || ty(q) == VAR || (ty(q) == IDENT
                    && (lx.startsWith(q, "xp_") || lx.startsWith(q, "sp_") || lx.startsWith(q, "master.")))
                    || (ty(q) == FUNC && (lx.startsWith(q, "xp_") || lx.startsWith(q, "sp_")));
        }
        if (lx.is(p, "declare")) {
            return ty(q) == VAR;
        }
        if (lx.is(p, "grant") || lx.is(p, "revoke")) {
            return ty(q) == IDENT || isKw(q, K_ALL);
        }
        if (lx.is(p, "call")) {
            return ty(q) == FUNC;
        }
        if (lx.is(p, "begin")) {
            return isKw(q, K_STATEMENT) && lx.is(q, "declare");
        }
        if (lx.is(p, "load")) {
            return ty(q) == IDENT && (lx.is(q, "data") || lx.is(q, "xml"));
        }
        return false;
    }

    /** order by, group by, having, where, limit, procedure, into outfile, waitfor delay. */
    private boolean clause() {
        int k = kw[p];
        switch (k) {
            case K_ORDER, K_GROUP -> {
                p++;
                if (!isKw(p, K_BY)) {
                    return false;
                }
                p++;
                if (!exprList(true)) {
                    return false;
                }
                if (isKw(p, K_ASC)) {
                    p++;
                }
                ev |= E_CLAUSE;
                return true;
            }
            case K_HAVING, K_WHERE -> {
                if (k == K_HAVING) {
                    ev |= E_HAVING;
                }
                p++;
                return expr();
            }
            case K_STATEMENT -> {
                // 21 update t set c=... : a second statement without a semicolon (SQL Server batches)
                byte before = p == 0 ? END : ty(p - 1);
                if ((before == NUM || before == STR) && statement()) {
                    ev |= E_STACKED;
                    p = lx.all();
                    return true;
                }
                return false;
            }
            case K_LIMIT -> {
                p++;
                if (ty(p) != NUM) {
                    return false;
                }
                p++;
                if ((ty(p) == COMMA || isKw(p, K_OFFSET)) && ty(p + 1) == NUM) {
                    p += 2;
                }
                ev |= E_CLAUSE;
                return true;
            }
            case K_PROCEDURE -> {
                p++;
                if (ty(p) != FUNC && ty(p) != IDENT) {
                    return false;
                }
                ev |= E_CLAUSE;
                return primary();
            }
            case K_INTO -> {
                p++;
                if (!isKw(p, K_OUTFILE)) {
                    return false;
                }
                p++;
                ev |= E_OUTFILE;
                return primary();
            }
            case K_WAITFOR -> {
                p++;
                if (ty(p) != IDENT || ty(p + 1) != STR) {
                    return false; // waitfor delay '0:0:5'
                }
                p += 2;
                ev |= E_STACKED;
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private boolean enter() {
        return ++depth <= MAX_DEPTH;
    }

    /** Binary operator at p (consumes it); sounds like, not like, not in, is not. */
    private boolean binop() {
        byte t = ty(p);
        if (firstBinop == END && depth <= 1) {
            firstBinop = t == NOT ? CMP : t;
        }
        if (t == NOT) {
            if (ty(p + 1) != CMP) {
                return false;
            }
            p++;
            t = CMP;
        }
        if (t == CMP) {
            ev |= E_CMP;
            if (!Character.isLetter(lx.firstChar(p))) {
                ev |= E_CMP_SYMBOL;
            }
            p++;
            if (ty(p) == CMP && ty(p - 1) == CMP && p >= 1) {
                p++; // sounds like
            }
            afterLogic = false;
            return true;
        }
        if (t == LOGIC) {
            ev |= E_LOGIC;
            afterLogic = true;
            p++;
            return true;
        }
        if (t == OP) {
            ev |= E_ARITH;
            afterLogic = false;
            p++;
            return true;
        }
        return false;
    }

    private boolean isBinop(int i) {
        byte t = ty(i);
        return t == OP || t == CMP || t == LOGIC || (t == NOT && ty(i + 1) == CMP);
    }

    /** (binop unary)* plus postfix collate. */
    private boolean rest() {
        while (true) {
            if (isKw(p, K_COLLATE) && (ty(p + 1) == IDENT || ty(p + 1) == STR)) {
                p += 2;
                continue;
            }
            if (isKw(p, K_ESCAPE) && ty(p + 1) == STR) {
                p += 2;
                continue;
            }
            if (!isBinop(p)) {
                return true;
            }
            binop();
            if (!unary()) {
                return false;
            }
        }
    }

    private boolean expr() {
        if (!enter()) {
            return false;
        }
        boolean ok = unary() && rest();
        depth--;
        return ok;
    }

    private boolean unary() {
        while (true) {
            byte t = ty(p);
            if (t == NOT || (t == OP && (kw[p] == '-' || kw[p] == '+' || kw[p] == '~'))) {
                p++;
            } else if (isKw(p, K_BINARY)) {
                ev |= E_BINARY;
                p++;
            } else {
                break;
            }
        }
        boolean logic = afterLogic;
        afterLogic = false;
        int at = p;
        if (!primary()) {
            return false;
        }
        byte t = ty(at);
        if (t == NUM || t == STR || t == VALUE) {
            ev |= E_LITERAL;
            if (logic) {
                ev |= E_LOGIC_LITERAL;
            }
        }
        return true;
    }

    private boolean primary() {
        byte t = ty(p);
        switch (t) {
            case NUM, IDENT -> {
                p++;
                return true;
            }
            case STR -> {
                p++;
                if (ty(p) == STR) {
                    p++; // 'a' 'b': adjacent literals concatenate
                }
                return true;
            }
            case VALUE -> {
                p++;
                return true;
            }
            case VAR -> {
                ev |= E_VAR;
                if ((flags[p] & F_SQL_FUNC) != 0) {
                    ev |= E_SQL_FUNC;
                }
                p++;
                return true;
            }
            case FUNC -> {
                ev |= E_FUNC;
                if ((flags[p] & F_SQL_FUNC) != 0) {
                    // sleep(8h) is prose: a delay takes a number or an expression
                    boolean delay = lx.is(p, "sleep") || lx.is(p, "pg_sleep") || lx.is(p, "benchmark");
                    byte arg = ty(p + 2);
                    if (!delay || arg == NUM || arg == LPAREN || arg == FUNC || arg == VAR) {
                        ev |= E_SQL_FUNC;
                    }
                }
                p++;
                if (ty(p) != LPAREN) {
                    return false;
                }
                p++;
                return args();
            }
            case LPAREN -> {
                p++;
                if (!enter()) {
                    return false;
                }
                boolean ok;
                if (isKw(p, K_SELECT)) {
                    ev |= E_SUBQUERY;
                    ok = select();
                } else {
                    ok = exprList(false);
                }
                depth--;
                if (!ok) {
                    return false;
                }
                return close();
            }
            case KEYWORD -> {
                if (kw[p] == K_CASE) {
                    return caseExpr();
                }
                if (kw[p] == K_SELECT) {
                    ev |= E_SUBQUERY;
                    return select();
                }
                if (kw[p] == K_EXISTS && ty(p + 1) == LPAREN) {
                    p++;
                    return primary();
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /** A closing parenthesis, or the end of the value (the application may close it). */
    private boolean close() {
        if (ty(p) == RPAREN) {
            p++;
            return true;
        }
        return ty(p) == END || ty(p) == COMMENT;
    }

    /** Function arguments after '(' up to and including ')'. */
    private boolean args() {
        if (!enter()) {
            return false;
        }
        try {
            if (ty(p) == RPAREN) {
                p++;
                return true;
            }
            if (isKw(p, K_SELECT)) {
                ev |= E_SUBQUERY;
                return select() && close();
            }
            if (isKw(p, K_DISTINCT) || isKw(p, K_ALL)) {
                p++;
            }
            while (true) {
                if (ty(p) == OP && kw[p] == '*') {
                    p++;
                } else if (!expr()) {
                    return false;
                }
                // separators inside calls: , from for as using separator
                if (ty(p) == COMMA || isKw(p, K_FROM) || isKw(p, K_FOR) || isKw(p, K_AS)
                        || isKw(p, SqlLexer.K_USING)) {
                    p++;
                    continue;
                }
                if (isKw(p, K_ORDER) && isKw(p + 1, K_BY)) {
                    p += 2;
                    continue;
                }
                return close();
            }
        } finally {
            depth--;
        }
    }

    /** expr (, expr)*; with {@code orderBy}, each may have asc/desc. */
    private boolean exprList(boolean orderBy) {
        while (true) {
            if (!expr()) {
                return false;
            }
            if (orderBy && isKw(p, K_ASC)) {
                p++;
            }
            if (ty(p) != COMMA) {
                return true;
            }
            p++;
        }
    }

    private boolean caseExpr() {
        ev |= E_CASE;
        p++;
        if (!isKw(p, K_WHEN) && !expr()) {
            return false;
        }
        if (!isKw(p, K_WHEN)) {
            return false;
        }
        while (isKw(p, K_WHEN)) {
            p++;
            if (!expr() || !isKw(p, K_THEN)) {
                return false;
            }
            p++;
            if (!expr()) {
                return false;
            }
        }
        if (isKw(p, K_ELSE)) {
            p++;
            if (!expr()) {
                return false;
            }
        }
        if (!isKw(p, K_END)) {
            return ty(p) == END;
        }
        p++;
        return true;
    }

    /**
     * select [distinct|all|top n] item (, item)* [from refs] [where expr] [group by ...] [having ...]
     * [order by ...] [limit ...]; item is * or an expression with an optional alias.
     */
    private boolean select() {
        if (!enter()) {
            return false;
        }
        try {
            p++; // select
            if (isKw(p, K_DISTINCT) || isKw(p, K_ALL)) {
                p++;
            }
            if (isKw(p, K_TOP) && ty(p + 1) == NUM) {
                p += 2;
            }
            while (true) {
                if (ty(p) == OP && kw[p] == '*') {
                    p++;
                } else if (!expr()) {
                    return false;
                }
                alias();
                if (ty(p) != COMMA) {
                    break;
                }
                p++;
            }
            if (isKw(p, K_INTO) && ty(p + 1) == IDENT) {
                p += 2;
            }
            if (isKw(p, K_FROM)) {
                ev |= E_FROM;
                p++;
                if (!tableRefs()) {
                    return false;
                }
            }
            while (ty(p) == KEYWORD) {
                int k = kw[p];
                if (k == K_WHERE || k == K_HAVING) {
                    p++;
                    if (!expr()) {
                        return false;
                    }
                } else if (k == K_GROUP || k == K_ORDER) {
                    if (!isKw(p + 1, K_BY)) {
                        return false;
                    }
                    p += 2;
                    if (!exprList(true)) {
                        return false;
                    }
                } else if (k == K_LIMIT) {
                    p++;
                    if (ty(p) != NUM) {
                        return false;
                    }
                    p++;
                    if ((ty(p) == COMMA || isKw(p, K_OFFSET)) && ty(p + 1) == NUM) {
                        p += 2;
                    }
                } else {
                    break;
                }
            }
            return true;
        } finally {
            depth--;
        }
    }

    private void alias() {
        if (isKw(p, K_AS) && (ty(p + 1) == IDENT || ty(p + 1) == STR)) {
            p += 2;
        } else if (ty(p) == IDENT) {
            p++;
        }
    }

    private boolean tableRefs() {
        while (true) {
            if (ty(p) == IDENT || ty(p) == VALUE) {
                p++;
            } else if (ty(p) == LPAREN) {
                if (!primary()) {
                    return false;
                }
            } else if (ty(p) == FUNC) {
                if (!primary()) {
                    return false;
                }
            } else {
                return false;
            }
            alias();
            if (ty(p) == COMMA) {
                p++;
                continue;
            }
            if (isKw(p, K_JOIN)) {
                p++;
                continue;
            }
            if (isKw(p, K_ON)) {
                p++;
                if (!expr()) {
                    return false;
                }
            }
            return true;
        }
    }
}
