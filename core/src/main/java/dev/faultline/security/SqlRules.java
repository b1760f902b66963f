package dev.faultline.security;

import org.jspecify.annotations.Nullable;

/**
 * The SQL rules that name a shape: tautologies (the comparison is evaluated), {@code UNION SELECT},
 * stacked queries, time delays, error-based extraction, schema probes, {@code xp_cmdshell}, a
 * subquery right after a quote, and a quote closed with the rest commented out. They read the text
 * with SQL comments removed ({@code commentOut} with line comments kept), at trigger chars, each in a
 * bounded window. {@link SqlSyntax} covers the rest of the language; see {@link Sql}.
 */
final class SqlRules extends Family {

    private static final String[] CLAUSES = {"order by ", "group by ", "having ", "limit ", "procedure "};

    /** The text with block comments removed (line comments kept), for commentOut. */
    private Cursor blockFree = new Cursor();

    @Override
    long rules() {
        return mask(Rule.SQLI_TAUTOLOGY, Rule.SQLI_UNION_SELECT, Rule.SQLI_STACKED_QUERY, Rule.SQLI_COMMENT_OUT,
                Rule.SQLI_TIME_DELAY, Rule.SQLI_SUBQUERY, Rule.SQLI_ERROR_BASED, Rule.SQLI_SCHEMA_PROBE,
                Rule.SQLI_XP_CMDSHELL);
    }

    /** Sets the block-comment-free text that {@link #scan()} reads before the comment-free one. */
    void blockFree(Cursor text) {
        this.blockFree = text;
    }

    @Override
    String triggers() {
        return "'\";@uwsbpdeix";
    }

    /**
     * Alone: commentOut over the block-comment-free text, then the other rules over the comment-free
     * text (the cursor given to run()). In the scanner's fused loop (a value without comments, where
     * the three texts are one) only {@link #begin()} and {@link #visit} run: commentOut cannot match
     * without a comment.
     */
    @Override
    void scan() {
        char[] sqlA = a;
        int sqlN = n;
        a = blockFree.a;
        n = blockFree.n;
        if ((c.has('\'') || c.has('"')) && (c.has('-') || c.has('#') || c.has('/'))) {
            w.ops += n;
            for (int i = 0; i < n && need(Rule.SQLI_COMMENT_OUT); i++) {
                if (a[i] == '\'' || a[i] == '"') {
                    commentOut(i);
                }
            }
        }
        a = sqlA;
        n = sqlN;
        super.scan();
    }

    /**
     * A quote, perhaps a closing parenthesis, then a comment that runs to the end of the value with
     * nothing but comment filler after it: {@code admin'--}, {@code 1' #}, {@code x') -- -}.
     */
    private void commentOut(int i) {
        if (!need(Rule.SQLI_COMMENT_OUT)) {
            return;
        }
        char prev = at(i - 1);
        if (!(prev == '\0' || isWord(prev))) {
            return;
        }
        int j = i + 1;
        for (int k = 0; k < 3 && (at(j) == ' ' || at(j) == ')'); k++) {
            j++;
        }
        for (String clause : CLAUSES) {
            if (at(j) == clause.charAt(0) && lit(j, clause)) {
                // ' order by 3-- : a clause probed, then the rest commented out
                int limit = j + clause.length() + 48;
                int k = j + clause.length();
                while (k < limit && at(k) != '\0' && !(at(k) == '-' && at(k + 1) == '-') && at(k) != '#') {
                    k++;
                }
                j = k;
                break;
            }
        }
        if (at(j) == '-' && at(j + 1) == '-') {
            j += 2;
        } else if (at(j) == '#') {
            j++;
        } else if (at(j) == '/' && at(j + 1) == '*') {
            j += 2;
        } else {
            return;
        }
        for (int k = 0; ; k++, j++) {
            char c = at(j);
            if (c == '\0' || c == '\n') {
                hit(Rule.SQLI_COMMENT_OUT);
                return;
            }
            if (k >= 8 || " -+;*/#".indexOf(c) < 0) {
                return;
            }
        }
    }

