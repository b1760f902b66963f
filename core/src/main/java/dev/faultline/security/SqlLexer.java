package dev.faultline.security;

import java.util.HashMap;
import java.util.Map;

/**
 * A small SQL tokenizer over canonical text (lower case, whitespace collapsed). It reads the value in
 * one of three contexts: {@link #BARE} (the value is pasted into SQL as is, after a number or a
 * name), or inside a single- or double-quoted string literal ({@link #SINGLE}, {@link #DOUBLE}), in
 * which case the text up to the first matching quote is the rest of the application's string.
 *
 * <p>Tokens are kept in reusable arrays (one lexer per scratch, reused across scans); at most
 * {@link #MAX_TOKENS} are read, so the cost of one context is at most the length of the text.
 * Block comments are separators (MySQL's {@code /*!...*}{@code /} keeps its content), {@code --},
 * {@code #} start a line comment, which is one {@link #COMMENT} token to the end of the line.
 */
final class SqlLexer {

    static final int BARE = 0;
    static final int SINGLE = 1;
    static final int DOUBLE = 2;

    /** Token types. */
    static final byte END = 0;
    static final byte STR = 1;
    static final byte NUM = 2;
    static final byte IDENT = 3;
    static final byte KEYWORD = 4;
    static final byte LOGIC = 5;
    static final byte OP = 6;
    static final byte CMP = 7;
    static final byte FUNC = 8;
    static final byte LPAREN = 9;
    static final byte RPAREN = 10;
    static final byte COMMA = 11;
    static final byte SEMI = 12;
    static final byte COMMENT = 13;
    static final byte VAR = 14;
    static final byte VALUE = 15;
    static final byte UNION = 16;
    static final byte NOT = 17;
    static final byte OTHER = 18;

    /** Flags of a token. */
    static final int F_OPEN = 1; // a string that runs to the end of the text
    static final int F_SQL_FUNC = 2; // a function only SQL has (version(), sleep(), load_file(), ...)
    static final int F_FILLER = 4; // a comment with nothing but comment filler in it
    static final int F_KNOWN_FUNC = 8; // a known SQL function name

    static final int MAX_TOKENS = 96;

    /** Keyword ids, for KEYWORD tokens. */
    static final int K_SELECT = 1;
    static final int K_FROM = 2;
    static final int K_WHERE = 3;
    static final int K_GROUP = 4;
    static final int K_ORDER = 5;
    static final int K_BY = 6;
    static final int K_HAVING = 7;
    static final int K_LIMIT = 8;
    static final int K_INTO = 9;
    static final int K_PROCEDURE = 10;
    static final int K_AS = 11;
    static final int K_CASE = 12;
    static final int K_WHEN = 13;
    static final int K_THEN = 14;
    static final int K_ELSE = 15;
    static final int K_END = 16;
    static final int K_ALL = 17;
    static final int K_DISTINCT = 18;
    static final int K_TOP = 19;
    static final int K_STATEMENT = 20; // insert, update, delete, drop, create, alter, exec, declare, ...
    static final int K_OFFSET = 21;
    static final int K_FOR = 22;
    static final int K_EXISTS = 23;
    static final int K_BINARY = 24;
    static final int K_AND = 25; // the "and" of between ... and (LOGIC tokens carry it too)
    static final int K_SET = 26;
    static final int K_JOIN = 27;
    static final int K_ON = 28;
    static final int K_ASC = 29;
    static final int K_COLLATE = 30;
    static final int K_WAITFOR = 31;
    static final int K_ESCAPE = 32;
    static final int K_OUTFILE = 33;
    static final int K_BETWEEN = 34;
    static final int K_USING = 35;
    static final int K_IF = 36;

    private static final Map<String, Integer> WORD_MAP = new HashMap<>();

    private static void word(byte type, int id, String... names) {
        for (String n : names) {
            WORD_MAP.put(n, (type << 8) | id);
        }
    }

