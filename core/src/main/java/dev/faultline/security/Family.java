package dev.faultline.security;

/**
 * One attack family: reads the canonical text of a value through a shared {@link Cursor} and reports
 * the rules it found. Not thread-safe: each scan in progress has its own instances (see
 * {@code SignatureScanner.Scratch}). Every char a family reads is charged to the cursor's work
 * counter, so tests can check the scan stays linear.
 */
abstract class Family {

    Cursor c = new Cursor();
    char[] a = new char[0];
    int n;
    Canonicalizer.Work w = new Canonicalizer.Work();
    Cursor.Part part = Cursor.Part.QUERY;
    private long enabled;
    private long found;
    private long rulesMask;

    /** Scans {@code cursor}'s text for the rules in {@code enabledRules} on its own; returns those found. */
    final long run(Cursor cursor, long enabledRules) {
        if (prepare(cursor, enabledRules)) {
            scan();
        }
        return found;
    }

    /**
     * Sets the family up for one value; false when it has nothing to look for in it (its rules are off,
     * or the text lacks every char they start at). Then either {@link #scan()} runs it alone, or the
     * scanner's fused loop calls {@link #begin()}, {@link #visit} at each of its {@link #triggers()}
     * and {@link #end()}.
     */
    boolean prepare(Cursor cursor, long enabledRules) {
        this.c = cursor;
        this.a = cursor.a;
        this.n = cursor.n;
        this.w = cursor.w;
        this.part = cursor.part;
        this.enabled = enabledRules;
        this.found = 0;
        if (rulesMask == 0) {
            rulesMask = rules();
        }
        return (enabledRules & rulesMask) != 0 && relevant(cursor);
    }

    /** The rules found so far. */
    final long found() {
        return found;
    }

    /** The rules of this family, as a bit mask of {@link Rule} ordinals. */
    abstract long rules();

    /**
     * The ASCII chars at which {@link #visit} must be called. In the scanner's fused loop a letter is
     * visited only where the char before it is not an ASCII letter (every rule that starts at a letter
     * starts at a word), so a visit at a letter right after a letter must find nothing; and every
     * trigger must be one of {@link Canonicalizer#MARK_CHARS}, the chars the decoder marks.
     */
    abstract String triggers();

    /** Before the first visit. */
    void begin() {
    }

    /** At {@code a[i] == ch}, one of the {@link #triggers()}, in text order. */
    abstract void visit(int i, char ch);

    /** After the last visit. */
    void end() {
    }

    /** False when the family must run alone ({@link #scan()}) for this value rather than in the fused loop. */
    boolean fused() {
        return true;
    }

    /** The family alone: begin, a visit at each trigger, end. */
    void scan() {
        boolean[] t = triggerTable();
        begin();
        w.ops += n; // each char once, here; the checks charge what they read
        for (int i = 0; i < n && needAny(); i++) {
            char ch = a[i];
            if (ch < 128 && t[ch]) {
                visit(i, ch);
            }
        }
        end();
    }

    private boolean[] table;

    final boolean[] triggerTable() {
        if (table == null) {
            boolean[] t = new boolean[128];
            for (char ch : triggers().toCharArray()) {
                t[ch] = true;
            }
            table = t;
        }
        return table;
    }

    /**
     * False when the text lacks every char this family's rules start at (see {@link Cursor#has}), so
     * that the scan can be skipped; true by default.
     */
    boolean relevant(Cursor text) {
        return true;
    }

    /**
     * ASCII chars of which the text must hold one for {@link #relevant} to be true ({@code ""}: no
     * such condition); the scanner checks them against the decoder's bits before it prepares the family.
     */
    String relevantChars() {
        return "";
    }

    private long relevantBits = -2;

    /** {@link #relevantChars()} as {@link Canonicalizer#SEEN_BIT} bits; 0 when there is no condition. */
    final long relevantBits() {
        if (relevantBits == -2) {
            long b = 0;
            for (char ch : relevantChars().toCharArray()) {
                b |= 1L << Canonicalizer.SEEN_BIT[ch];
            }
            relevantBits = b;
        }
        return relevantBits;
    }

    final boolean need(Rule r) {
        long bit = 1L << r.ordinal();
        return (enabled & bit) != 0 && (found & bit) == 0;
    }

    final boolean needAny() {
        return (enabled & rulesMask & ~found) != 0;
    }

    final long enabled() {
        return enabled;
    }

    /** Records every rule of {@code mask} that is enabled. */
    final void hitAll(long mask) {
        found |= mask & enabled;
    }

    final void hit(Rule r) {
        found |= 1L << r.ordinal();
    }

    /** The char at {@code i}, or {@code '\0'} outside the text (NUL never occurs in canonical text). */
    final char at(int i) {
        w.ops++;
        return i >= 0 && i < n ? a[i] : '\0';
    }

    final boolean lit(int i, String p) {
        for (int k = 0; k < p.length(); k++) {
            if (at(i + k) != p.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    final boolean startsWith(String p, int i) {
        if (i < 0 || i + p.length() > n) {
            return false;
        }
        for (int k = 0; k < p.length(); k++) {
            if (a[i + k] != p.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    final String substring(int s, int e) {
        return new String(a, s, e - s);
    }

    static long mask(Rule... rules) {
        long m = 0;
        for (Rule r : rules) {
            m |= 1L << r.ordinal();
        }
        return m;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c > 0x7f && Character.isLetter(c));
    }

    static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || isDigit(c);
    }

    /** A char that continues a word: letter, digit or underscore. */
    static boolean isWord(char c) {
        return isAlnum(c) || c == '_' || (c > 0x7f && Character.isLetterOrDigit(c));
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\n';
    }

    static boolean isSep(char c) {
        return c == '/' || c == '\\';
    }
}