    private boolean paren;
    private boolean underscore;

    @Override
    void begin() {
        paren = this.c.has('(');
        underscore = this.c.has('_');
        // a number at the start of the value: id=1 or 1=1
        if (need(Rule.SQLI_TAUTOLOGY)) {
            int j = 0;
            if (at(j) == ' ') {
                j++;
            }
            if (at(j) == '-') {
                j++;
            }
            if (isDigit(at(j))) {
                while (isDigit(at(j))) {
                    j++;
                }
                if (!isWord(at(j)) && at(j) != '.') {
                    leadingNumber = true;
                    tautology(j);
                    leadingNumber = false;
                }
            }
        }
    }

    @Override
    void visit(int i, char ch) {
        switch (ch) {
            case '\'', '"' -> {
                tautology(i + 1);
                subquery(i);
            }
            case ';' -> stacked(i);
            case '@' -> {
                if (need(Rule.SQLI_SCHEMA_PROBE) && lit(i, "@@version")) {
                    hit(Rule.SQLI_SCHEMA_PROBE);
                }
            }
            case 'u', 'w' -> {
                if (sqlWordStart(i)) {
                    keyword(i, ch);
                }
            }
            case 's', 'b', 'p', 'd', 'e' -> {
                if (paren && sqlWordStart(i)) {
                    keyword(i, ch); // sleep( benchmark( pg_sleep( dbms_...( extractvalue(
                }
            }
            case 'i', 'x' -> {
                if (underscore && sqlWordStart(i)) {
                    keyword(i, ch); // information_schema, xp_cmdshell
                }
            }
            default -> {
            }
        }
    }

    private boolean sqlWordStart(int i) {
        if (i == 0) {
            return true;
        }
        char p = a[i - 1];
        return !(isLetter(p) || p == '_');
    }

    private void keyword(int i, char c) {
        switch (c) {
            case 'u' -> {
                union(i);
                if (need(Rule.SQLI_ERROR_BASED) && lit(i, "updatexml(")) {
                    hit(Rule.SQLI_ERROR_BASED);
                }
            }
            case 'e' -> {
                if (need(Rule.SQLI_ERROR_BASED) && lit(i, "extractvalue(")) {
                    hit(Rule.SQLI_ERROR_BASED);
                }
            }
            case 's' -> {
                if (need(Rule.SQLI_TIME_DELAY) && lit(i, "sleep(")) {
                    int j = at(i + 6) == ' ' ? i + 7 : i + 6;
                    char a = at(j);
                    if (isDigit(a)) {
                        while (j - i < 24 && (isDigit(at(j)) || at(j) == '.')) {
                            j++;
                        }
                        a = at(j) == ' ' ? at(j + 1) : at(j);
                        if (a == ')' || a == ',' || a == '*' || a == '+' || a == '-') {
                            hit(Rule.SQLI_TIME_DELAY); // sleep(5) -- not sleep(8h)
                        }
                    } else if (a == '(' || a == '@') {
                        hit(Rule.SQLI_TIME_DELAY);
                    }
                }
            }
            case 'b' -> {
                if (need(Rule.SQLI_TIME_DELAY) && lit(i, "benchmark(")) {
                    int j = at(i + 10) == ' ' ? i + 11 : i + 10;
                    if (isDigit(at(j))) {
                        hit(Rule.SQLI_TIME_DELAY);
                    }
                }
            }
            case 'p' -> {
                if (need(Rule.SQLI_TIME_DELAY) && lit(i, "pg_sleep(")) {
                    hit(Rule.SQLI_TIME_DELAY);
                }
            }
            case 'w' -> {
                if (need(Rule.SQLI_TIME_DELAY) && lit(i, "waitfor ")
                        && (lit(i + 8, "delay ") || lit(i + 8, "time "))) {
                    int j = i + 8 + (at(i + 8) == 'd' ? 6 : 5);
                    char a = at(j);
                    if (a == '\'' || a == '"' || isDigit(a)) {
                        hit(Rule.SQLI_TIME_DELAY);
                    }
                }
            }
            case 'd' -> {
                if (need(Rule.SQLI_TIME_DELAY)
                        && (lit(i, "dbms_pipe.receive_message(") || lit(i, "dbms_lock.sleep("))) {
                    hit(Rule.SQLI_TIME_DELAY);
                }
            }
            case 'i' -> {
                if (need(Rule.SQLI_SCHEMA_PROBE) && lit(i, "information_schema")) {
                    hit(Rule.SQLI_SCHEMA_PROBE);
                }
            }
            case 'x' -> {
                if (need(Rule.SQLI_XP_CMDSHELL) && lit(i, "xp_cmdshell")) {
                    hit(Rule.SQLI_XP_CMDSHELL);
                }
            }
            default -> {
            }
        }
    }