    static {
        word(LOGIC, K_AND, "and");
        word(LOGIC, 0, "or", "xor");
        word(NOT, 0, "not");
        word(CMP, 0, "like", "rlike", "regexp", "in", "is", "sounds", "glob", "ilike", "similar");
        word(CMP, K_BETWEEN, "between");
        word(OP, 0, "div", "mod");
        word(VALUE, 0, "null", "true", "false", "current_user", "current_date", "current_time",
            "current_timestamp", "utc_date", "utc_time", "utc_timestamp", "localtime", "localtimestamp",
            "system_user", "session_user", "user", "sysdate", "unknown", "dual", "rownum");
        word(UNION, 0, "union", "intersect", "except", "minus");
        word(KEYWORD, K_SELECT, "select");
        word(KEYWORD, K_FROM, "from");
        word(KEYWORD, K_WHERE, "where");
        word(KEYWORD, K_GROUP, "group");
        word(KEYWORD, K_ORDER, "order");
        word(KEYWORD, K_BY, "by");
        word(KEYWORD, K_HAVING, "having");
        word(KEYWORD, K_LIMIT, "limit");
        word(KEYWORD, K_OFFSET, "offset");
        word(KEYWORD, K_INTO, "into");
        word(KEYWORD, K_OUTFILE, "outfile", "dumpfile");
        word(KEYWORD, K_PROCEDURE, "procedure");
        word(KEYWORD, K_AS, "as");
        word(KEYWORD, K_CASE, "case");
        word(KEYWORD, K_WHEN, "when");
        word(KEYWORD, K_THEN, "then");
        word(KEYWORD, K_ELSE, "else");
        word(KEYWORD, K_END, "end");
        word(KEYWORD, K_ALL, "all");
        word(KEYWORD, K_DISTINCT, "distinct", "distinctrow");
        word(KEYWORD, K_TOP, "top");
        word(KEYWORD, K_FOR, "for");
        word(KEYWORD, K_EXISTS, "exists");
        word(KEYWORD, K_BINARY, "binary");
        word(KEYWORD, K_SET, "set");
        word(KEYWORD, K_JOIN, "join");
        word(KEYWORD, K_ON, "on");
        word(KEYWORD, K_ASC, "asc", "desc");
        word(KEYWORD, K_COLLATE, "collate");
        word(KEYWORD, K_WAITFOR, "waitfor");
        word(KEYWORD, K_ESCAPE, "escape");
        word(KEYWORD, K_USING, "using", "separator");
        word(KEYWORD, K_STATEMENT, "insert", "update", "delete", "drop", "create", "alter", "exec", "execute",
            "declare", "shutdown", "truncate", "grant", "revoke", "replace", "rename", "call", "handler",
            "load", "backup", "restore", "kill", "begin");
        word(KEYWORD, K_IF, "if");
    }

    /** Functions that only make sense in SQL: their call alone marks a value as SQL. */
    private static final Map<String, Boolean> FUNCTIONS = new HashMap<>();
    private static final WordTable WORDS;
    private static final WordTable FUNCTION_TABLE;

    static {
        for (String f : new String[] {"version", "database", "schema", "user", "current_user", "system_user",
            "session_user", "load_file", "sleep", "benchmark", "pg_sleep", "extractvalue", "updatexml",
            "name_const", "group_concat", "concat_ws", "information_schema", "db_name", "user_name",
            "suser_name", "is_srvrolemember", "has_dbaccess", "utl_inaddr", "utl_http", "dbms_pipe",
            "dbms_lock", "ctxsys", "sys_context", "xp_cmdshell", "openrowset", "opendatasource",
            "pg_read_file", "lo_import", "make_set", "elt", "last_insert_id", "row_count", "connection_id",
            "sqlite_version", "randomblob", "char_length", "ascii", "substring", "substr", "mid", "ord",
            "unhex", "hex", "chr", "char", "nchar", "cast", "convert", "concat", "if", "ifnull", "nullif",
            "isnull", "coalesce", "iif", "md5", "sha1", "sha", "sha2", "rand", "floor", "ceil", "ceiling",
            "count", "length", "len", "lower", "upper", "lcase", "ucase", "left", "right", "reverse",
            "instr", "locate", "position", "strcmp", "conv", "bin", "oct", "least", "greatest", "abs",
            "sin", "cos", "tan", "pi", "pow", "power", "sqrt", "exp", "ln", "log", "mod", "sum", "min",
            "max", "avg", "now", "found_rows", "compress", "uncompress", "to_char", "to_number", "trim",
            "ltrim", "rtrim", "space", "repeat", "export_set", "soundex", "exists", "waitfor", "row",
            "bit_length", "octet_length", "quote", "format", "insert", "date", "replace", "dbms_utility"}) {
            FUNCTIONS.put(f, false);
        }
        for (String f : new String[] {"version", "database", "schema", "load_file", "sleep", "benchmark",
            "pg_sleep", "extractvalue", "updatexml", "name_const", "group_concat", "concat_ws", "db_name",
            "user_name", "suser_name", "is_srvrolemember", "has_dbaccess", "utl_inaddr", "utl_http", "dbms_pipe",
            "dbms_lock", "sys_context", "xp_cmdshell", "openrowset", "opendatasource", "pg_read_file",
            "lo_import", "make_set", "last_insert_id", "connection_id", "sqlite_version", "randomblob",
            "current_user", "system_user", "session_user", "found_rows", "dbms_utility"}) {
            FUNCTIONS.put(f, true);
        }
    }

