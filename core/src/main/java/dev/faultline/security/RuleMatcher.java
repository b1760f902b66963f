package dev.faultline.security;

import dev.faultline.security.Canonicalizer.Work;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Matches the rules on the canonical forms of one value. Not thread-safe: one instance per scanned
 * value.
 *
 * <p><b>Why it is linear.</b> Each pass walks its text once. At a few trigger characters ({@code <},
 * quotes, {@code .}, {@code /}, {@code $}, shell separators, the first letter of a keyword at a word
 * start) a check runs that reads at most a fixed number of characters ahead or behind (the largest
 * window is 256 characters, for the attributes of a tag, and those windows end at the next {@code <}
 * so they never overlap). Every character read goes through {@link #at(int)}, which charges the
 * {@link Work} counter, so tests can check the bound. The {@code ${...}} resolver reads each
 * character once and copies at most {@value #LOOKUP_BUFFER} characters per closing brace, at most
 * {@value #MAX_LOOKUP_DEPTH} levels deep. A rule that matched is not tried again for the same value.
 */
final class RuleMatcher {

    static final int LOOKUP_BUFFER = 64;
    static final int MAX_LOOKUP_DEPTH = 12;

    /** Where the value came from; decides the newline-based rules. */
    enum Part {
        PATH, QUERY, HEADER, BODY;

        static Part of(String location) {
            if (location.equals("path")) {
                return PATH;
            }
            if (location.startsWith("header")) {
                return HEADER;
            }
            if (location.startsWith("body")) {
                return BODY;
            }
            return QUERY;
        }
    }

    private static final int BARE = 1;
    private static final int NUMERIC = 2;
    private static final Map<String, Integer> COMMANDS = new HashMap<>();

    static {
        for (String c : new String[] {"id", "whoami", "uname", "ifconfig", "ipconfig", "netstat", "hostname",
            "pwd", "ls", "ps", "printenv", "systeminfo", "sh", "bash", "zsh", "ksh", "csh", "tcsh", "cmd",
            "cmd.exe", "powershell", "powershell.exe", "pwsh"}) {
            COMMANDS.put(c, BARE);
        }
        for (String c : new String[] {"ping", "sleep", "nc", "ncat", "netcat", "kill", "head", "tail",
            "timeout", "telnet"}) {
            COMMANDS.put(c, NUMERIC);
        }
        for (String c : new String[] {"cat", "tac", "more", "less", "nl", "od", "xxd", "base64", "echo",
            "printf", "socat", "ssh", "scp", "curl", "wget", "tftp", "ftp", "nslookup", "dig", "rm", "chmod",
            "chown", "mkfifo", "touch", "cp", "mv", "killall", "crontab", "eval", "exec", "sudo", "net", "reg",
            "certutil", "bitsadmin", "wmic", "mshta", "rundll32", "regsvr32", "type", "find", "xterm",
            "busybox", "nohup", "dir", "awk", "sed", "grep", "xargs", "tee", "dd", "python", "python3", "perl",
            "ruby", "php", "node", "lua", "env", "uname", "openssl", "tar", "zip", "unzip", "gcc"}) {
            COMMANDS.putIfAbsent(c, 0);
        }
    }

    private static final String[] SENSITIVE_FILES = {"/etc/passwd", "/etc/shadow", "/etc/group",
        "/etc/master.passwd", "/etc/sudoers", "/proc/self/", "/windows/system32/", "/win.ini", "/boot.ini",
        "/.ssh/id_", "/.aws/credentials"};
    /** The characters that follow the leading separator of {@link #SENSITIVE_FILES}. */
    private static final boolean[] SENSITIVE_FILE_STARTS = new boolean[128];

    static {
        for (String f : SENSITIVE_FILES) {
            SENSITIVE_FILE_STARTS[f.charAt(1)] = true;
        }
    }

    private static final String[] CLAUSES = {"order by ", "group by ", "having ", "limit ", "procedure "};

    private final Work w;
    private final Part part;
    private final long enabled;
    private long found;
    private String s = "";
    private int n;
    private int cmdFlags;

    RuleMatcher(Work w, Part part, long enabled) {
        this.w = w;
        this.part = part;
        this.enabled = enabled;
    }

    long found() {
        return found;
    }

    boolean anyEnabled(long mask) {
        return (enabled & mask & ~found) != 0;
    }

    private boolean need(Rule r) {
        long bit = 1L << r.ordinal();
        return (enabled & bit) != 0 && (found & bit) == 0;
    }

    void hit(Rule r) {
        found |= 1L << r.ordinal();
    }

    private void text(String text) {
        this.s = text;
        this.n = text.length();
    }

    /** The char at {@code i}, or {@code '\0'} outside the text (NUL never occurs in canonical text). */
    private char at(int i) {
        w.ops++;
        return i >= 0 && i < n ? s.charAt(i) : '\0';
    }

    private boolean lit(int i, String p) {
        for (int k = 0; k < p.length(); k++) {
            if (at(i + k) != p.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c > 0x7f && Character.isLetter(c));
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || isDigit(c);
    }

    /** A char that continues a word: letter, digit or underscore. */
    private static boolean isWord(char c) {
        return isAlnum(c) || c == '_' || (c > 0x7f && Character.isLetterOrDigit(c));
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\n';
    }

    // ------------------------------------------------------------------------------------------
    // Pass A: the canonical form (block comments removed, line comments kept)
    // ------------------------------------------------------------------------------------------

    void passA(String canon) {
        text(canon);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            w.ops++;
            switch (c) {
                case '\'', '"' -> commentOut(i);
                case '.' -> dotDot(i);
                case '/', '\\' -> sensitiveFile(i);
                case '$' -> dollar(i);
                case ';', '|', '&', '`' -> separator(i);
                case '\n' -> {
                    separator(i);
                    crlf(i);
                }
                default -> {
                }
            }
        }
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

    private void dotDot(int i) {
        if (!need(Rule.TRAVERSAL_DOT_DOT) || at(i + 1) != '.') {
            return;
        }
        char c = at(i + 2);
        if (c == '/' || c == '\\' || (c == ';' && (at(i + 3) == '/' || at(i + 3) == '\\'))) {
            if (part == Part.BODY && !(at(i + 3) == '.' && at(i + 4) == '.' && isSep(at(i + 5)))) {
                return; // a relative link in running text; bodies need two steps up
            }
            hit(Rule.TRAVERSAL_DOT_DOT);
        } else if (c == '\0' && (i == 0 || s.charAt(i - 1) == '/' || s.charAt(i - 1) == '\\')) {
            hit(Rule.TRAVERSAL_DOT_DOT);
        }
    }

    private void sensitiveFile(int i) {
        if (!need(Rule.TRAVERSAL_SENSITIVE_FILE)) {
            return;
        }
        // every file starts with a separator run (the one at i and up to 3 more): only the files whose
        // next character follows it can match, which most separators (URLs, dates) rule out at once
        int j = i + 1;
        for (int r = 0; r < 3 && isSep(at(j)); r++) {
            j++;
        }
        char next = at(j);
        if (next >= 128 || !SENSITIVE_FILE_STARTS[next]) {
            return;
        }
        for (String f : SENSITIVE_FILES) {
            if (pathMatch(i, f)) {
                hit(Rule.TRAVERSAL_SENSITIVE_FILE);
                return;
            }
        }
    }

    /** {@code p} at {@code i}, where each {@code /} of {@code p} matches 1..4 of {@code /} and {@code \}. */
    private boolean pathMatch(int i, String p) {
        int j = i;
        for (int k = 0; k < p.length(); k++) {
            char pc = p.charAt(k);
            if (pc == '/') {
                if (!isSep(at(j))) {
                    return false;
                }
                j++;
                for (int r = 0; r < 3 && isSep(at(j)); r++) {
                    j++;
                }
            } else {
                if (at(j) != pc) {
                    return false;
                }
                j++;
            }
        }
        return true;
    }

    private static boolean isSep(char c) {
        return c == '/' || c == '\\';
    }

    /** {@code $(cmd}, {@code $IFS}, {@code ${IFS}}. */
    private void dollar(int i) {
        char c1 = at(i + 1);
        if (c1 == '(' && need(Rule.CMD_SUBSTITUTION)) {
            int j = i + 2;
            if (isBlank(at(j))) {
                j++;
            }
            int e = readCommand(j);
            if (e >= 0 && !isWord(at(e)) && at(e) != '.') {
                hit(Rule.CMD_SUBSTITUTION);
            }
        }
        if (need(Rule.CMD_IFS)) {
            if (lit(i + 1, "ifs") && !isWord(at(i + 4))) {
                hit(Rule.CMD_IFS);
            } else if (lit(i + 1, "{ifs") && (at(i + 5) == '}' || at(i + 5) == ':')) {
                hit(Rule.CMD_IFS);
            }
        }
    }

    /**
     * A shell separator ({@code ;}, {@code |}, {@code ||}, {@code &&}, a spaced {@code &}, a line
     * break outside bodies, a backtick) followed by a known command whose arguments look like a
     * command line: a flag, a path, a redirection, a host, or nothing at all for commands that are
     * dangerous alone ({@code ; id}). {@code Milk; cat food} and {@code R&D} stay quiet.
     */
    private void separator(int i) {
        char c = s.charAt(i);
        int j;
        Rule rule = Rule.CMD_SHELL_METACHAR;
        switch (c) {
            case ';' -> j = i + 1;
            case '|' -> {
                if (i > 0 && s.charAt(i - 1) == '|') {
                    return;
                }
                j = at(i + 1) == '|' ? i + 2 : i + 1;
            }
            case '&' -> {
                if (i > 0 && s.charAt(i - 1) == '&') {
                    return;
                }
                if (at(i + 1) == '&') {
                    j = i + 2;
                } else if (at(i - 1) == ' ' || at(i + 1) == ' ') {
                    j = i + 1;
                } else {
                    return;
                }
            }
            case '\n' -> {
                if (part == Part.BODY) {
                    return;
                }
                j = i + 1;
            }
            case '`' -> {
                rule = Rule.CMD_SUBSTITUTION;
                char prev = at(i - 1);
                if (isBlank(prev) || (prev == '\0' && s.charAt(n - 1) != '`')) {
                    return; // Markdown inline code: `ls -la` in running text
                }
                j = i + 1;
            }
            default -> {
                return;
            }
        }
        if (!need(rule)) {
            return;
        }
        if (isBlank(at(j))) {
            j++;
        }
        int e = readCommand(j);
        if (e >= 0 && commandLine(e, rule == Rule.CMD_SUBSTITUTION)) {
            hit(rule);
        }
    }

    /** Reads a known command name at {@code j} (after an optional {@code /bin/}-like prefix). */
    private int readCommand(int j) {
        char c0 = at(j);
        if (c0 == '/' || c0 == '\\') {
            int k = j;
            int lastSep = -1;
            while (k - j < 40) {
                char c = at(k);
                if (isSep(c)) {
                    lastSep = k;
                } else if (!(isAlnum(c) || c == '_' || c == '.' || c == '-')) {
                    break;
                }
                k++;
            }
            if (lastSep < 0) {
                return -1;
            }
            j = lastSep + 1;
        }
        int start = j;
        while (j - start < 16) {
            char c = at(j);
            if (isAlnum(c) || c == '.' || c == '_') {
                j++;
            } else {
                break;
            }
        }
        if (j == start || j - start >= 16) {
            return -1;
        }
        Integer flags = COMMANDS.get(s.substring(start, j));
        if (flags == null) {
            return -1;
        }
        cmdFlags = flags;
        return j;
    }

    private boolean commandLine(int e, boolean substitution) {
        boolean bare = (cmdFlags & BARE) != 0;
        char a = at(e);
        if (a == '\0') {
            return bare;
        }
        if (a == '`' || a == ')') {
            return substitution || bare;
        }
        if (a == ';' || a == '|' || a == '&' || a == '\n') {
            return bare;
        }
        if (a == '<' || a == '>') {
            return true;
        }
        if (a != ' ') {
            return false;
        }
        char b = at(e + 1);
        if (b == '\0') {
            return bare;
        }
        if ("-/~$'\"\\<>`".indexOf(b) >= 0) {
            return true;
        }
        if (b == '.' && (at(e + 2) == '/' || at(e + 2) == '.')) {
            return true;
        }
        if (isDigit(b) && (cmdFlags & NUMERIC) != 0) {
            return true;
        }
        for (int k = e + 1; k < e + 65; k++) {
            char t = at(k);
            if (isBlank(t) || t == '\0') {
                return false;
            }
            if (t == '/' || t == '\\') {
                return true;
            }
            if (t == '.' && isAlnum(at(k - 1)) && isAlnum(at(k + 1))) {
                return true;
            }
            if (t == ':' && isDigit(at(k + 1))) {
                return true;
            }
        }
        return false;
    }

    /** A line break followed by {@code Name:} (anywhere but a body), or any line break in a path. */
    private void crlf(int i) {
        if (!need(Rule.CRLF_HEADER_INJECTION) || part == Part.BODY) {
            return;
        }
        if (part == Part.PATH) {
            hit(Rule.CRLF_HEADER_INJECTION);
            return;
        }
        int j = i + 1;
        if (at(j) == ' ') {
            j++;
        }
        int k = j;
        while (k - j < 64 && (isAlnum(at(k)) || at(k) == '-' || at(k) == '_')) {
            k++;
        }
        if (k == j) {
            return;
        }
        if (at(k) == ' ') {
            k++;
        }
        if (at(k) == ':' && at(k + 1) != '/') {
            hit(Rule.CRLF_HEADER_INJECTION);
        }
    }

    // ------------------------------------------------------------------------------------------
    // ${...} lookups (Log4Shell), on the canonical form
    // ------------------------------------------------------------------------------------------

    /**
     * Resolves {@code ${...}} lookups the way Log4j 2 did, enough to see through the usual
     * obfuscations: {@code ${lower:j}}, {@code ${upper:j}}, {@code ${::-j}} and any
     * {@code ${name:-default}}, {@code ${date:'j'}}; any other lookup resolves to nothing. A lookup
     * whose resolved text starts with {@code jndi:} is a hit. Iterative with an explicit stack of at
     * most {@value #MAX_LOOKUP_DEPTH} bounded buffers; a deeper nesting is itself a hit
     * ({@code jndi.nested-lookup}).
     */
    void lookups(String canon) {
        if (!need(Rule.JNDI_LOOKUP_RULE) && !need(Rule.JNDI_NESTED)) {
            return;
        }
        text(canon);
        int i = canon.indexOf("${");
        w.ops += i < 0 ? n : i;
        while (i >= 0 && i < n) {
            if (s.charAt(i) == '$' && at(i + 1) == '{') {
                i = lookup(i);
            } else {
                w.ops++;
                i++;
            }
            if (!need(Rule.JNDI_LOOKUP_RULE) && !need(Rule.JNDI_NESTED)) {
                return;
            }
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

    // ------------------------------------------------------------------------------------------
    // Pass B: the SQL form (block and line comments removed)
    // ------------------------------------------------------------------------------------------

    void passB(String sql) {
        text(sql);
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
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            w.ops++;
            switch (c) {
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
                case 'u', 's', 'b', 'p', 'w', 'd', 'i', 'x', 'e' -> {
                    if (sqlWordStart(i)) {
                        keyword(i, c);
                    }
                }
                default -> {
                }
            }
        }
    }

    private boolean sqlWordStart(int i) {
        if (i == 0) {
            return true;
        }
        char p = s.charAt(i - 1);
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
        if (p >= 0 && isBlank(s.charAt(p))) {
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
                    opText = s.substring(start, k);
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
            opText = s.substring(start, k);
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
        opText = s.substring(start, k);
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