    /**
     * A quote followed, within a few characters and before any other quote, by {@code (select}
     * and a select list: {@code '||(select 1)||'}, {@code ' and 1=(select count(*) ...}.
     */
    private void subquery(int i) {
        if (!need(Rule.SQLI_SUBQUERY)) {
            return;
        }
        for (int j = i + 1; j < i + 24; j++) {
            char c = at(j);
            if (c == '\0' || c == '\'' || c == '"') {
                return;
            }
            if (c == '(' && lit(j + 1, "select") && selectList(j + 7)) {
                hit(Rule.SQLI_SUBQUERY);
                return;
            }
        }
    }

    /** {@code union [all|distinct] select} followed by something that reads as a select list. */
    private void union(int i) {
        if (!need(Rule.SQLI_UNION_SELECT) || !lit(i, "union")) {
            return;
        }
        int j = i + 5;
        char c = at(j);
        if (isBlank(c)) {
            j++;
        } else if (c != '(') {
            return;
        }
        if (at(j) == '(') {
            j++;
        }
        if (lit(j, "all") && !isWord(at(j + 3))) {
            j += 3;
        } else if (lit(j, "distinct") && !isWord(at(j + 8))) {
            j += 8;
        }
        if (isBlank(at(j)) || at(j) == '(') {
            j++;
        }
        if (lit(j, "select") && selectList(j + 6)) {
            hit(Rule.SQLI_UNION_SELECT);
        }
    }

    /**
     * What follows {@code select}: a number, {@code null}, {@code *}, {@code @@var}, a quote, a
     * parenthesis, a function call, or a name followed by a comma or {@code from}.
     */
    private boolean selectList(int j) {
        char c = at(j);
        if (c == '(' || c == '*' || c == '@' || c == '\'' || c == '"' || isDigit(c)) {
            return true;
        }
        if (!isBlank(c)) {
            return false;
        }
        j++;
        c = at(j);
        if (c == '(' || c == '*' || c == '@' || c == '\'' || c == '"' || isDigit(c)) {
            return true;
        }
        if (c == '-' && isDigit(at(j + 1))) {
            return true;
        }
        if (lit(j, "null") && !isWord(at(j + 4))) {
            return true;
        }
        int k = j;
        while (k - j < 32 && (isWord(at(k)) || at(k) == '.')) {
            k++;
        }
        if (k == j) {
            return false;
        }
        if (at(k) == '(') {
            return true;
        }
        if (isBlank(at(k))) {
            k++;
        }
        return at(k) == ',' || (lit(k, "from") && !isWord(at(k + 4)));
    }