    static {
        WORDS = new WordTable(WORD_MAP);
        Map<String, Integer> f = new HashMap<>();
        FUNCTIONS.forEach((k, v) -> f.put(k, v ? 2 : 1));
        FUNCTION_TABLE = new WordTable(f);
    }

    // the tokens of the last tokenize() call
    final byte[] type = new byte[MAX_TOKENS + 1];
    final int[] kw = new int[MAX_TOKENS + 1];
    final int[] flags = new int[MAX_TOKENS + 1];
    final int[] start = new int[MAX_TOKENS + 1];
    final int[] end = new int[MAX_TOKENS + 1];
    int count;
    /** True when the text had more tokens than {@link #MAX_TOKENS}. */
    boolean capped;
    private boolean done;
    private int pos;

    private char[] a = new char[0];
    private int n;
    private Canonicalizer.Work w = new Canonicalizer.Work();

    /**
     * Tokenizes {@code a[0..n)} in a context; the first token of a quoted context is the rest of the
     * application's string ({@link #STR}, or {@link #STR} with {@link #F_OPEN} when no quote closes
     * it). Returns false when a quoted context has no closing quote (nothing to break out of).
     */
    boolean tokenize(char[] text, int len, int context, Canonicalizer.Work work) {
        this.a = text;
        this.n = len;
        this.w = work;
        count = 0;
        capped = false;
        done = false;
        int i = 0;
        if (context != BARE) {
            char q = context == SINGLE ? '\'' : '"';
            int j = 0;
            while (j < n && a[j] != q) {
                j++;
            }
            w.ops += j;
            if (j >= n) {
                return false;
            }
            add(STR, 0, 0, 0, j);
            i = j + 1;
        }
        pos = i;
        return true;
    }

    /** The type of token {@code t}, reading tokens up to it on demand ({@link #END} past the last). */
    byte type(int t) {
        while (t >= count && !done) {
            more();
        }
        return t < count ? type[t] : END;
    }

    /** Reads every token (up to the cap); returns how many there are. */
    int all() {
        while (!done) {
            more();
        }
        return count;
    }

    /** Reads the next token, or marks the end. */
    private void more() {
        int before = count;
        while (count == before && pos < n && count < MAX_TOKENS) {
            pos = next(pos);
        }
        if (count == before) {
            capped = pos < n;
            done = true;
            type[count] = END;
            kw[count] = 0;
            flags[count] = 0;
            start[count] = n;
            end[count] = n;
        }
    }

