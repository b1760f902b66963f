package dev.faultline.internal.analysis;

import org.jspecify.annotations.Nullable;

/**
 * Replaces the variable parts of an error message with placeholders, so that one fault gets one
 * text whatever ids, numbers, addresses or user input its messages carry:
 *
 * <table>
 *   <caption>Rules, tried in this order where a token may start</caption>
 *   <tr><th>input</th><th>becomes</th><th>example</th></tr>
 *   <tr><td>e-mail address</td><td>{@code <email>}</td><td>{@code jane.doe+x@mail.example.com}</td></tr>
 *   <tr><td>UUID (8-4-4-4-12 hex digits)</td><td>{@code <uuid>}</td><td>{@code 3f2504e0-4f89-11d3-9a0c-0305e82c3301}</td></tr>
 *   <tr><td>{@code 0x} and hex digits</td><td>{@code <hex>}</td><td>{@code 0x7ffe}</td></tr>
 *   <tr><td>a run of 8 or more hex digits with at least one digit and one letter</td><td>{@code <hex>}</td><td>{@code 9f86d081884c7d65}</td></tr>
 *   <tr><td>IPv4 address</td><td>{@code <ip>}</td><td>{@code 10.0.0.12}</td></tr>
 *   <tr><td>number: digits, a decimal part, a leading minus at the start or after a space or one of <code>( [ &#123; = : , ;</code></td><td>{@code <n>}</td><td>{@code 42}, {@code -3.5}, {@code 3000} in {@code 3000ms}</td></tr>
 *   <tr><td>single- or double-quoted string</td><td>{@code <str>}</td><td>{@code 'jane'}, {@code "x y"}</td></tr>
 *   <tr><td>a run of whitespace or control characters</td><td>one space; none at either end</td><td></td></tr>
 * </table>
 *
 * <p>A token other than a number starts only where the text so far does not end in an ASCII letter or
 * digit, and a UUID, hex run or IPv4 address must not be followed by one either (nor by {@code <} or
 * {@code …}, which may stand for one), so {@code user42} keeps its letters and a UUID inside a longer
 * word is not a UUID. A run of hex letters without a digit ({@code deadbeef}, {@code facade}) is a
 * word, not hex; a run of digits alone is a number. Every ASCII digit ends up
 * inside a placeholder: digits glued to letters become {@code <n>} ({@code user42} → {@code user<n>},
 * {@code 30s} → {@code <n>s}), so the output has no ASCII digits. A quote opens a string only where a
 * word may start (so the apostrophe of {@code don't} does not) and closes it only where no word,
 * number, quote, minus or {@code <} follows; a quote with no such closing quote stays as it is. The
 * output is at most {@value #MAX_LENGTH} characters: a longer one is cut to {@value #MAX_LENGTH}
 * − 1 characters and ends with {@code …} (U+2026).
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Idempotent</b>: {@code normalize(normalize(x)).equals(normalize(x))} for every string,
 *       including ones that hold placeholders, lone surrogates or an unbalanced quote.</li>
 *   <li><b>Linear time</b>, hand-written scanning (no regular expression): every character is looked
 *       at a bounded number of times; scanning stops once the output is past its cap, apart from one
 *       look for a closing quote. Memory: the output buffer only.</li>
 *   <li>Never throws; {@code null} gives the empty string.</li>
 * </ul>
 *
 * <p>Thread-safe: a static method with no shared state.
 */
final class MessageNormalizer {

    /** The longest normalised message, in chars. */
    public static final int MAX_LENGTH = 200;

    /** The last char of a message cut at {@link #MAX_LENGTH}. */
    static final char ELLIPSIS = '\u2026';

    private MessageNormalizer() {
    }

    /**
     * The message with its variable parts replaced, whitespace collapsed and the length capped.
     *
     * @param message any text, {@code null} included
     * @return the normalised text, at most {@value #MAX_LENGTH} chars; empty for {@code null}
     */
    public static String normalize(@Nullable String message) {
        return normalize(message, MAX_LENGTH);
    }

    /** {@link #normalize(String)} with another cap (at least 2); for tests of the scanner on long output. */
    static String normalize(@Nullable String message, int maxLength) {
        if (message == null || message.isEmpty()) {
            return "";
        }
        return new Scan(message, maxLength).run();
    }

    /**
     * The work of normalising {@code message} with the given cap: how many characters of the input the
     * pass read, look-aheads included. Counted rather than timed, so tests of linearity are exact.
     */
    static long work(String message, int maxLength) {
        Scan scan = new Scan(message, maxLength);
        scan.run();
        return scan.reads;
    }