    /**
     * {@code ;} followed by a second statement. Strongly SQL phrases ({@code drop table},
     * {@code shutdown}, {@code exec xp_...}, {@code declare @}) always count; the common verbs
     * ({@code delete from}, {@code insert into}, {@code update ... set}, {@code select}) only after a
     * quote, a number or a parenthesis, so {@code ...; delete from the list} in prose stays quiet.
     */
    private void stacked(int i) {
        if (!need(Rule.SQLI_STACKED_QUERY)) {
            return;
        }
        int p = i - 1;
        if (p >= 0 && isBlank(a[p])) {
            p--;
        }
        char pc = at(p);
        boolean ctx = pc == '\0' || pc == '\'' || pc == '"' || pc == ')' || isDigit(pc);
        int j = i + 1;
        if (isBlank(at(j))) {
            j++;
        }
        char c = at(j);
        boolean strong = false;
        boolean weak = false;
        switch (c) {
            case 'd' -> {
                if (lit(j, "drop ")) {
                    int k = j + 5;
                    for (String o : new String[] {"table", "database", "schema", "user", "procedure", "function",
                        "view", "index"}) {
                        if (lit(k, o) && !isWord(at(k + o.length()))) {
                            strong = true;
                            break;
                        }
                    }
                } else if (lit(j, "declare @")) {
                    strong = true;
                } else if (lit(j, "delete from ")) {
                    weak = true;
                }
            }
            case 's' -> {
                if (lit(j, "shutdown") && !isWord(at(j + 8))) {
                    strong = true;
                } else if (lit(j, "select")) {
                    weak = selectList(j + 6);
                }
            }
            case 'e' -> {
                if (lit(j, "exec")) {
                    int k = j + 4;
                    if (lit(k, "ute")) {
                        k += 3;
                    }
                    if (isBlank(at(k)) || at(k) == '(') {
                        k++;
                        strong = lit(k, "xp_") || lit(k, "sp_") || lit(k, "master");
                        weak = at(k - 1) == '(' || at(k) == '\'' || at(k) == '@';
                    }
                }
            }
            case 't' -> weak = lit(j, "truncate ");
            case 'a' -> weak = lit(j, "alter table ");
            case 'c' -> weak = lit(j, "create table ") || lit(j, "create user ");
            case 'i' -> weak = lit(j, "insert into ");
            case 'g' -> weak = lit(j, "grant ");
            case 'u' -> {
                if (lit(j, "update ")) {
                    int k = j + 7;
                    while (k - j < 40 && (isWord(at(k)) || at(k) == '.')) {
                        k++;
                    }
                    weak = lit(k, " set ");
                }
            }
            default -> {
            }
        }
        if (strong || (weak && ctx)) {
            hit(Rule.SQLI_STACKED_QUERY);
        }
    }

    private static final int EQ = 1;
    private static final int NE = 2;
    private static final int LT = 3;
    private static final int GT = 4;
    private static final int LE = 5;
    private static final int GE = 6;
    private static final int LIKE = 7;

    private boolean leadingNumber;
    private String opText = "";
    private int opEnd;
    private boolean opQuoted;

