package dev.faultline.security;

import java.util.HashMap;
import java.util.Map;

/**
 * Command injection: a shell separator ({@code ;}, {@code |}, {@code ||}, {@code &&}, a spaced
 * {@code &}, a line break outside bodies) or substitution ({@code `...`}, {@code $(...)}) followed by
 * a known command whose arguments look like a command line, and {@code $IFS} used as a separator.
 * Each check reads a bounded window after its trigger char.
 */
final class Command extends Family {

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

    /** {@link #COMMANDS}, looked up by a slice of the text without allocating. */
    private static final WordTable COMMAND_TABLE = new WordTable(COMMANDS);

    private int cmdFlags;

    @Override
    long rules() {
        return mask(Rule.CMD_SHELL_METACHAR, Rule.CMD_SUBSTITUTION, Rule.CMD_IFS);
    }

    @Override
    String relevantChars() {
        return "$;|&`\n";
    }

    @Override
    boolean relevant(Cursor t) {
        return t.has('$') || t.has(';') || t.has('|') || t.has('&') || t.has('`') || t.has('\n');
    }

    @Override
    String triggers() {
        return "$;|&`\n";
    }

    @Override
    void visit(int i, char ch) {
        if (ch == '$') {
            dollar(i);
        } else {
            separator(i);
        }
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
        char c = a[i];
        int j;
        Rule rule = Rule.CMD_SHELL_METACHAR;
        switch (c) {
            case ';' -> j = i + 1;
            case '|' -> {
                if (i > 0 && a[i - 1] == '|') {
                    return;
                }
                j = at(i + 1) == '|' ? i + 2 : i + 1;
            }
            case '&' -> {
                if (i > 0 && a[i - 1] == '&') {
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
                if (part == Cursor.Part.BODY) {
                    return;
                }
                j = i + 1;
            }
            case '`' -> {
                rule = Rule.CMD_SUBSTITUTION;
                char prev = at(i - 1);
                if (isBlank(prev) || (prev == '\0' && a[n - 1] != '`')) {
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
        int flags = COMMAND_TABLE.get(a, start, j, -1);
        w.ops += j - start;
        if (flags < 0) {
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

}
