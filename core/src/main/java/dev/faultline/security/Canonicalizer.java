package dev.faultline.security;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns an untrusted value into the canonical forms the rules match on. Every method is a single
 * left-to-right pass whose work is linear in its input and charged to a {@link Work} counter; no
 * regular expression is used. No output is longer than its input (every decoding shrinks or keeps the
 * length, every normalisation maps one char to at most one char), so {@code r} rounds cost at most
 * {@code r} times the input.
 */
final class Canonicalizer {

    /** Counts characters processed; the scanner's unit of work. Not thread-safe: one per scan. */
    static final class Work {
        long ops;
    }

    /** Named HTML character references decoded; the legacy few also without the semicolon. */
    private static final Map<String, String> ENTITIES = new HashMap<>();
    private static final String[] LEGACY = {"lt", "gt", "amp", "quot", "LT", "GT", "AMP", "QUOT"};
    private static final int MAX_ENTITY_NAME = 10;

    static {
        String[][] table = {
            {"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"quot", "\""}, {"LT", "<"}, {"GT", ">"},
            {"AMP", "&"}, {"QUOT", "\""}, {"apos", "'"}, {"sol", "/"}, {"bsol", "\\"}, {"colon", ":"},
            {"semi", ";"}, {"lpar", "("}, {"rpar", ")"}, {"equals", "="}, {"grave", "`"},
            {"DiacriticalGrave", "`"}, {"dollar", "$"}, {"lcub", "{"}, {"lbrace", "{"}, {"rcub", "}"},
            {"rbrace", "}"}, {"excl", "!"}, {"num", "#"}, {"percnt", "%"}, {"plus", "+"},
            {"comma", ","}, {"period", "."}, {"Tab", "\t"}, {"NewLine", "\n"}, {"nbsp", "\u00a0"},
            {"ast", "*"}, {"midast", "*"}, {"lsqb", "["}, {"lbrack", "["}, {"rsqb", "]"},
            {"rbrack", "]"}, {"verbar", "|"}, {"vert", "|"}, {"VerticalLine", "|"}, {"quest", "?"},
            {"commat", "@"}, {"lowbar", "_"}, {"UnderBar", "_"}, {"Hat", "^"}, {"hyphen", "-"},
            {"dash", "-"}, {"fjlig", "fj"},
        };
        for (String[] e : table) {
            ENTITIES.put(e[0], e[1]);
        }
    }

    // ------------------------------------------------------------------------------------------
    // The fused pass: one decoding round and normalisation, char[] to char[]
    // ------------------------------------------------------------------------------------------

    /** Named references, as parallel arrays (matched without allocating, case-insensitively). */
    private static final char[][] ENTITY_NAMES;
    private static final String[] ENTITY_VALUES;

    static {
        ENTITY_NAMES = new char[ENTITIES.size()][];
        ENTITY_VALUES = new String[ENTITIES.size()];
        int k = 0;
        for (Map.Entry<String, String> e : ENTITIES.entrySet()) {
            ENTITY_NAMES[k] = e.getKey().toCharArray();
            ENTITY_VALUES[k] = e.getValue();
            k++;
        }
    }

    // per-instance state: an instance is reused by one thread, scan after scan
    private char[] d = new char[0];
    private int len;
    private boolean structural;
    private boolean normalizing;
    private byte[] bytes = new byte[0];
    /** In a {@link #pass} result: the pass changed the text beyond case and whitespace. */
    static final long CHANGED = 1L << 32;
    /** In a {@link #pass} result: a further round might decode more. */
    static final long MORE = 1L << 33;

    /*
     * The normalising pass reads ASCII through a table per mode (a long per char): the char it writes
     * (lower-cased), what it is, and a bit that says the pass wrote it. Chars flagged SPECIAL (escape
     * starts where decoding, line breaks, control chars) and whitespace right after whitespace leave the
     * table loop for the general code; for the others the loop has no data-dependent branch, so runs of
     * text cost a few cycles a char whatever the length of their words.
     */
    private static final long OUT = 0x7f; // the char written (bits 7 to 15 of an entry it writes are 0: (char) f is the char)
    private static final long SPECIAL = 1 << 8; // handled outside the table loop (never written from the table)
    private static final long WS = 1 << 16; // whitespace: collapsed into one space
    private static final long STRUCT = 1 << 20; // a decoding ('+' as a space)
    /**
     * An entry shifted right by this many bits is what ends the table loop at the next char: every
     * entry has {@link #NEXT_SPECIAL} and whitespace has {@link #NEXT_WS}, which the shift turns into
     * {@link #SPECIAL} and {@link #WS}; nothing else the shift brings down meets a bit an entry can
     * have (bits 44 to 50 of an entry are 0, so the char bits meet nothing; bits 51 to 59 come down
     * on bits 7 to 15, 0 in any entry that is not SPECIAL; bits 61 to 63 on bits 17 to 19, never in
     * an entry). One shift per char instead of composing the mask. Checked at class initialisation.
     */
    private static final int STOP_SHIFT = 44;
    private static final long NEXT_SPECIAL = SPECIAL << STOP_SHIFT;
    private static final long NEXT_WS = WS << STOP_SHIFT;
    private static final long IS_LETTER = 1L << 62; // an ASCII letter (for marks at word starts)
    private static final long IS_MARK = 1L << 63; // a char of the mark table

