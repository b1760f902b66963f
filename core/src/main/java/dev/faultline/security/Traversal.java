package dev.faultline.security;

/**
 * Path traversal: {@code ../} steps (with {@code ..;/} and backslashes; a body needs two steps up,
 * since relative links in text are common) and the absolute paths of sensitive system files, where
 * each separator may be doubled or mixed. Triggers at {@code .}, {@code /} and {@code \\}; each check
 * reads a bounded window.
 */
final class Traversal extends Family {

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


    @Override
    long rules() {
        return mask(Rule.TRAVERSAL_DOT_DOT, Rule.TRAVERSAL_SENSITIVE_FILE);
    }

    @Override
    String relevantChars() {
        return "./\\";
    }

    @Override
    boolean relevant(Cursor t) {
        return t.has('.') || t.has('/') || t.has('\\');
    }

    @Override
    String triggers() {
        return "./\\";
    }

    @Override
    void visit(int i, char ch) {
        if (ch == '.') {
            dotDot(i);
        } else {
            sensitiveFile(i);
        }
    }

    /**
     * False when no rule of this family can start at {@code a[i]} (a dot, a slash or a backslash) for
     * what follows it: a dot starts one only before another dot, a separator only before another
     * separator or a char that starts a sensitive file's name. The scanner's fused loop asks this
     * before it visits (it reads one char), so that decimals, host names and URL paths cost nothing.
     */
    static boolean mayStart(char[] a, int n, int i, char ch) {
        char next = i + 1 < n ? a[i + 1] : '\0';
        if (ch == '.') {
            return next == '.';
        }
        return isSep(next) || (next < 128 && SENSITIVE_FILE_STARTS[next]);
    }

    /** At a dot (where another dot follows: see {@link #mayStart}). */
    private void dotDot(int i) {
        if (!need(Rule.TRAVERSAL_DOT_DOT) || at(i + 1) != '.') {
            return;
        }
        char c = at(i + 2);
        if (c == '/' || c == '\\' || (c == ';' && (at(i + 3) == '/' || at(i + 3) == '\\'))) {
            if (part == Cursor.Part.BODY && !(at(i + 3) == '.' && at(i + 4) == '.' && isSep(at(i + 5)))) {
                return; // a relative link in running text; bodies need two steps up
            }
            hit(Rule.TRAVERSAL_DOT_DOT);
        } else if (c == '\0' && (i == 0 || a[i - 1] == '/' || a[i - 1] == '\\')) {
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


}