    private void add(byte t, int k, int f, int s, int e) {
        type[count] = t;
        kw[count] = k;
        flags[count] = f;
        start[count] = s;
        end[count] = e;
        count++;
    }

    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || c == '_' || c == '$' || (c > 0x7f && Character.isLetter(c));
    }

    private static boolean isWordPart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
                || (c > 0x7f && Character.isLetterOrDigit(c));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Reads one token (or skips a separator) at {@code i}; returns the next index. */
    private int next(int i) {
        char c = a[i];
        w.ops++;
        if (c == ' ' || c == '\n') {
            return i + 1;
        }
        if (c == '/' && i + 1 < n && a[i + 1] == '*') {
            if (i + 2 < n && a[i + 2] == '!') {
                int j = i + 3;
                while (j < n && j < i + 9 && isDigit(a[j])) {
                    j++;
                }
                w.ops += j - i;
                return j; // executable comment: its content is SQL
            }
            int j = i + 2;
            while (j + 1 < n && !(a[j] == '*' && a[j + 1] == '/')) {
                j++;
            }
            w.ops += j - i;
            if (j + 1 >= n) {
                // unterminated: the rest of the application's query is commented out
                boolean filler = true;
                for (int k = i + 2; k < n; k++) {
                    filler &= " -+;*/#".indexOf(a[k]) >= 0 && k - i < 10;
                }
                add(COMMENT, 0, filler ? F_FILLER : 0, i, n);
                return n;
            }
            return j + 2;
        }
        if (c == '*' && i + 1 < n && a[i + 1] == '/') {
            return i + 2; // the end of an executable comment
        }
        if (c == '#' || (c == '-' && i + 1 < n && a[i + 1] == '-')) {
            int j = c == '#' ? i + 1 : i + 2;
            boolean filler = true;
            int s = j;
            while (j < n && a[j] != '\n') {
                if (" -+;*/#".indexOf(a[j]) < 0 || j - s >= 8) {
                    filler = false;
                }
                j++;
            }
            w.ops += j - i;
            add(COMMENT, 0, filler ? F_FILLER : 0, i, j);
            return j;
        }
        if (c == '\'' || c == '"' || c == '`') {
            int j = i + 1;
            while (j < n) {
                if (a[j] == c) {
                    if (j + 1 < n && a[j + 1] == c) {
                        j += 2; // '' inside a string
                        continue;
                    }
                    break;
                }
                if (a[j] == '\\' && j + 1 < n) {
                    j++;
                }
                j++;
            }
            w.ops += j - i;
            if (c == '`') {
                add(IDENT, 0, 0, i, Math.min(j + 1, n));
            } else {
                add(STR, c, j >= n ? F_OPEN : 0, i, Math.min(j + 1, n));
            }
            return j + 1;
        }
        if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(a[i + 1]))) {
            return number(i);
        }
        if (c == '@') {
            int j = i + 1;
            if (j < n && a[j] == '@') {
                j++;
            }
            while (j < n && (isWordPart(a[j]) || a[j] == '.')) {
                j++;
            }
            w.ops += j - i;
            add(VAR, 0, j > i + 1 && a[i + 1] == '@' ? F_SQL_FUNC : 0, i, j);
            return j;
        }
        if (isWordStart(c)) {
            return word(i);
        }
        switch (c) {
            case '(' -> add(LPAREN, 0, 0, i, i + 1);
            case ')' -> add(RPAREN, 0, 0, i, i + 1);
            case ',' -> add(COMMA, 0, 0, i, i + 1);
            case ';' -> add(SEMI, 0, 0, i, i + 1);
            case '=', '<', '>', '!' -> {
                int j = i + 1;
                while (j < n && j < i + 3 && (a[j] == '=' || a[j] == '>' || a[j] == '<')) {
                    j++;
                }
                if (c == '!' && j == i + 1) {
                    add(NOT, 0, 0, i, j);
                } else if ((c == '<' && j == i + 2 && a[i + 1] == '<') || (c == '>' && j == i + 2 && a[i + 1] == '>')) {
                    add(OP, 0, 0, i, j);
                } else {
                    add(CMP, 0, 0, i, j);
                }
                w.ops += j - i;
                return j;
            }
            case '|' -> {
                if (i + 1 < n && a[i + 1] == '|') {
                    add(LOGIC, '|', 0, i, i + 2);
                    return i + 2;
                }
                add(OP, '|', 0, i, i + 1);
            }
            case '&' -> {
                if (i + 1 < n && a[i + 1] == '&') {
                    add(LOGIC, '&', 0, i, i + 2);
                    return i + 2;
                }
                add(OP, '&', 0, i, i + 1);
            }
            case ':' -> {
                if (i + 1 < n && a[i + 1] == '=') {
                    add(CMP, 0, 0, i, i + 2);
                    return i + 2;
                }
                add(OTHER, 0, 0, i, i + 1);
            }
            case '+', '-', '*', '/', '%', '^', '~' -> add(OP, c, 0, i, i + 1);
            case '.' -> add(OTHER, '.', 0, i, i + 1);
            default -> add(OTHER, c, 0, i, i + 1);
        }
        return i + 1;
    }

    private int number(int i) {
        int j = i;
        if (a[j] == '0' && j + 1 < n && (a[j + 1] == 'x' || a[j + 1] == 'b')) {
            j += 2;
            while (j < n && (isDigit(a[j]) || (a[j] >= 'a' && a[j] <= 'f'))) {
                j++;
            }
        } else {
            while (j < n && isDigit(a[j])) {
                j++;
            }
            if (j < n && a[j] == '.') {
                j++;
                while (j < n && isDigit(a[j])) {
                    j++;
                }
            }
            if (j + 1 < n && a[j] == 'e' && (isDigit(a[j + 1])
                    || ((a[j + 1] == '-' || a[j + 1] == '+') && j + 2 < n && isDigit(a[j + 2])))) {
                j += 2;
                while (j < n && isDigit(a[j])) {
                    j++;
                }
            }
        }
        w.ops += j - i;
        if (j < n && isWordPart(a[j])) {
            // 1x, 2nd, 9am: a word that starts with digits (MySQL keywords right after a number, as
            // in 1union, are split off)
            int k = j;
            while (k < n && isWordPart(a[k])) {
                k++;
            }
            w.ops += k - j;
            int kwd = lookup(j, k);
            int kt = kwd >> 8;
            if (kwd >= 0 && (kt == UNION || kt == LOGIC || kt == KEYWORD)) {
                add(NUM, 0, 0, i, j);
                return j;
            }
            add(IDENT, 0, 0, i, k);
            return k;
        }
        add(NUM, 0, 0, i, j);
        return j;
    }

    private int word(int i) {
        int j = i;
        while (j < n && isWordPart(a[j])) {
            j++;
        }
        // schema.table names: a.b.c
        while (j + 1 < n && a[j] == '.' && isWordStart(a[j + 1])) {
            j++;
            while (j < n && isWordPart(a[j])) {
                j++;
            }
        }
        w.ops += j - i;
        int kwd = lookup(i, j);
        int kt = kwd < 0 ? -1 : kwd >> 8;
        int kid = kwd < 0 ? -1 : kwd & 0xff;
        int k = j;
        if (k < n && (a[k] == ' ' || a[k] == '\n')) {
            k++;
        }
        boolean paren = k < n && a[k] == '(';
        int fn = paren ? functionFlag(i, j) : 0;
        if (paren && (k == j || fn != 0) && (kwd < 0 || kt == VALUE || kid == K_BINARY
                || (kt == KEYWORD && kid == K_STATEMENT && k == j) || kid == K_EXISTS || kid == K_IF)) {
            int f = fn == 0 ? 0 : (fn == 2 ? F_SQL_FUNC | F_KNOWN_FUNC : F_KNOWN_FUNC);
            add(FUNC, 0, f, i, j);
            return j;
        }
        if (kwd >= 0) {
            add((byte) kt, kid, 0, i, j);
        } else {
            add(IDENT, 0, 0, i, j);
        }
        return j;
    }

    /**
     * The end of a plain name at {@code a[i]}, a token the lexer reads as {@link #IDENT}: an ASCII
     * letter, then letters, digits and {@code _}, not a word of the keyword table, and ended by a
     * blank or a comma (not by a {@code .}, which joins schema names, nor by a blank and a
     * {@code (}, which makes a call, nor by any other char a word may hold). -1 when {@code a[i]}
     * starts no such name; a cheap test for {@link SqlSyntax#bareIsNone}.
     */
    static int plainName(char[] a, int n, int i) {
        if (i >= n || a[i] < 'a' || a[i] > 'z') {
            return -1;
        }
        int j = i + 1;
        while (j < n && ((a[j] >= 'a' && a[j] <= 'z') || (a[j] >= '0' && a[j] <= '9') || a[j] == '_')) {
            j++;
        }
        if (j < n && a[j] != ' ' && a[j] != '\n' && a[j] != ',') {
            return -1;
        }
        if (j + 1 < n && a[j] != ',' && a[j + 1] == '(') {
            return -1;
        }
        return keyword(a, i, j) >= 0 ? -1 : j;
    }

    /** The keyword of {@code a[s..e)} as {@code type << 8 | id}, or -1. */
    private int lookup(int s, int e) {
        return keyword(a, s, e);
    }

    /** The keyword of {@code text[s..e)} as {@code type << 8 | id}, or -1 (no keyword is longer than 20 chars). */
    private static int keyword(char[] text, int s, int e) {
        return e - s > 20 ? -1 : WORDS.get(text, s, e, -1);
    }

    /** 2 for a SQL-only function name, 1 for another known one, 0 for none. */
    private int functionFlag(int s, int e) {
        return e - s > 24 ? 0 : FUNCTION_TABLE.get(a, s, e, 0);
    }

    char firstChar(int t) {
        return start[t] < n ? a[start[t]] : '\0';
    }

    /** True when token {@code t} is exactly {@code word}. */
    boolean is(int t, String word) {
        int s = start[t];
        int len = end[t] - s;
        if (len != word.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (a[s + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** True when token {@code t} starts with {@code prefix}. */
    boolean startsWith(int t, String prefix) {
        int s = start[t];
        if (end[t] - s < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (a[s + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The text of token {@code t}; for tests and diagnostics. */
    String text(int t) {
        return new String(a, start[t], end[t] - start[t]);
    }
}