    /**
     * For each ASCII char but letters and digits, a bit of {@link #seenBits}; 0 for letters and digits.
     * The table entries leave 32 bits for them, for 34 chars: two pairs of chars no rule asks about
     * ({@code ! ?} and {@code ^ ~}) share a bit (a set bit means "may hold").
     */
    static final byte[] SEEN_BIT = new byte[128];

    /** In {@link #seenBits}: the pass wrote a non-ASCII char (a bit no table entry has). */
    static final long NON_ASCII = 1L << 17;
    /** In {@link #seenBits}: every char but ASCII letters and digits. */
    static final long NOT_ALNUM;

    static {
        int[] free = new int[32];
        int k = 0;
        for (int bit = 21; bit <= 43; bit++) {
            free[k++] = bit;
        }
        free[k++] = 51;
        for (int bit = 53; bit <= 59; bit++) {
            free[k++] = bit;
        }
        free[k++] = 61;
        k = 0;
        long all = NON_ASCII;
        for (char c = 0; c < 128; c++) {
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && (c == '\n' || (c >= ' ' && c < 0x7f))) {
                SEEN_BIT[c] = c == '?' ? SEEN_BIT['!'] : c == '~' ? SEEN_BIT['^'] : (byte) free[k++];
                all |= 1L << SEEN_BIT[c];
            }
        }
        NOT_ALNUM = all;
    }

    /** The ASCII chars the last normalising pass wrote, as {@link #SEEN_BIT} bits (other bits: noise). */
    long seenBits;

    /** True when {@code seen} (bits as in {@link #seenBits}) may hold the ASCII char {@code ch}; letters and digits always may. */
    static boolean seen(long seen, char ch) {
        int b = SEEN_BIT[ch];
        return b == 0 || ((seen >>> b) & 1) != 0;
    }

    /**
     * The ASCII chars whose positions the normalising pass records ({@link #markBits}): the chars at
     * which some attack family starts a rule (the union of their {@link Family#triggers()}; the
     * scanner checks at start-up that none is missing).
     */
    static final String MARK_CHARS = "<\"'`=jvdsuwbpeix;@./\\$|&\n";
    private static final boolean[] MARK_TABLE = new boolean[128];
    /**
     * Per mode (decode with '+', decode without, no decoding): the table of the normalising pass, read
     * at the char's low byte (no bounds check, and no clamp: an OR per char instead of a compare and a
     * conditional move): entries 128 to 255, the non-ASCII chars of Latin-1, are {@link #SPECIAL}. A
     * char from 256 up reads the entry of its low byte, so a block of 32 chars that holds one is
     * written again by the general code (see {@link #pass}); values that are Latin-1 throughout, as
     * most query strings and headers are, never pay for that.
     */
    private static final long[] DECODE_PLUS = new long[256];
    private static final long[] DECODE_NO_PLUS = new long[256];
    private static final long[] NO_DECODE = new long[256];
    /**
     * The two {@link #markBits} bits of each ASCII char at the top of a long (an entry's
     * {@link #IS_LETTER} and {@link #IS_MARK}, the same in every mode), so that the table loop loads
     * them rather than masks them out of the entry: one load instead of two ALU operations a char.
     */
    private static final long[] TWO = new long[256];

    static {
        for (char c : MARK_CHARS.toCharArray()) {
            MARK_TABLE[c] = true;
        }
        for (int mode = 0; mode < 3; mode++) {
            long[] t = mode == 0 ? DECODE_PLUS : mode == 1 ? DECODE_NO_PLUS : NO_DECODE;
            for (char c = 0; c < 128; c++) {
                long f;
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                    f = (c | 0x20) | IS_LETTER | (MARK_TABLE[c | 0x20] ? IS_MARK : 0);
                } else if (c == ' ' || c == '\t' || c == '\u000b' || c == '\f' || (c == '+' && mode == 0)) {
                    f = ' ' | WS | (c == '+' ? STRUCT : 0) | (1L << SEEN_BIT[' ']) | (MARK_TABLE[' '] ? IS_MARK : 0);
                } else if (c < ' ' || c == 0x7f || (mode < 2 && (c == '%' || c == '&' || c == '\\'))) {
                    f = SPECIAL;
                } else {
                    f = c | (SEEN_BIT[c] == 0 ? 0 : 1L << SEEN_BIT[c]) | (MARK_TABLE[c] ? IS_MARK : 0);
                }
                t[c] = f | NEXT_SPECIAL | ((f & WS) != 0 ? NEXT_WS : 0);
            }
        }
        for (long[] t : new long[][] {DECODE_PLUS, DECODE_NO_PLUS, NO_DECODE}) {
            for (int c = 128; c < 256; c++) {
                t[c] = SPECIAL | NEXT_SPECIAL; // any non-ASCII char: special() writes it
            }
        }
        for (int c = 0; c < 128; c++) {
            TWO[c] = NO_DECODE[c] & (IS_LETTER | IS_MARK);
            if ((DECODE_PLUS[c] & SPECIAL) == 0 && (DECODE_PLUS[c] & (IS_LETTER | IS_MARK)) != TWO[c]
                    || (DECODE_NO_PLUS[c] & SPECIAL) == 0 && (DECODE_NO_PLUS[c] & (IS_LETTER | IS_MARK)) != TWO[c]) {
                throw new AssertionError("the mark bits of a char differ between modes: " + c);
            }
        }
        // the shift's promise (see STOP_SHIFT): for any two entries, only SPECIAL and WS meet
        for (long[] t : new long[][] {DECODE_PLUS, DECODE_NO_PLUS, NO_DECODE}) {
            for (long cur : t) {
                if ((cur & SPECIAL) == 0 && (cur & 0xff80) != 0) {
                    throw new AssertionError("an entry written from the table has bits 7 to 15");
                }
                for (long prev : t) {
                    if ((cur & (prev >>> STOP_SHIFT) & ~(SPECIAL | WS)) != 0) {
                        throw new AssertionError("table bits overlap");
                    }
                }
            }
        }
    }

    /**
     * What the last normalising pass wrote, two bits per char (32 chars a long, char {@code i} at bits
     * {@code 2 (i % 32)}): bit 0, an ASCII letter; bit 1, a char of {@link #MARK_CHARS}. See
     * {@link #marksAt(long[], int, long)} for the positions to visit.
     */
    long[] markBits = new long[16];

    private static final long EVEN = 0x5555555555555555L;

    /**
     * The positions to visit in block {@code k} of {@code bits} ({@link #markBits}): bit {@code 2j} set
     * for char {@code 32k + j} when it is a mark char and not a letter right after a letter (every
     * rule that starts at a letter starts at a word). {@code carry} is 1 when the char before the block
     * is a letter ({@code bits[k - 1] >>> 62 & 1}).
     */
    static long marksAt(long[] bits, int k, long carry) {
        long x = bits[k];
        long letters = x & EVEN;
        long marks = (x >>> 1) & EVEN;
        return marks & ~(letters & ((letters << 2) | carry));
    }

    /**
     * One pass over {@code src[0..n)} into {@code dst} (which must hold {@code n} chars and must not
     * be {@code src}): with {@code decode}, one round of decoding — percent escapes (as UTF-8, overlong
     * forms included, and {@code %uXXXX}), {@code +} to a space when {@code plus}, HTML character
     * references (named, decimal, hex; semicolon optional where browsers accept that) and
     * <code>&#92;uXXXX</code>; with {@code normalize}, each char written is normalised as it is written
     * (see {@link #normalize(String, Work)}), and the chars written are noted in {@link #seenBits} and
     * {@link #markBits}. The output is never longer than the input.
     *
     * <p>The table loop writes a block of 32 output chars at a time; a block in which it read a char
     * from 256 up (which the table, read at the low byte, does not tell apart from a Latin-1 char) is
     * written again char by char by the general code, so each input char is read at most twice.
     *
     * @return the output length, plus {@link #CHANGED} when the pass decoded an escape, dropped a char
     *     or folded a non-ASCII char to ASCII, and {@link #MORE} when it did and the output also holds a
     *     char an escape starts with; without {@code MORE}, a further round would find nothing to decode
     */
    long pass(char[] src, int n, char[] dst, boolean decode, boolean plus, boolean normalize, Work w) {
        this.d = dst;
        this.len = 0;
        this.structural = false;
        this.normalizing = normalize;
        this.seenBits = 0;
        w.ops += n;
        if (!normalize) {
            int i = 0;
            while (i < n) {
                i = special(src, n, i, decode, plus, w);
            }
            return len | (structural ? CHANGED | MORE : 0);
        }
        int blocks = (n >>> 5) + 1;
        if (markBits.length < blocks) {
            markBits = new long[Math.max(blocks, 2 * markBits.length)];
        }
        long[] t = !decode ? NO_DECODE : plus ? DECODE_PLUS : DECODE_NO_PLUS;
        long[] mb = markBits;
        int i = 0;
        int o = 0; // chars written
        long prev = 0; // the table entry of the char written last (WS matters)
        long acc = 0; // every table entry written, or-ed
        int escapes = 0; // %XX decoded here rather than in special()
        while (i < n) {
            // the table loop, up to the end of the output's block of 32 chars (one long of markBits);
            // the usual escape (%XX of an ASCII char) is decoded without leaving the block, so that
            // its cost is the loop's exit, not also the block's bits written and the block set up again
            int from = o;
            int end = (o | 31) + 1;
            long x = 0;
            long stop = SPECIAL | (prev & WS); // what ends the loop at the next char
            int i0 = i;
            long acc0 = acc;
            int escapes0 = escapes;
            int high = 0; // every char read by the table loop, or-ed: 256 or more when one was not Latin-1
            block:
            while (true) {
                int lim = Math.min(n, i + (end - o));
                int delta = i - o; // chars read but not written (escapes): constant in the loop
                for (; i < lim; i++) {
                    // read at the char's low byte, which is the char itself for Latin-1 (entries 128
                    // to 255 are SPECIAL: special() writes them); a char from 256 up may read the
                    // entry of another char, and the block is then written again below. One OR a
                    // char where a clamp was two operations
                    int r = src[i];
                    high |= r;
                    int c = r & 0xff;
                    long f = t[c];
                    if ((f & stop) != 0) {
                        // a char the table does not write: the usual escape (%XX of an ASCII char, not
                        // followed by another escape) is written here as the table loop writes a char,
                        // and the loop goes on; anything else is special()'s. Handled at this exit
                        // rather than after the loop, so that the loop's two exits need no second test
                        // to tell them apart (that test mispredicted as often as escapes and block ends mix)
                        o = i - delta;
                        if (!decode || src[i] != '%' || i + 2 >= n) {
                            break block;
                        }
                        int hi = src[i + 1];
                        int lo = src[i + 2];
                        if ((hi | lo) >= 128) {
                            break block;
                        }
                        // negative when either is not a hex digit: one test rules out that and a non-ASCII byte
                        int b = (HEX_DIGIT[hi] << 4) | HEX_DIGIT[lo];
                        if ((b & ~0x7f) != 0 || (i + 3 < n && src[i + 3] == '%')) {
                            break block;
                        }
                        long e = NO_DECODE[b];
                        if ((e & stop) != 0) {
                            break block;
                        }
                        dst[o++] = (char) e;
                        x = (x >>> 2) | (e & (IS_LETTER | IS_MARK));
                        acc |= e | STRUCT;
                        stop = e >>> STOP_SHIFT;
                        i += 3;
                        escapes++;
                        if (o == end) {
                            break block;
                        }
                        continue block;
                    }
                    dst[i - delta] = (char) f;
                    x = (x >>> 2) | TWO[c]; // the char's two bits enter at the top
                    acc |= f;
                    stop = f >>> STOP_SHIFT; // SPECIAL, and WS after whitespace (collapsed outside the loop)
                }
                o = i - delta; // the block is full or the input ends
                break;
            }
            if (high >= 256) {
                // the table loop read a char from 256 up as if it were its low byte: the block again,
                // each char through the general code (which the table loop matches char for char)
                i = i0;
                o = from;
                acc = acc0;
                escapes = escapes0;
                len = from;
                while (i < n && len < end) {
                    i = special(src, n, i, decode, plus, w);
                }
                o = len;
                char last = o == 0 ? '\0' : dst[o - 1];
                prev = last == ' ' || last == '\n' ? WS : 0;
                continue;
            }
            prev = stop & WS;
            // the k chars written are the top 2k bits of x: move them to their place in the block
            int k = o - from;
            x = k == 0 ? 0 : (x >>> (64 - 2 * k)) << ((from & 31) << 1);
            if ((from & 31) == 0) {
                mb[from >>> 5] = x; // a block's first char: the long held an earlier value's bits
            } else {
                mb[from >>> 5] |= x;
            }
            if (i < n && o < end) {
                len = o;
                i = special(src, n, i, decode, plus, w);
                o = len;
                char last = o == 0 ? '\0' : dst[o - 1];
                prev = last == ' ' || last == '\n' ? WS : 0;
            }
        }
        len = o;
        w.ops += 2L * escapes;
        seenBits |= acc;
        if ((acc & STRUCT) != 0) {
            structural = true;
        }
        // a further round decodes only at '%', '&' or '\\': without them in the output it would change nothing
        boolean more = structural && (seen(seenBits, '%') || seen(seenBits, '&') || seen(seenBits, '\\'));
        return len | (structural ? CHANGED : 0) | (more ? MORE : 0);
    }

    /**
     * {@link #pass} with normalisation but without the table loop: every char through the general code
     * ({@code special}, {@code emit}). For tests: the table loop and its inline escapes must write the
     * same text, marks and flags.
     */
    long passGeneral(char[] src, int n, char[] dst, boolean decode, boolean plus, Work w) {
        this.d = dst;
        this.len = 0;
        this.structural = false;
        this.normalizing = true;
        this.seenBits = 0;
        int blocks = (n >>> 5) + 1;
        if (markBits.length < blocks) {
            markBits = new long[Math.max(blocks, 2 * markBits.length)];
        }
        int i = 0;
        while (i < n) {
            i = special(src, n, i, decode, plus, w);
        }
        boolean more = structural && (seen(seenBits, '%') || seen(seenBits, '&') || seen(seenBits, '\\'));
        return len | (structural ? CHANGED : 0) | (more ? MORE : 0);
    }

    /** Decodes (when {@code decode}) and writes what starts at {@code src[i]}; returns the index after it. */
    private int special(char[] src, int n, int i, boolean decode, boolean plus, Work w) {
        char c = src[i];
        if (decode) {
            if (c == '%') {
                int b = hexByte(src, n, i + 1);
                if (b >= 0 && b < 0x80 && (i + 3 >= n || src[i + 3] != '%')) {
                    // one escaped ASCII char, the usual case
                    long f = normalizing ? NO_DECODE[b] : SPECIAL;
                    int l = len;
                    char last = l == 0 ? '\0' : d[l - 1];
                    if ((f & SPECIAL) == 0 && !((f & WS) != 0 && (last == ' ' || last == '\n'))) {
                        // as the table loop writes it
                        d[l] = (char) (f & OUT);
                        seenBits |= f;
                        mark(l, f >>> 62);
                        len = l + 1;
                    } else {
                        emit((char) b);
                    }
                    structural = true;
                    w.ops += 2;
                    return i + 3;
                }
                if (b >= 0) {
                    structural = true;
                    return percentRun(src, n, i, w);
                }
                if (i + 1 < n && (src[i + 1] == 'u' || src[i + 1] == 'U')) {
                    int v = hex4(src, n, i + 2);
                    if (v >= 0) {
                        emit((char) v);
                        structural = true;
                        w.ops += 5;
                        return i + 6;
                    }
                }
            } else if (c == '+' && plus) {
                emit(' ');
                structural = true;
                return i + 1;
            } else if (c == '&') {
                int j = entity(src, n, i, w);
                if (j > i) {
                    structural = true;
                    return j;
                }
            } else if (c == '\\' && i + 1 < n && (src[i + 1] == 'u' || src[i + 1] == 'U')) {
                int v = hex4(src, n, i + 2);
                if (v >= 0) {
                    emit((char) v);
                    structural = true;
                    w.ops += 5;
                    return i + 6;
                }
            }
        }
        emit(c);
        return i + 1;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Writes one char, normalised when normalising. */
    private void emit(char c) {
        if (!normalizing) {
            d[len++] = c;
            return;
        }
        if (c < 0x7f && c > ' ') {
            // printable ASCII
            put(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            return;
        }
        if (c == '\r' || c == '\n') {
            space(true);
            return;
        }
        if (isSpace(c)) {
            space(false);
            return;
        }
        if (isIgnorable(c)) {
            structural = true;
            return;
        }
        char f = fold(c);
        if (f < 0x80) {
            structural = true;
        }
        put(f);
    }

    /**
     * Writes whitespace: one space for each run of whitespace, or one line break when the run held a
     * CR or LF (the space already written for the run becomes a line break). Dropped chars do not end
     * a run.
     */
    private void space(boolean lineBreak) {
        int l = len;
        char last = l == 0 ? '\0' : d[l - 1];
        if (last == ' ' || last == '\n') {
            if (lineBreak && last == ' ') {
                d[l - 1] = '\n';
                seenBits |= 1L << SEEN_BIT['\n'];
                if (MARK_TABLE['\n']) {
                    markBits[(l - 1) >>> 5] |= 2L << ((l - 1) << 1); // (a char already written)
                }
            }
            return;
        }
        put(lineBreak ? '\n' : ' ');
    }

    /**
     * Sets the two {@link #markBits} bits of char {@code l}, written now: the first char of a block
     * replaces the long (left over from an earlier value), so that no pass has to clear the bitmap.
     */
    private void mark(int l, long two) {
        if ((l & 31) == 0) {
            markBits[l >>> 5] = two;
        } else {
            markBits[l >>> 5] |= two << (l << 1);
        }
    }

    /** Writes one normalised char, noting it in {@link #seenBits} and {@link #markBits}. */
    private void put(char c) {
        int l = len;
        if (c < 128) {
            seenBits |= 1L << SEEN_BIT[c]; // (bit 0 for letters and digits: noise)
            long two = (isAsciiLetter(c) ? 1 : 0) | (MARK_TABLE[c] ? 2 : 0);
            mark(l, two);
        } else {
            seenBits |= NON_ASCII;
            mark(l, 0);
        }
        d[l] = c;
        len = l + 1;
    }

    /** Appends a code point (one or two chars). */
    private void emitCodePoint(int cp) {
        if (cp < 0x10000) {
            emit((char) cp);
        } else {
            emit(Character.highSurrogate(cp));
            emit(Character.lowSurrogate(cp));
        }
    }

    /** The byte of two hex digits at {@code s[i..i+2)}, or -1. */
    private static int hexByte(char[] s, int n, int i) {
        if (i + 1 >= n) {
            return -1;
        }
        char h = s[i];
        char l = s[i + 1];
        int v = h < 128 && l < 128 ? (HEX_DIGIT[h] << 4) | HEX_DIGIT[l] : -1;
        return v < 0 ? -1 : v;
    }

    /** The value of an ASCII hex digit; -256 for any other char, so that a pair holding one is negative. */
    private static final int[] HEX_DIGIT = new int[128];

    static {
        for (char c = 0; c < 128; c++) {
            HEX_DIGIT[c] = hex(c) < 0 ? -256 : hex(c);
        }
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The value of four hex digits at {@code s[i..i+4)}, or -1. */
    private static int hex4(char[] s, int n, int i) {
        if (i + 4 > n) {
            return -1;
        }
        int v = 0;
        for (int k = i; k < i + 4; k++) {
            int dg = hex(s[k]);
            if (dg < 0) {
                return -1;
            }
            v = (v << 4) | dg;
        }
        return v;
    }

    /**
     * Decodes the run of {@code %XX} escapes starting at {@code start} as UTF-8, leniently: overlong
     * encodings decode to the character they spell ({@code %c0%ae} is {@code .}, as some servers
     * decoded them); a byte that starts no well-formed sequence is kept as its escape text.
     */
    private int percentRun(char[] s, int n, int start, Work w) {
        int k = 0;
        int i = start;
        if (bytes.length < (n - start) / 3 + 1) {
            bytes = new byte[(n - start) / 3 + 1];
        }
        while (i < n && s[i] == '%') {
            int b = hexByte(s, n, i + 1);
            if (b < 0) {
                break;
            }
            bytes[k++] = (byte) b;
            i += 3;
        }
        w.ops += i - start;
        int j = 0;
        while (j < k) {
            int b = bytes[j] & 0xff;
            int need;
            int cp;
            if (b < 0x80) {
                need = 0;
                cp = b;
            } else if (b >= 0xc0 && b <= 0xdf) {
                need = 1;
                cp = b & 0x1f;
            } else if (b >= 0xe0 && b <= 0xef) {
                need = 2;
                cp = b & 0x0f;
            } else if (b >= 0xf0 && b <= 0xf7) {
                need = 3;
                cp = b & 0x07;
            } else {
                need = -1;
                cp = 0;
            }
            boolean ok = need >= 0 && j + need < k;
            for (int m = 1; ok && m <= need; m++) {
                int cb = bytes[j + m] & 0xff;
                if (cb < 0x80 || cb > 0xbf) {
                    ok = false;
                } else {
                    cp = (cp << 6) | (cb & 0x3f);
                }
            }
            if (ok && cp <= Character.MAX_CODE_POINT) {
                emitCodePoint(cp);
                j += need + 1;
            } else {
                int at = start + 3 * j;
                emit(s[at]);
                emit(s[at + 1]);
                emit(s[at + 2]);
                j++;
            }
        }
        return i;
    }

    /**
     * Decodes a character reference at {@code s[i] == '&'}; returns the index after it, or {@code i}
     * when there is none (the caller then copies the {@code &}).
     */
    private int entity(char[] s, int n, int i, Work w) {
        int j = i + 1;
        if (j < n && s[j] == '#') {
            j++;
            int radix = 10;
            if (j < n && (s[j] == 'x' || s[j] == 'X')) {
                radix = 16;
                j++;
            }
            int digitsStart = j;
            while (j < n && s[j] == '0') {
                j++;
            }
            long v = 0;
            while (j < n) {
                int dg = hex(s[j]);
                if (dg < 0 || dg >= radix) {
                    break;
                }
                if (v <= Character.MAX_CODE_POINT) {
                    v = v * radix + dg;
                }
                j++;
            }
            w.ops += j - i;
            if (j == digitsStart) {
                return i;
            }
            if (j < n && s[j] == ';') {
                j++;
            }
            emitCodePoint(v == 0 || v > Character.MAX_CODE_POINT ? 0xfffd : (int) v);
            return j;
        }
        int start = j;
        while (j < n && j - start < MAX_ENTITY_NAME && isAsciiLetterOrDigit(s[j])) {
            j++;
        }
        w.ops += j - i;
        if (j == start) {
            return i;
        }
        if (j < n && s[j] == ';') {
            for (int e = 0; e < ENTITY_NAMES.length; e++) {
                if (sameName(ENTITY_NAMES[e], s, start, j)) {
                    emitAll(ENTITY_VALUES[e]);
                    return j + 1;
                }
            }
        }
        for (String legacy : LEGACY) {
            if (start + legacy.length() <= n && sameName(legacy, s, start)) {
                emitAll(ENTITIES.get(legacy));
                return start + legacy.length();
            }
        }
        return i;
    }

    private void emitAll(String v) {
        for (int k = 0; k < v.length(); k++) {
            emit(v.charAt(k));
        }
    }

    /** {@code name} equals {@code s[from..to)}, ignoring ASCII case. */
    private static boolean sameName(char[] name, char[] s, int from, int to) {
        if (to - from != name.length) {
            return false;
        }
        for (int k = 0; k < name.length; k++) {
            if ((name[k] | 0x20) != (s[from + k] | 0x20)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameName(String name, char[] s, int from) {
        for (int k = 0; k < name.length(); k++) {
            if ((name.charAt(k) | 0x20) != (s[from + k] | 0x20)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    // ------------------------------------------------------------------------------------------
    // String forms, for tests and for the parameter names of the request scanner
    // ------------------------------------------------------------------------------------------

    /** One round of decoding ({@code +} is a space), without normalisation; {@code s} itself when nothing changed. */
    static String decodeRound(String s, Work w) {
        return decodeRound(s, w, true);
    }

    /**
     * One round; {@code plus} says whether {@code +} means a space, which is true only in the first
     * round: a {@code +} that decoding produced ({@code %2B}) is a plus sign.
     */
    static String decodeRound(String s, Work w, boolean plus) {
        return run(s, true, plus, false, w);
    }

    /**
     * Lower-cases (per char, locale-independent), folds full-width ASCII and a few look-alike slashes,
     * dots and angle brackets to ASCII, drops control and zero-width characters, and collapses each
     * run of whitespace into one space, or one {@code '\n'} when the run held a CR or LF (so line
     * breaks stay visible to the CRLF and command rules). Lone surrogates pass through.
     */
    static String normalize(String s, Work w) {
        return run(s, false, false, true, w);
    }

    private static String run(String s, boolean decode, boolean plus, boolean normalize, Work w) {
        char[] src = s.toCharArray();
        char[] dst = new char[src.length];
        int n = (int) new Canonicalizer().pass(src, src.length, dst, decode, plus, normalize, w);
        return n == src.length && java.util.Arrays.equals(src, 0, n, dst, 0, n) ? s : new String(dst, 0, n);
    }

    // ------------------------------------------------------------------------------------------
    // Normalisation
    // ------------------------------------------------------------------------------------------

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u000b' || c == '\f' || c == '\u00a0' || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200a') || c == '\u2028' || c == '\u2029' || c == '\u202f'
                || c == '\u205f' || c == '\u3000' || c == '\u0085';
    }

    private static boolean isIgnorable(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u00ad' || (c >= '\u200b' && c <= '\u200d')
                || c == '\u2060' || c == '\ufeff' || c == '\u180e';
    }

    private static char fold(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        if (c >= '\uff01' && c <= '\uff5e') {
            return fold((char) (c - 0xfee0));
        }
        switch (c) {
            case '\u2215', '\u2044', '\u29f8' -> {
                return '/';
            }
            case '\u2216', '\ufe68', '\u29f9' -> {
                return '\\';
            }
            case '\u2024', '\ufe52' -> {
                return '.';
            }
            case '\ufe64', '\u2039', '\u00ab' -> {
                return '<';
            }
            case '\ufe65', '\u203a', '\u00bb' -> {
                return '>';
            }
            default -> {
                return Character.isSurrogate(c) ? c : Character.toLowerCase(c);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // SQL comments
    // ------------------------------------------------------------------------------------------

    /**
     * Replaces each {@code /* ... *}{@code /} comment by one space; keeps the content of MySQL's
     * executable comments ({@code /*!50000union*}{@code /} is {@code union}). An unterminated
     * {@code /*} is kept as text (once a search for the end failed, no later one is tried, so the
     * pass stays linear). Writes {@code src[0..n)} into {@code dst}; returns the length, or -1 when
     * the text has no comment (and {@code dst} was not written: use {@code src}).
     */
    static int stripBlockComments(char[] src, int n, char[] dst, Work w) {
        w.ops += n;
        boolean any = false;
        for (int i = 0; i + 1 < n; i++) {
            if ((src[i] == '/' && src[i + 1] == '*') || (src[i] == '*' && src[i + 1] == '/')) {
                any = true;
                break;
            }
        }
        if (!any) {
            return -1;
        }
        int len = 0;
        boolean noClose = false;
        int i = 0;
        while (i < n) {
            char c = src[i];
            w.ops++;
            if (c == '/' && i + 1 < n && src[i + 1] == '*') {
                if (i + 2 < n && src[i + 2] == '!') {
                    int j = i + 3;
                    while (j < n && j < i + 9 && src[j] >= '0' && src[j] <= '9') {
                        j++;
                    }
                    w.ops += j - i;
                    len = space(dst, len);
                    i = j;
                    continue;
                }
                if (!noClose) {
                    int close = -1;
                    for (int k = i + 2; k + 1 < n; k++) {
                        if (src[k] == '*' && src[k + 1] == '/') {
                            close = k;
                            break;
                        }
                    }
                    if (close >= 0) {
                        w.ops += close + 2 - i;
                        len = space(dst, len);
                        i = close + 2;
                        continue;
                    }
                    w.ops += n - i;
                    noClose = true;
                }
                dst[len++] = c;
                i++;
            } else if (c == '*' && i + 1 < n && src[i + 1] == '/') {
                len = space(dst, len);
                i += 2;
            } else if (c == ' ') {
                len = space(dst, len);
                i++;
            } else {
                dst[len++] = c;
                i++;
            }
        }
        return len;
    }

    /**
     * Replaces each {@code --} and {@code #} comment, up to the end of its line, by one space. Returns
     * the length written to {@code dst}, or -1 when there is no such comment (use {@code src}).
     */
    static int stripLineComments(char[] src, int n, char[] dst, Work w) {
        w.ops += 2L * n;
        boolean any = false;
        for (int i = 0; i < n; i++) {
            if (src[i] == '#' || (src[i] == '-' && i + 1 < n && src[i + 1] == '-')) {
                any = true;
                break;
            }
        }
        if (!any) {
            return -1;
        }
        int len = 0;
        int i = 0;
        while (i < n) {
            char c = src[i];
            if (c == '#' || (c == '-' && i + 1 < n && src[i + 1] == '-')) {
                int j = i + 1;
                while (j < n && src[j] != '\n') {
                    j++;
                }
                len = space(dst, len);
                i = j;
            } else if (c == ' ') {
                len = space(dst, len);
                i++;
            } else {
                dst[len++] = c;
                i++;
            }
        }
        return len;
    }

    private static int space(char[] out, int len) {
        if (len == 0 || (out[len - 1] != ' ' && out[len - 1] != '\n')) {
            out[len++] = ' ';
        }
        return len;
    }

    /** {@link #stripBlockComments(char[], int, char[], Work)} on a String, for tests. */
    static String stripBlockComments(String s, Work w) {
        char[] dst = new char[s.length()];
        int len = stripBlockComments(s.toCharArray(), s.length(), dst, w);
        return len < 0 ? s : new String(dst, 0, len);
    }

    /** {@link #stripLineComments(char[], int, char[], Work)} on a String, for tests. */
    static String stripLineComments(String s, Work w) {
        char[] dst = new char[s.length()];
        int len = stripLineComments(s.toCharArray(), s.length(), dst, w);
        return len < 0 ? s : new String(dst, 0, len);
    }
}