    // ---- character classes ------------------------------------------------------------------------

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAlnum(char c) {
        return isDigit(c) || isLetter(c);
    }

    static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isSpace(char c) {
        if (c < 0x80) { // the same answer for ASCII without the three table look-ups: controls, space, DEL
            return c <= ' ' || c == 0x7f;
        }
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
    }

    /** A char that may appear in the local part of an e-mail address. */
    private static boolean isLocal(char c) {
        return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    /** A char of a domain label. */
    private static boolean isLabel(char c) {
        return isAlnum(c) || c == '-';
    }

    /**
     * Whether {@code c}, right after a UUID, hex run or IPv4 address, makes it part of a longer word.
     * {@code <} and {@code …} are included because a placeholder or the cut mark may stand where the
     * original text had a letter or digit: this keeps {@link #normalize} idempotent.
     */
    private static boolean continuesWord(char c) {
        return isAlnum(c) || c == '<' || c == ELLIPSIS;
    }

    /**
     * Whether {@code c}, right after a quote, keeps that quote from closing a string: anything a
     * placeholder may have replaced (a word, number, quote or minus), a placeholder itself, or the cut
     * mark.
     */
    private static boolean blocksClosingQuote(char c) {
        return isAlnum(c) || c == '-' || c == '\'' || c == '"' || c == '<' || c == ELLIPSIS;
    }

    /** Whether a minus after {@code prev} (-1: the start) is a sign rather than a hyphen. */
    private static boolean isSignPosition(int prev) {
        return prev < 0 || prev == ' ' || prev == '(' || prev == '[' || prev == '{' || prev == '='
                || prev == ':' || prev == ',' || prev == ';';
    }

    /**
     * One left-to-right pass. Every decision depends on the output so far (its last char) and on the
     * input ahead; memo fields record failed look-aheads that later starts would repeat, which keeps
     * the pass linear.
     */
    private static final class Scan {

        private final String s;
        private final int n;
        private final int max;
        /** Sized for an output about as long as the input (a placeholder or two longer), within the cap. */
        private final StringBuilder out;
        private boolean pendingSpace;
        /** The last char of the output, -1 while it is empty (kept here, not read back from the builder). */
        private int last = -1;
        /** Every e-mail start before this index fails (they all share the local part that failed). */
        private int emailFailsBefore = -1;
        /** Every hex-run start before this index fails (it lies inside a run that failed). */
        private int hexFailsBefore = -1;
        /** No closing single (double) quote exists from the last failed search on. */
        private boolean noSingleCloser;
        private boolean noDoubleCloser;
        /** Characters of the input read so far, look-aheads included: the pass's work, for tests. */
        long reads;

        Scan(String s, int max) {
            this.s = s;
            this.n = s.length();
            this.max = max;
            // the loop stops once past the cap, after at most a space and a 7-char placeholder
            this.out = new StringBuilder((int) Math.min(Math.min(n + 16L, max + 8L), Integer.MAX_VALUE - 8));
        }

        /** Reads the input at {@code k}, counting the read. */
        private char at(int k) {
            reads++;
            return s.charAt(k);
        }

        String run() {
            int i = 0;
            while (i < n && out.length() <= max) {
                char c = at(i);
                if (isSpace(c)) {
                    pendingSpace = out.length() > 0;
                    i++;
                    continue;
                }
                int prev = pendingSpace ? ' ' : last;
                boolean wordMayStart = prev < 0 || !isAlnum((char) prev);
                int end = -1;
                String token = null;
                if (wordMayStart) {
                    if (isAlnum(c)) {
                        if ((end = email(i)) > 0) {
                            token = "<email>";
                        } else if ((end = uuid(i)) > 0) {
                            token = "<uuid>";
                        } else if ((end = hex0x(i)) > 0 || (end = hexRun(i)) > 0) {
                            token = "<hex>";
                        } else if ((end = ipv4(i)) > 0) {
                            token = "<ip>";
                        }
                    } else if (c == '\'' || c == '"') {
                        if ((end = quoted(i, c)) > 0) {
                            token = "<str>";
                        }
                    } else if (c == '-' && isSignPosition(prev) && i + 1 < n && isDigit(at(i + 1))) {
                        end = number(i + 1);
                        token = "<n>";
                    }
                }
                if (token == null && isDigit(c)) {
                    end = number(i);
                    token = "<n>";
                }
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                if (token != null) {
                    out.append(token);
                    last = '>';
                    i = end;
                } else {
                    out.append(c);
                    last = c;
                    i++;
                }
            }
            if (out.length() > max) {
                int keep = max - 1;
                if (Character.isHighSurrogate(out.charAt(keep - 1))) {
                    keep--;
                }
                out.setLength(keep);
                out.append(ELLIPSIS);
            }
            return out.toString();
        }

        /** Digits, then a decimal part if a dot and a digit follow. Returns the end. */
        private int number(int i) {
            int j = i;
            while (j < n && isDigit(at(j))) {
                j++;
            }
            if (j + 1 < n && at(j) == '.' && isDigit(at(j + 1))) {
                j += 2;
                while (j < n && isDigit(at(j))) {
                    j++;
                }
            }
            return j;
        }

        /** local@label.label[.label…]: the end, or -1. */
        private int email(int i) {
            if (i < emailFailsBefore) {
                return -1;
            }
            int j = i;
            while (j < n && isLocal(at(j))) {
                j++;
            }
            if (j >= n || at(j) != '@') {
                emailFailsBefore = j;
                return -1;
            }
            int k = j + 1;
            int labels = 0;
            int end = -1;
            while (true) {
                int start = k;
                while (k < n && isLabel(at(k))) {
                    k++;
                }
                if (k == start) {
                    break;
                }
                labels++;
                end = k;
                if (k + 1 < n && at(k) == '.' && isLabel(at(k + 1))) {
                    k++;
                } else {
                    break;
                }
            }
            if (labels < 2) {
                emailFailsBefore = j;
                return -1;
            }
            return end;
        }

        /** 8-4-4-4-12 hex digits not followed by a word char: the end, or -1. */
        private int uuid(int i) {
            if (i + 36 > n) {
                return -1;
            }
            for (int k = 0; k < 36; k++) {
                char c = at(i + k);
                boolean ok = (k == 8 || k == 13 || k == 18 || k == 23) ? c == '-' : isHex(c);
                if (!ok) {
                    return -1;
                }
            }
            if (i + 36 < n && continuesWord(at(i + 36))) {
                return -1;
            }
            return i + 36;
        }

        /** 0x or 0X and at least one hex digit: the end of the hex digits, or -1. */
        private int hex0x(int i) {
            if (i + 2 < n && at(i) == '0' && (at(i + 1) == 'x' || at(i + 1) == 'X')
                    && isHex(at(i + 2))) {
                int j = i + 2;
                while (j < n && isHex(at(j))) {
                    j++;
                }
                return j;
            }
            return -1;
        }

        /** At least 8 hex digits, one a digit and one a letter, not followed by a word char. */
        private int hexRun(int i) {
            if (i < hexFailsBefore) {
                return -1;
            }
            int j = i;
            boolean digit = false;
            boolean letter = false;
            while (j < n && isHex(at(j))) {
                if (isDigit(at(j))) {
                    digit = true;
                } else {
                    letter = true;
                }
                j++;
            }
            if (j - i >= 8 && digit && letter && (j >= n || !continuesWord(at(j)))) {
                return j;
            }
            hexFailsBefore = j;
            return -1;
        }

        /** Four dot-separated decimal octets (0..255), not followed by a word char or ".digit". */
        private int ipv4(int i) {
            int j = i;
            for (int part = 0; part < 4; part++) {
                if (part > 0) {
                    if (j >= n || at(j) != '.') {
                        return -1;
                    }
                    j++;
                }
                int start = j;
                int value = 0;
                while (j < n && j - start < 3 && isDigit(at(j))) {
                    value = value * 10 + (at(j) - '0');
                    j++;
                }
                if (j == start || value > 255 || (j < n && isDigit(at(j)))) {
                    return -1;
                }
            }
            if (j < n && (continuesWord(at(j))
                    || (at(j) == '.' && j + 1 < n && isDigit(at(j + 1))))) {
                return -1;
            }
            return j;
        }

        /** From the opening quote at i to the first closing quote: the end after it, or -1. */
        private int quoted(int i, char q) {
            if (q == '\'' ? noSingleCloser : noDoubleCloser) {
                return -1;
            }
            for (int k = i + 1; k < n; k++) {
                if (at(k) == q && (k + 1 >= n || !blocksClosingQuote(at(k + 1)))) {
                    return k + 1;
                }
            }
            if (q == '\'') {
                noSingleCloser = true;
            } else {
                noDoubleCloser = true;
            }
            return -1;
        }
    }
}