    /**
     * After a quote or a leading number: {@code or}/{@code and}/{@code xor}/{@code ||}/{@code &&},
     * then a comparison that is true whatever the row ({@code '1'='1}, {@code 1=1}, {@code ""="},
     * {@code 2>1}, {@code 'a'<>'b'}, {@code like '%}) or a bare truthy literal at the end
     * ({@code ' or true--}). Comparisons are evaluated, so {@code 'x' or y = 2} in code stays quiet.
     */
    private void tautology(int j) {
        if (!need(Rule.SQLI_TAUTOLOGY)) {
            return;
        }
        for (int k = 0; k < 3 && (isBlank(at(j)) || at(j) == ')'); k++) {
            j++;
        }
        int kw;
        if (lit(j, "or")) {
            kw = j + 2;
        } else if (lit(j, "and") || lit(j, "xor")) {
            kw = j + 3;
        } else if (lit(j, "||") || lit(j, "&&")) {
            kw = j + 2;
        } else {
            return;
        }
        if (isLetter(at(j)) && isWord(at(kw))) {
            return; // order, android, xorg
        }
        j = kw;
        for (int k = 0; k < 3 && (isBlank(at(j)) || at(j) == '('); k++) {
            j++;
        }
        if (!operand(j)) {
            return;
        }
        String a = opText;
        boolean aQuoted = opQuoted;
        int afterA = opEnd;
        j = afterA;
        if (isBlank(at(j))) {
            j++;
        }
        int cmp;
        if (lit(j, "==")) {
            cmp = EQ;
            j += 2;
        } else if (lit(j, "!=") || lit(j, "<>")) {
            cmp = NE;
            j += 2;
        } else if (lit(j, "<=")) {
            cmp = LE;
            j += 2;
        } else if (lit(j, ">=")) {
            cmp = GE;
            j += 2;
        } else if (at(j) == '=') {
            cmp = EQ;
            j++;
        } else if (at(j) == '<') {
            cmp = LT;
            j++;
        } else if (at(j) == '>') {
            cmp = GT;
            j++;
        } else if (lit(j, "like") && !isWord(at(j + 4))) {
            cmp = LIKE;
            j += 4;
        } else {
            if (!aQuoted && (a.equals("true") || (isNonZeroNumber(a) && !leadingNumber)) && endsClause(afterA)) {
                hit(Rule.SQLI_TAUTOLOGY);
            }
            return;
        }
        if (isBlank(at(j))) {
            j++;
        }
        if (at(j) == '(') {
            j++;
        }
        if (!operand(j)) {
            return;
        }
        String b = opText;
        boolean t = switch (cmp) {
            case EQ -> a.equals(b);
            case LIKE -> a.equals(b) || b.startsWith("%");
            case NE -> !a.equals(b);
            default -> compare(a, b, cmp);
        };
        if (t) {
            hit(Rule.SQLI_TAUTOLOGY);
        }
    }

    /** End of value, or of the clause: {@code ; ) \n}, perhaps after one space. */
    private boolean endsClause(int j) {
        char c = at(j);
        if (c == ' ') {
            c = at(j + 1);
        }
        return c == '\0' || c == ';' || c == ')' || c == '\n';
    }

    /** A quoted literal (unterminated at the end of the value is fine) or a short word/number. */
    private boolean operand(int j) {
        char c = at(j);
        if (c == '\'' || c == '"') {
            int start = j + 1;
            for (int k = start; k - start <= 32; k++) {
                char t = at(k);
                if (t == c) {
                    opText = substring(start, k);
                    opEnd = k + 1;
                    opQuoted = true;
                    return true;
                }
                if (t == '\0') {
                    break;
                }
            }
            // unterminated (the application's own quote closes it): up to a quote, blank or delimiter
            int k = start;
            while (k - start < 32 && " \n\0'\",;)}".indexOf(at(k)) < 0) {
                k++;
            }
            opText = substring(start, k);
            opEnd = k;
            opQuoted = true;
            return true;
        }
        int start = j;
        int k = j;
        if (c == '-') {
            k++;
        }
        while (k - start < 32 && (isWord(at(k)) || at(k) == '.' || at(k) == '@')) {
            k++;
        }
        if (k == start || (c == '-' && k == start + 1)) {
            return false;
        }
        opText = substring(start, k);
        opEnd = k;
        opQuoted = false;
        return true;
    }

    private static boolean isNonZeroNumber(String a) {
        boolean nonZero = false;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (!isDigit(c)) {
                return false;
            }
            nonZero |= c != '0';
        }
        return nonZero;
    }

    private static boolean compare(String a, String b, int cmp) {
        int r;
        Double x = number(a);
        Double y = number(b);
        if (x != null && y != null) {
            r = Double.compare(x, y);
        } else {
            r = a.compareTo(b);
        }
        return switch (cmp) {
            case LT -> r < 0;
            case GT -> r > 0;
            case LE -> r <= 0;
            case GE -> r >= 0;
            default -> false;
        };
    }

    private static @Nullable Double number(String a) {
        if (a.isEmpty() || a.length() > 20) {
            return null;
        }
        int dots = 0;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!(isDigit(c) || (c == '-' && i == 0))) {
                return null;
            }
        }
        if (dots > 1 || a.equals("-") || a.equals(".")) {
            return null;
        }
        try {
            return Double.parseDouble(a);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
