package dev.faultline.security;

import dev.faultline.internal.Preconditions;
import dev.faultline.security.Canonicalizer.Work;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Scans untrusted strings for attack signatures (XSS, SQL injection, path traversal, command
 * injection, JNDI lookups, CRLF injection) in time linear in their length. Immutable and thread-safe;
 * one instance serves every request.
 *
 * <h2>How a value is scanned</h2>
 *
 * <ol>
 *   <li>At most {@link Builder#maxInputLength(int) maxInputLength} characters are scanned (default
 *       64 Ki). A longer value is scanned up to the cap and its location is listed in
 *       {@link ScanReport#truncated()}: whatever comes after the cap is not seen, so a policy that
 *       blocks may want to treat a truncated location as suspicious in itself.
 *   <li>Up to {@link Builder#maxDecodeRounds(int) maxDecodeRounds} rounds (default 3) of decoding
 *       and normalisation, each one fused pass from one char buffer to another (buffers the thread
 *       keeps between scans): percent escapes (as UTF-8, overlong forms like {@code %c0%ae} included,
 *       and {@code %uXXXX}), {@code +} to space (first round only), HTML character references
 *       ({@code &lt;}, {@code &#60;}, {@code &#x3c;}, with or without {@code ;} where browsers accept
 *       that) and <code>&#92;uXXXX</code>, each char written lower-cased, full-width and look-alike
 *       characters folded to ASCII, control and zero-width characters dropped, each run of whitespace
 *       collapsed to one space (or one line break when the run held CR or LF). Rounds stop early once
 *       nothing is left that a further round could decode.
 *   <li>Matching at the positions the last pass marked: the pass notes, two bits per char, the ASCII
 *       letters and the chars at which some family starts a rule; the matcher visits those (letters
 *       only at word starts), and a table per char names the attack families ({@link Xss},
 *       {@link Sql}, {@link Traversal}, {@link Command}, {@link Jndi}, {@link Crlf}) whose rules start
 *       there; those read a bounded window, or move forward only (tags, quoted values, SQL tokens). A
 *       family none of whose chars the text holds is skipped, and a short word of ASCII letters and
 *       digits is not matched at all (nor decoded, when it is such a word as received). SQL with
 *       comments is read, alone, without them as well. No regular expression runs on input.
 * </ol>
 *
 * <p><b>Cost.</b> Every pass is linear and no output is longer than its input, so the work for a
 * value of {@code n} characters is at most {@code c · (rounds + 4) · n} for a small constant {@code c};
 * no input makes it super-linear (see the {@link Family} subclasses for the rule windows). Scanning a
 * benign value allocates nothing once the scratch pool is warm.
 *
 * <p><b>Location rules.</b> The {@code location} passed to {@link #scan(String, String)} names where
 * the value came from and is copied into each finding; it also selects two rules: a line break
 * followed by {@code Name:} is a CRLF injection everywhere except in a body ({@code body...}), any line
 * break in the {@code path} is one, and a line break counts as a shell separator everywhere except in
 * a body (bodies are multi-line text).
 */
public final class SignatureScanner {

    /** Default number of decoding rounds. */
    public static final int DEFAULT_MAX_DECODE_ROUNDS = 3;
    /** The largest number of decoding rounds allowed. */
    public static final int MAX_DECODE_ROUNDS_LIMIT = 8;
    /** Default cap on the characters scanned per value: 64 Ki. */
    public static final int DEFAULT_MAX_INPUT_LENGTH = 64 * 1024;
    /** The largest cap allowed: 16 Mi characters. */
    public static final int MAX_INPUT_LENGTH_LIMIT = 16 * 1024 * 1024;

    private static final Set<AttackCategory> SIGNATURE_CATEGORIES = Collections.unmodifiableSet(
            EnumSet.complementOf(EnumSet.of(AttackCategory.RATE_LIMIT)));
    private static final SignatureScanner DEFAULT = builder().build();

    private final Set<AttackCategory> categories;
    private final long ruleMask;
    private final int maxDecodeRounds;
    private final int maxInputLength;

    private SignatureScanner(Builder b) {
        this.categories = Collections.unmodifiableSet(EnumSet.copyOf(b.categories));
        this.ruleMask = mask(b.categories);
        this.maxDecodeRounds = b.maxDecodeRounds;
        this.maxInputLength = b.maxInputLength;
    }

    /** The scanner with every category and the default limits. */
    public static SignatureScanner create() {
        return DEFAULT;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Scans one value.
     *
     * @param location where the value came from ({@code path}, {@code query:q}, {@code header:Referer},
     *     {@code body}); copied into each finding, never the value itself
     * @param value the raw value, as received (not yet decoded)
     * @return the findings, one per matching rule
     */
    public ScanReport scan(String location, String value) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(value, "value");
        ScanReport.Collector c = new ScanReport.Collector(Rule.values().length);
        scanInto(c, location, value, new Work());
        return c.build();
    }

    /** The categories this scanner looks for. */
    public Set<AttackCategory> categories() {
        return categories;
    }

    public int maxDecodeRounds() {
        return maxDecodeRounds;
    }

    public int maxInputLength() {
        return maxInputLength;
    }

    /** Set in a {@link #scanRange} result when the value was longer than the cap. */
    static final long TRUNCATED = 1L << 63;

    /**
     * Scratch for one scan at a time: the canonical text's two buffers, the decoder and one instance
     * of each attack family, reused scan after scan (see {@link ScratchPool}) so that scanning a
     * benign value allocates nothing.
     */
    static final class Scratch {
        /** Buffers above this many chars are dropped after the scan instead of kept in the pool. */
        static final int KEEP_CHARS = 16 * 1024;

        final Canonicalizer decoder = new Canonicalizer();
        /** For {@link RequestScanner}: a request's findings, work counter and header callback. */
        final ScanReport.Collector collector = new ScanReport.Collector(1);
        final Work work = new Work();
        final RequestScanner.HeaderScan headerScan = new RequestScanner.HeaderScan();
        final Cursor cursor = new Cursor();
        char[] x = new char[256];
        char[] y = new char[256];
        final Xss xss = new Xss();
        final Sql sql = new Sql();
        final Traversal traversal = new Traversal();
        final Command command = new Command();
        final Jndi jndi = new Jndi();
        final Crlf crlf = new Crlf();
        /** In this order: bit k of {@link #triggers} and of the active set is families[k]. */
        final Family[] families = {xss, sql, traversal, command, jndi, crlf};
        /** For each ASCII char, the families (bit k for families[k]) whose rules start at it. */
        final int[] triggers = new int[128];
        int rounds;

        /**
         * Extra bits for triggers that matter only when the value holds some char: the SQL rules'
         * letters with a '(' (sleep() ...) or a '_' (information_schema), the XSS checks outside tags
         * with an '=' (handlers, srcdoc) or a ':' (URLs).
         */
        static final int SQL_PAREN_LETTERS = 1 << 6;
        static final int SQL_UNDERSCORE_LETTERS = 1 << 7;
        static final int XSS_EQ = 1 << 8;
        static final int XSS_COLON = 1 << 9;

        Scratch() {
            for (int k = 0; k < families.length; k++) {
                boolean[] t = families[k].triggerTable();
                for (int ch = 0; ch < 128; ch++) {
                    if (t[ch]) {
                        triggers[ch] |= 1 << k;
                    }
                }
            }
            for (int ch = 0; ch < 128; ch++) {
                if (triggers[ch] != 0 && Canonicalizer.MARK_CHARS.indexOf(ch) < 0) {
                    throw new IllegalStateException("a family's trigger is not marked by the decoder: " + (char) ch);
                }
            }
            for (char ch : "./\\".toCharArray()) {
                if (triggers[ch] != 1 << 2) { // match() asks Traversal alone whether to visit there
                    throw new IllegalStateException("not Traversal's alone: " + ch);
                }
            }
            move("sbpde", 1 << 1, SQL_PAREN_LETTERS);
            move("ix", 1 << 1, SQL_UNDERSCORE_LETTERS);
            move("\"'`=s", 1, XSS_EQ);
            move("jvd", 1, XSS_COLON);
        }

        private void move(String chars, int from, int to) {
            for (char ch : chars.toCharArray()) {
                triggers[ch] = (triggers[ch] & ~from) | to;
            }
        }
        boolean stable;

        void ensure(int n) {
            if (x.length < n) {
                x = new char[n];
                y = new char[n];
            }
        }

        void shrink() {
            if (x.length > KEEP_CHARS) {
                x = new char[256];
                y = new char[256];
                cursor.a = x;
            }
            if (decoder.markBits.length > (KEEP_CHARS >>> 5) + 1) {
                decoder.markBits = new long[16];
            }
        }
    }

    /**
     * Scratches shared by all scanners: a small lock-free pool rather than a {@code ThreadLocal}, so
     * that a server running each request on a new virtual thread reuses them too. A scan takes one
     * (usually from the slot its thread used last) and gives it back; when all are taken, it makes one.
     */
    private static final ScratchPool SCRATCH = new ScratchPool(
            Integer.highestOneBit(Math.max(16, 4 * Runtime.getRuntime().availableProcessors()) - 1) << 1);

    static final class ScratchPool {
        /**
         * References between two slots: a slot is alone on its 64-byte cache line (16 compressed or 8
         * plain references), so that threads taking from their own slots do not invalidate each other's
         * line with every compare-and-set (under load, two I/O threads sharing one line spent about 4 %
         * of a request's CPU in these two CASes).
         */
        static final int STRIDE = 16;

        private final java.util.concurrent.atomic.AtomicReferenceArray<Scratch> slots;

        private final int mask;

        /** A pool of {@code size} slots, a power of two. */
        ScratchPool(int size) {
            if (Integer.bitCount(size) != 1) {
                throw Preconditions.invalid("size", "must be a power of two: " + size);
            }
            slots = new java.util.concurrent.atomic.AtomicReferenceArray<>(size * STRIDE);
            mask = size - 1;
        }

        @SuppressWarnings("deprecation") // Thread.threadId() is not in Java 17; getId() is the same number
        private int start() {
            return (int) Thread.currentThread().getId() & mask;
        }

        Scratch acquire() {
            int start = start();
            for (int k = 0; k <= mask; k++) {
                int i = ((start + k) & mask) * STRIDE;
                Scratch s = slots.get(i);
                if (s != null && slots.compareAndSet(i, s, null)) {
                    return s;
                }
            }
            return new Scratch();
        }

        /**
         * Puts {@code s} into a free slot with a release store rather than a compare-and-set (a plain
         * store on x86, where the CAS was a locked instruction of each request's scan): two threads that
         * find the same slot free may both store, and the first scratch is then dropped, which costs an
         * allocation later and nothing else. No scratch can end up in two places, since only its
         * holder gives it back, and only a CAS takes one out.
         */
        void release(Scratch s) {
            int start = start();
            for (int k = 0; k <= mask; k++) {
                int i = ((start + k) & mask) * STRIDE;
                if (slots.get(i) == null) {
                    slots.setRelease(i, s);
                    return;
                }
            }
        }
    }

    void scanInto(ScanReport.Collector out, String location, String value, Work w) {
        long r = scanRange(value, 0, value.length(), Cursor.Part.of(location), w);
        report(out, location, r);
    }

    /** Adds the findings (and truncation) of a {@link #scanRange} result at {@code location}. */
    static void report(ScanReport.Collector out, String location, long result) {
        if ((result & TRUNCATED) != 0) {
            out.truncated(location);
        }
        long found = result & ~TRUNCATED;
        if (found != 0) {
            for (Rule r : Rule.values()) {
                if ((found & (1L << r.ordinal())) != 0) {
                    out.add(r.at(location));
                }
            }
        }
    }

    /**
     * Scans {@code src[from..to)}; returns the rules found as a bit mask of {@link Rule} ordinals,
     * with {@link #TRUNCATED} set when the range was longer than the cap. Allocates nothing for a
     * value up to {@link Scratch#KEEP_CHARS} chars once the scratch pool is warm.
     */
    long scanRange(String src, int from, int to, Cursor.Part part, Work w) {
        if (ruleMask == 0 || to <= from) {
            return 0;
        }
        Scratch s = SCRATCH.acquire();
        try {
            return scanRange(s, src, from, to, part, w);
        } finally {
            s.shrink();
            SCRATCH.release(s);
        }
    }

    /** As {@link #scanRange(String, int, int, Cursor.Part, Work)} with a scratch the caller holds. */
    long scanRange(Scratch s, String src, int from, int to, Cursor.Part part, Work w) {
        if (ruleMask == 0 || to <= from) {
            return 0;
        }
        long result = 0;
        if (to - from > maxInputLength) {
            to = from + maxInputLength;
            result = TRUNCATED;
        }
        if (to - from <= Sql.ONE_WORD && plainWord(src, from, to)) {
            // a short word of ASCII letters and digits as received (a parameter name, a number, an id):
            // its canonical form is itself lower-cased, which the test below returns for; not copied
            w.ops += to - from;
            return result;
        }
        Cursor cur = canonicalize(s, src, from, to, w);
        if (cur.n <= Sql.ONE_WORD && (s.decoder.seenBits & Canonicalizer.NOT_ALNUM) == 0) {
            // a short word of ASCII letters and digits (a name, a number, an id): no rule can match it
            // (every rule needs a quote, a blank or punctuation, and the SQL parse skips one word)
            return result;
        }
        cur.part = part;
        return result | match(s, cur);
    }

    /** True when {@code src[from..to)} is ASCII letters and digits only. */
    static boolean plainWord(String src, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = src.charAt(k);
            int lower = c | 0x20;
            if (!(c >= '0' && c <= '9') && !(lower >= 'a' && lower <= 'z')) {
                return false;
            }
        }
        return true;
    }

    /** A scratch for a caller that scans several values in a row (a request); give it back with {@link #release}. */
    static Scratch acquire() {
        return SCRATCH.acquire();
    }

    static void release(Scratch s) {
        s.shrink();
        SCRATCH.release(s);
    }

    /**
     * Runs the families over the canonical text: the positions the decoder marked are handed to the
     * families that start a rule at that char (a table per char says which), in text order; the other
     * chars are not read here. A family that must read another form of the text (SQL with comments)
     * runs alone.
     */
    private long match(Scratch s, Cursor cur) {
        // each family set up at its own call sites (rather than in a loop over Family, whose calls
        // would be virtual and not inlined): this is a fixed cost of every value scanned
        long seen = cur.seen;
        long result = 0;
        int active = 0;
        Xss xss = s.xss;
        if (relevant(xss, seen) && xss.prepare(cur, ruleMask)) {
            active |= 1 | (cur.has('=') ? Scratch.XSS_EQ : 0) | (cur.has(':') ? Scratch.XSS_COLON : 0);
            xss.begin();
        }
        Sql sql = s.sql;
        if (relevant(sql, seen) && sql.prepare(cur, ruleMask)) {
            if (sql.fused()) {
                active |= (1 << 1) | (cur.has('(') ? Scratch.SQL_PAREN_LETTERS : 0)
                        | (cur.has('_') ? Scratch.SQL_UNDERSCORE_LETTERS : 0);
                sql.begin();
            } else {
                sql.scan(); // SQL with comments: read alone, with and without them
                result |= sql.found();
            }
        }
        Traversal traversal = s.traversal;
        if (relevant(traversal, seen) && traversal.prepare(cur, ruleMask)) {
            active |= 1 << 2;
            traversal.begin();
        }
        Command command = s.command;
        if (relevant(command, seen) && command.prepare(cur, ruleMask)) {
            active |= 1 << 3;
            command.begin();
        }
        Jndi jndi = s.jndi;
        if (relevant(jndi, seen) && jndi.prepare(cur, ruleMask)) {
            active |= 1 << 4;
            jndi.begin();
        }
        Crlf crlf = s.crlf;
        if (relevant(crlf, seen) && crlf.prepare(cur, ruleMask)) {
            active |= 1 << 5;
            crlf.begin();
        }
        if (active == 0) {
            return result;
        }
        // only the chars the decoder marked can start a rule: the rest of the text is not read here
        char[] a = cur.a;
        int n = cur.n;
        long[] bits = s.decoder.markBits;
        int[] triggers = s.triggers;
        int blocks = (n + 31) >>> 5;
        long ops = blocks;
        long carry = 0;
        for (int k = 0; k < blocks; k++) {
            long marks = Canonicalizer.marksAt(bits, k, carry);
            carry = (bits[k] >>> 62) & 1;
            ops += Long.bitCount(marks);
            while (marks != 0) {
                int i = (k << 5) | (Long.numberOfTrailingZeros(marks) >>> 1);
                marks &= marks - 1;
                char ch = a[i];
                int m = triggers[ch] & active;
                if (m == 0 || ((ch == '.' || ch == '/' || ch == '\\') && !Traversal.mayStart(a, n, i, ch))) {
                    continue; // no family starts a rule at ch; at . / \ only Traversal, and not before what follows
                }
                do {
                    // a switch of direct calls rather than one virtual call site for six classes
                    switch (Integer.numberOfTrailingZeros(m)) {
                        case 0, 8, 9 -> xss.visit(i, ch);
                        case 1, 6, 7 -> sql.visit(i, ch);
                        case 2 -> traversal.visit(i, ch);
                        case 3 -> command.visit(i, ch);
                        case 4 -> jndi.visit(i, ch);
                        default -> crlf.visit(i, ch);
                    }
                    m &= m - 1;
                } while (m != 0);
            }
        }
        cur.w.ops += ops;
        // (bits 6 to 9 are extra trigger sets of SQL and XSS, ended with them)
        if ((active & 1) != 0) {
            xss.end();
            result |= xss.found();
        }
        if ((active & (1 << 1)) != 0) {
            sql.end();
            result |= sql.found();
        }
        if ((active & (1 << 2)) != 0) {
            traversal.end();
            result |= traversal.found();
        }
        if ((active & (1 << 3)) != 0) {
            command.end();
            result |= command.found();
        }
        if ((active & (1 << 4)) != 0) {
            jndi.end();
            result |= jndi.found();
        }
        if ((active & (1 << 5)) != 0) {
            crlf.end();
            result |= crlf.found();
        }
        return result;
    }

    /** False when the text holds none of the chars {@code f}'s rules need: the family is not even prepared. */
    private static boolean relevant(Family f, long seen) {
        long needs = f.relevantBits();
        return needs == 0 || (seen & needs) != 0;
    }

    /**
     * Decodes and normalises {@code src[from..to)} into the scratch: each round is one fused pass
     * (decoding and normalisation together, char[] to char[]), and rounds stop at the first one that
     * changes nothing a further round could decode, or after {@link #maxDecodeRounds}.
     */
    private Cursor canonicalize(Scratch s, String src, int from, int to, Work w) {
        int n = to - from;
        s.ensure(n);
        src.getChars(from, to, s.x, 0);
        w.ops += n;
        char[] in = s.x;
        char[] out = s.y;
        int rounds = 0;
        boolean stable = false;
        if (maxDecodeRounds == 0) {
            n = (int) s.decoder.pass(in, n, out, false, false, true, w);
            in = out;
        } else {
            while (true) {
                long r = s.decoder.pass(in, n, out, true, rounds == 0, true, w);
                n = (int) r;
                char[] t = in;
                in = out;
                out = t;
                if ((r & Canonicalizer.CHANGED) != 0) {
                    rounds++;
                }
                if ((r & Canonicalizer.MORE) == 0) {
                    stable = true;
                    break;
                }
                if (rounds == maxDecodeRounds) {
                    break;
                }
            }
        }
        s.rounds = rounds;
        s.stable = stable;
        Cursor cur = s.cursor;
        cur.a = in;
        cur.n = n;
        cur.w = w;
        cur.seen = s.decoder.seenBits;
        return cur;
    }

    /**
     * A value after decoding and normalisation ({@code text}; {@code decoded} is the same text, kept
     * for the tests' sake since the two steps are one pass now); {@code rounds} decoding rounds changed
     * it, and {@code stable} says a further round would not.
     */
    record Canonical(String decoded, String text, int rounds, boolean stable) {
    }

    Canonical canonical(String value, Work w) {
        Scratch s = SCRATCH.acquire();
        try {
            Cursor cur = canonicalize(s, value, 0, value.length(), w);
            String text = new String(cur.a, 0, cur.n);
            boolean stable = s.stable || Canonicalizer.decodeRound(text, w, s.rounds == 0) == text;
            return new Canonical(text, text, s.rounds, stable);
        } finally {
            SCRATCH.release(s);
        }
    }

    /** The work (characters processed) one scan of {@code value} costs; for tests. */
    long work(String location, String value) {
        Work w = new Work();
        scanInto(new ScanReport.Collector(Rule.values().length), location, value, w);
        return w.ops;
    }

    private static long mask(Set<AttackCategory> categories) {
        long m = 0;
        for (Rule r : Rule.values()) {
            if (categories.contains(r.category)) {
                m |= 1L << r.ordinal();
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return "SignatureScanner[categories=" + categories + ", maxDecodeRounds=" + maxDecodeRounds
                + ", maxInputLength=" + maxInputLength + "]";
    }

    /** Builds a {@link SignatureScanner}; not thread-safe. */
    public static final class Builder {
        private final EnumSet<AttackCategory> categories = EnumSet.copyOf(SIGNATURE_CATEGORIES);
        private int maxDecodeRounds = DEFAULT_MAX_DECODE_ROUNDS;
        private int maxInputLength = DEFAULT_MAX_INPUT_LENGTH;

        private Builder() {
        }

        /**
         * The categories to look for, replacing the current set. Default: every category but
         * {@link AttackCategory#RATE_LIMIT}, which is not a signature.
         */
        public Builder categories(Collection<AttackCategory> categories) {
            Objects.requireNonNull(categories, "categories");
            EnumSet<AttackCategory> set = EnumSet.noneOf(AttackCategory.class);
            for (AttackCategory c : categories) {
                set.add(signature(c));
            }
            this.categories.clear();
            this.categories.addAll(set);
            return this;
        }

        /** Adds categories to look for. Default: all signature categories are on. */
        public Builder enable(AttackCategory... categories) {
            for (AttackCategory c : categories) {
                this.categories.add(signature(c));
            }
            return this;
        }

        /** Stops looking for these categories. Default: none is off. */
        public Builder disable(AttackCategory... categories) {
            for (AttackCategory c : categories) {
                this.categories.remove(Objects.requireNonNull(c, "category"));
            }
            return this;
        }

        /**
         * Rounds of decoding, 0 to {@value SignatureScanner#MAX_DECODE_ROUNDS_LIMIT}; 0 scans the raw (normalised)
         * value. Default {@value SignatureScanner#DEFAULT_MAX_DECODE_ROUNDS}: enough for double encoding plus one
         * layer of HTML references.
         */
        public Builder maxDecodeRounds(int rounds) {
            if (rounds < 0 || rounds > MAX_DECODE_ROUNDS_LIMIT) {
                throw Preconditions.invalid("security.max_decode_rounds", "must be between 0 and "
                        + MAX_DECODE_ROUNDS_LIMIT + ", was " + rounds);
            }
            this.maxDecodeRounds = rounds;
            return this;
        }

        /**
         * Characters scanned per value, 1 to {@value SignatureScanner#MAX_INPUT_LENGTH_LIMIT}; a longer value is
         * scanned up to this cap and reported in {@link ScanReport#truncated()}. Default
         * {@value SignatureScanner#DEFAULT_MAX_INPUT_LENGTH}.
         */
        public Builder maxInputLength(int chars) {
            if (chars < 1 || chars > MAX_INPUT_LENGTH_LIMIT) {
                throw Preconditions.invalid("security.max_scan_chars", "must be between 1 and "
                        + MAX_INPUT_LENGTH_LIMIT + ", was " + chars);
            }
            this.maxInputLength = chars;
            return this;
        }

        public SignatureScanner build() {
            return new SignatureScanner(this);
        }

        private static AttackCategory signature(AttackCategory c) {
            Objects.requireNonNull(c, "category");
            if (c == AttackCategory.RATE_LIMIT) {
                throw Preconditions.invalid(
                        "security.signatures:", "RATE_LIMIT is not a signature category; the rate limit is SecurityConfig.Builder.rateLimit");
            }
            return c;
        }
    }
}
