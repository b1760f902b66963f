package dev.faultline.internal.analysis;

import dev.faultline.internal.Preconditions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Computes the fingerprint of a throwable: the id of its error pattern, so that the same fault gets
 * the same fingerprint every time it happens and different faults get different ones.
 *
 * <p>The fingerprint is the first 16 hex digits (64 bits) of the SHA-256 of:
 * <ol>
 *   <li>the <b>class chain</b>: the class names from the outermost throwable to its root cause, at
 *       most {@value #MAX_CHAIN} links, each throwable once (a cause cycle ends the chain);</li>
 *   <li>the <b>throw site</b>: the top {@link Builder#frames(int) frames} (class and method names, no
 *       line numbers, so a rebuild that shifts lines keeps the fingerprint) —
 *       <ul>
 *         <li>with {@link Builder#applicationPackages(String...) application packages}: the top
 *             in-app frames of the root-most link of the chain that has any;</li>
 *         <li>without them, or when no link has an in-app frame: the top frames of the outermost
 *             throwable, skipping JDK and server frames ({@code java.}, {@code javax.},
 *             {@code jakarta.}, {@code jdk.}, {@code sun.}, {@code com.sun.}, {@code io.undertow.},
 *             {@code org.xnio.}, {@code org.jboss.}, {@code org.eclipse.jetty.},
 *             {@code org.apache.catalina.}, {@code org.apache.coyote.}, {@code org.apache.tomcat.},
 *             {@code org.glassfish.}, {@code io.helidon.}, {@code dev.faultline.}): a server's frames
 *             below a handler differ with the path a request took through its I/O layer, and would
 *             split one fault into several patterns;</li>
 *       </ul>
 *       generated names are folded so that they stay the same across runs: {@code $$Lambda…},
 *       {@code $$EnhancerBy…} and other {@code $$} suffixes of class names, {@code $Proxy12} and the
 *       trailing {@code $0} of {@code lambda$handle$0} or {@code access$000};</li>
 *   <li>the root cause's message {@linkplain MessageNormalizer#normalize(String) normalised}, so that
 *       ids, numbers, UUIDs and e-mail addresses in it do not split a pattern.</li>
 * </ol>
 *
 * <p>It never throws: a link whose {@code getCause()} throws ends the chain there, one whose
 * {@code getMessage()} throws counts as having no message, one whose {@code getStackTrace()} throws
 * as having no frames.
 *
 * <p>Thread-safe; its configuration is immutable. {@link #fingerprint(Throwable)} is O(chain × stack
 * depth + message length). A pattern seen before is neither put into text nor hashed again: the last
 * patterns are kept in a direct-mapped table of {@value #MEMO_SIZE} slots (about 300 bytes each with
 * typical names), keyed by a hash of what the fingerprint is made of — the class names of the chain,
 * the class and method names of the throw-site frames as the stack has them, and the normalised root
 * message — and compared in full on a hit, so a hit gives exactly the fingerprint a fresh computation
 * would. A new pattern takes the slot of the one its key maps to. The root messages are likewise kept
 * with their normal form ({@value #MESSAGE_MEMO_SIZE} slots), so a message that repeats word for word
 * is not scanned again.
 *
 * <p><b>Reading the stack only now and then.</b> The largest cost of a fingerprint is what
 * {@link Throwable#getStackTrace()} materialises: every frame of the stack (a few microseconds for a
 * web request's 40 or so), and no public API gives only the top frames. So a class chain and normalised
 * root message that have come from one throw site only are answered without the stack: once
 * {@value #CONFIRMATIONS} readings of their stacks gave the same fingerprint and none another, the chain
 * and message give that fingerprint directly, and a random 1 in {@link Builder#recheckEvery(int) n} of
 * their occurrences ({@value #DEFAULT_RECHECK_EVERY} by default) reads the stack again. The first reading that
 * finds another throw site under the same chain and message makes that chain and message read the stack
 * every time from then on (they are kept in a direct-mapped table of {@value #MEMO_SIZE} slots too, and
 * learnt again when evicted). The price: a new throw site of a chain and message known from one other
 * site takes the known fingerprint until a recheck meets it: each of its occurrences is a recheck with
 * probability 1/{@code n}, so about {@code n} of them on average (the first is caught at once while the
 * known one is not yet confirmed). {@code recheckEvery(1)} makes every fingerprint exact. A repeated failure then allocates
 * the walk of its chain (one small array) and, when its root message carries ids, the normalised
 * message.
 */
public final class Fingerprinter {

    /** The default number of frames that make up the throw site. */
    public static final int DEFAULT_FRAMES = 3;
    /** The largest number of frames that may be configured. */
    public static final int MAX_FRAMES = 32;
    /** The most links of a cause chain that are looked at. */
    public static final int MAX_CHAIN = 32;
    /** The slots of the table of patterns seen (a power of two). */
    static final int MEMO_SIZE = 1024;
    /** The slots of the table of root messages and their normal forms (a power of two). */
    static final int MESSAGE_MEMO_SIZE = 256;
    /** The slots of the table of statuses and endpoints (a power of two). */
    static final int STATUS_MEMO_SIZE = 64;
    /** The slots of the table of class names and whether their frames are throw-site frames (a power of two). */
    static final int VERDICT_SLOTS = 512;
    /** Readings of the stack that must agree before a chain and message are answered without it. */
    static final int CONFIRMATIONS = 4;
    /** By default, a trusted chain and message read their stack again every this many occurrences. */
    public static final int DEFAULT_RECHECK_EVERY = 64;
    /** Longer root messages are normalised every time, not kept. */
    static final int MAX_MEMO_MESSAGE = 1024;

    /** Frames skipped when no application package is configured: the JDK, servers, Faultline. */
    static final List<String> FRAMEWORK_PREFIXES = List.of("java.", "javax.", "jakarta.", "jdk.", "sun.",
            "com.sun.", "io.undertow.", "org.xnio.", "org.jboss.", "org.eclipse.jetty.", "org.apache.catalina.",
            "org.apache.coyote.", "org.apache.tomcat.", "org.glassfish.", "io.helidon.", "dev.faultline.");

    /** {@link #FRAMEWORK_PREFIXES} as an array: the frame filter runs for every frame of a failure. */
    private static final String[] FRAMEWORK = FRAMEWORK_PREFIXES.toArray(String[]::new);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final StackTraceElement[] NO_FRAMES = new StackTraceElement[0];
    private static final Fingerprinter DEFAULT = new Builder().build();

    private final List<String> applicationPackages;
    /** The application packages, each with a trailing dot. */
    private final String[] appPrefixes;
    private final int frames;
    private final int recheckEvery;
    /** Chains and messages with the throw site they came from, by {@link #shortcutKey}. */
    private final AtomicReferenceArray<@Nullable Shortcut> shortcuts = new AtomicReferenceArray<>(MEMO_SIZE);
    /** Patterns seen, by key; a cache of immutable entries, so races only cost a hash. */
    private final AtomicReferenceArray<@Nullable Pattern> memo = new AtomicReferenceArray<>(MEMO_SIZE);
    /** Root messages seen, by their hash code. */
    private final AtomicReferenceArray<@Nullable Message> messages = new AtomicReferenceArray<>(MESSAGE_MEMO_SIZE);
    /** Class names and their frames' part in throw sites, by hash code. */
    private final AtomicReferenceArray<@Nullable Verdict> verdicts = new AtomicReferenceArray<>(VERDICT_SLOTS);
    /** Status fingerprints, by status and endpoint. */
    private final AtomicReferenceArray<@Nullable StatusPattern> statusMemo = new AtomicReferenceArray<>(STATUS_MEMO_SIZE);

    private Fingerprinter(Builder b) {
        this.applicationPackages = List.copyOf(b.applicationPackages);
        List<String> prefixes = new ArrayList<>(applicationPackages.size());
        for (String p : applicationPackages) {
            prefixes.add(p + '.');
        }
        this.appPrefixes = prefixes.toArray(String[]::new);
        this.frames = b.frames;
        this.recheckEvery = b.recheckEvery;
    }

    /** A fingerprinter with the defaults: no application packages, {@value #DEFAULT_FRAMES} frames. */
    public static Fingerprinter create() {
        return DEFAULT;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configured application packages, without trailing dots. */
    public List<String> applicationPackages() {
        return applicationPackages;
    }

    /** The number of frames that make up the throw site. */
    public int frames() {
        return frames;
    }

    /**
     * The fingerprint of {@code throwable}: 16 lower-case hex digits. Never throws; {@code null} has a
     * fingerprint of its own.
     */
    public String fingerprint(@Nullable Throwable throwable) {
        return throwable == null ? NULL_FINGERPRINT : fingerprintLinks(links(throwable));
    }

    /**
     * The cause chain of {@code throwable} as the fingerprint reads it: outermost first, at most
     * {@value #MAX_CHAIN} links, each throwable once (a cause cycle ends it), ended by a
     * {@code getCause()} that throws. The links fill the array from its start and end at its first
     * {@code null} or its end. For callers that read the chain too and walk it only once
     * ({@code getCause()} is synchronized). Never throws.
     */
    public static Throwable[] links(Throwable throwable) {
        return chain(Objects.requireNonNull(throwable, "throwable"), new Throwable[4]);
    }

    /**
     * The fingerprint of the throwable whose chain {@link #links(Throwable)} gave: what
     * {@link #fingerprint(Throwable)} gives for it. Never throws on such a chain.
     *
     * @throws IllegalArgumentException if {@code chain} holds no link (it did not come from {@code links})
     */
    public String fingerprintLinks(Throwable[] chain) {
        if (chain.length == 0 || chain[0] == null) {
            throw new IllegalArgumentException("Fingerprinter: a chain of no links");
        }
        Throwable throwable = chain[0];
        try {
            int links = length(chain);
            String message = normalizedMessage(chain[links - 1]);
            if (frames == 0 || recheckEvery == 1) {
                return exact(chain, links, message);
            }
            int key = shortcutKey(chain, links, message);
            int slot = key & (MEMO_SIZE - 1);
            Shortcut known = shortcuts.get(slot);
            boolean same = known != null && known.matches(key, chain, links, message);
            if (same && known.trusted(recheckEvery)) {
                return known.fingerprint;
            }
            String fingerprint = exact(chain, links, message);
            if (same) {
                known.observe(fingerprint);
            } else {
                shortcuts.set(slot, Shortcut.of(key, chain, links, message, fingerprint));
            }
            return fingerprint;
        } catch (RuntimeException | Error e) {
            // every call into the throwable is guarded; this is the last line of defence
            return hash("fallback\n" + throwable.getClass().getName());
        }
    }

    /** The fingerprint read from the throw site, which materialises the stack. Guarded by its caller. */
    private String exact(Throwable[] chain, int links, String message) {
        StackTraceElement[] stack = siteStack(chain, links);
        boolean inApp = appPrefixes.length > 0 && next(stack, 0, true) >= 0;
        int key = key(chain, links, stack, inApp, message);
        int slot = key & (MEMO_SIZE - 1);
        Pattern known = memo.get(slot);
        if (known != null && known.matches(key, chain, links, stack, inApp, message, this)) {
            return known.fingerprint;
        }
        Pattern seen = Pattern.of(key, chain, links, stack, inApp, message, this);
        memo.set(slot, seen); // a pattern whose key maps to the same slot gives its place up
        return seen.fingerprint;
    }

    /**
     * The fingerprint of an error without a throwable: an error status the application or server
     * produced without an exception (a router's 404), one pattern per status and endpoint.
     */
    public String fingerprintStatus(int status, String endpoint) {
        int slot = (31 * status + endpoint.hashCode()) & (STATUS_MEMO_SIZE - 1);
        StatusPattern known = statusMemo.get(slot);
        if (known != null && known.status == status && known.endpoint.equals(endpoint)) {
            return known.fingerprint;
        }
        String fingerprint = hash("faultline-fingerprint-1\nstatus\n" + status + "\n" + endpoint);
        statusMemo.set(slot, new StatusPattern(status, endpoint, fingerprint));
        return fingerprint;
    }

    /** The text that is hashed; visible for tests. */
    String canonical(@Nullable Throwable throwable) {
        if (throwable == null) {
            return "faultline-fingerprint-1\nnull";
        }
        Throwable[] chain = chain(throwable, new Throwable[4]);
        int links = length(chain);
        StackTraceElement[] stack = siteStack(chain, links);
        boolean inApp = appPrefixes.length > 0 && next(stack, 0, true) >= 0;
        return canonical(chain, links, stack, inApp, normalizedMessage(chain[links - 1]));
    }

    /**
     * The stack the throw site is read from: with application packages, that of the root-most link
     * with an in-app frame; else, or when no link has one, the outermost link's (read once). Its site
     * frames are the in-app ones exactly when it has any and packages are configured.
     */
    private StackTraceElement[] siteStack(Throwable[] chain, int links) {
        if (frames == 0) {
            return NO_FRAMES;
        }
        if (appPrefixes.length > 0) {
            for (int i = links - 1; i > 0; i--) {
                StackTraceElement[] s = stack(chain[i]);
                if (next(s, 0, true) >= 0) {
                    return s;
                }
            }
        }
        return stack(chain[0]);
    }

    /** The canonical text of a pattern: class chain, throw site (folded names), normalised root message. */
    private String canonical(Throwable[] chain, int links, StackTraceElement[] stack, boolean inApp, String message) {
        StringBuilder b = new StringBuilder(256).append("faultline-fingerprint-1\n");
        for (int i = 0; i < links; i++) {
            b.append(chain[i].getClass().getName()).append('\n');
        }
        b.append("--\n");
        for (int i = next(stack, 0, inApp), n = 0; i >= 0 && n < frames; i = next(stack, i + 1, inApp), n++) {
            b.append(foldClass(stack[i].getClassName())).append('#').append(foldMethod(stack[i].getMethodName()))
                    .append('\n');
        }
        b.append("--\n");
        b.append(message);
        return b.toString();
    }

    /**
     * The memo key of a pattern: a hash of the class names of its chain, the class and method names of
     * its throw site as the stack has them (not folded: equal raw names fold equally) and its
     * normalised message. Reads only strings whose hash codes the JVM has already computed, but the message.
     */
    private int key(Throwable[] chain, int links, StackTraceElement[] stack, boolean inApp, String message) {
        int h = links;
        for (int i = 0; i < links; i++) {
            h = 31 * h + chain[i].getClass().getName().hashCode();
        }
        for (int i = next(stack, 0, inApp), n = 0; i >= 0 && n < frames; i = next(stack, i + 1, inApp), n++) {
            h = 31 * (31 * h + stack[i].getClassName().hashCode()) + stack[i].getMethodName().hashCode();
        }
        h = 31 * h + message.hashCode();
        return h ^ (h >>> 16);
    }

    /** The shortcut key of a chain and root message: the class names and the normalised message. */
    private static int shortcutKey(Throwable[] chain, int links, String message) {
        int h = links;
        for (int i = 0; i < links; i++) {
            h = 31 * h + chain[i].getClass().getName().hashCode();
        }
        h = 31 * h + message.hashCode();
        return h ^ (h >>> 16);
    }

    /**
     * The index of the first throw-site frame of {@code stack} at or after {@code from}: in-app frames,
     * or frames outside the JDK, the servers and Faultline; -1 when there is none.
     */
    private int next(StackTraceElement[] stack, int from, boolean inApp) {
        for (int i = from; i < stack.length; i++) {
            StackTraceElement e = stack[i];
            if (e != null && isSite(e.getClassName(), inApp)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether a frame of class {@code cls} is part of a throw site: in-app, or else outside the
     * framework prefixes. The answers for the last classes are kept (a direct-mapped table of
     * {@value #VERDICT_SLOTS}, by the name's hash code, which the JVM keeps with the name it shares
     * across all frames of a class), so a frame costs a lookup instead of a dozen prefix tests.
     */
    private boolean isSite(String cls, boolean inApp) {
        int slot = cls.hashCode() & (VERDICT_SLOTS - 1);
        Verdict v = verdicts.get(slot);
        if (v == null || v.cls() != cls && !v.cls().equals(cls)) {
            v = new Verdict(cls, startsWithAny(cls, appPrefixes), startsWithAny(cls, FRAMEWORK));
            verdicts.set(slot, v);
        }
        return inApp ? v.inApp() : !v.framework();
    }

    /** Outermost first, at most MAX_CHAIN links, each throwable once; a throwing getCause() ends it. */
    static List<Throwable> chain(Throwable throwable) {
        Throwable[] chain = chain(throwable, new Throwable[4]);
        return List.of(Arrays.copyOf(chain, length(chain)));
    }

    /**
     * The chain into {@code into}, grown as needed (at most {@value #MAX_CHAIN}); the links end at the
     * first {@code null} or the array's end.
     */
    private static Throwable[] chain(Throwable throwable, Throwable[] into) {
        Throwable[] chain = into;
        int n = 0;
        Throwable current = throwable;
        // a cycle is found by identity over the links so far: at most MAX_CHAIN of them, usually two or
        // three, so a scan costs less than an identity set
        while (current != null && n < MAX_CHAIN && !containsIdentical(chain, n, current)) {
            if (n == chain.length) {
                chain = Arrays.copyOf(chain, Math.min(MAX_CHAIN, n * 2));
            }
            chain[n++] = current;
            try {
                current = current.getCause();
            } catch (RuntimeException | Error e) {
                current = null;
            }
        }
        return chain;
    }

    /** How many links {@link #chain(Throwable, Throwable[])} put in {@code chain}. */
    private static int length(Throwable[] chain) {
        int n = 0;
        while (n < chain.length && chain[n] != null) {
            n++;
        }
        return n;
    }

    private static boolean containsIdentical(Throwable[] chain, int n, Throwable t) {
        for (int i = 0; i < n; i++) {
            if (chain[i] == t) {
                return true;
            }
        }
        return false;
    }

    /**
     * The root cause's message, normalised. The last messages are kept with their normal form (a
     * direct-mapped table of {@value #MESSAGE_MEMO_SIZE}), so a message that repeats word for word
     * is not scanned again; one that carries an id is.
     */
    private String normalizedMessage(Throwable root) {
        String raw = message(root);
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        if (raw.length() > MAX_MEMO_MESSAGE) {
            return MessageNormalizer.normalize(raw);
        }
        int slot = raw.hashCode() & (MESSAGE_MEMO_SIZE - 1);
        Message known = messages.get(slot);
        if (known != null && known.raw.equals(raw)) {
            return known.normalized;
        }
        String normalized = MessageNormalizer.normalize(raw);
        messages.set(slot, new Message(raw, normalized));
        return normalized;
    }

    private static @Nullable String message(Throwable t) {
        try {
            return t.getMessage();
        } catch (RuntimeException | Error e) {
            return null;
        }
    }

    private static StackTraceElement[] stack(Throwable t) {
        try {
            StackTraceElement[] stack = t.getStackTrace();
            return stack != null ? stack : NO_FRAMES;
        } catch (RuntimeException | Error e) {
            return NO_FRAMES;
        }
    }

    private static boolean startsWithAny(String s, String[] prefixes) {
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A pattern seen: what its key was computed from (the chain's class names, the throw site's raw
     * class and method names, the normalised message) and its fingerprint. Immutable; holds strings
     * only, never a class or a throwable, so it keeps no class loader alive.
     */
    private static final class Pattern {
        final int key;
        final String[] classes;
        /** Class and method name of each throw-site frame, alternately. */
        final String[] site;
        final String message;
        final String fingerprint;

        private Pattern(int key, String[] classes, String[] site, String message, String fingerprint) {
            this.key = key;
            this.classes = classes;
            this.site = site;
            this.message = message;
            this.fingerprint = fingerprint;
        }

        static Pattern of(int key, Throwable[] chain, int links, StackTraceElement[] stack, boolean inApp,
                String message, Fingerprinter f) {
            String[] classes = new String[links];
            for (int i = 0; i < links; i++) {
                classes[i] = chain[i].getClass().getName();
            }
            List<String> site = new ArrayList<>(2 * f.frames);
            for (int i = f.next(stack, 0, inApp), n = 0; i >= 0 && n < f.frames; i = f.next(stack, i + 1, inApp), n++) {
                site.add(stack[i].getClassName());
                site.add(stack[i].getMethodName());
            }
            String fingerprint = hash(f.canonical(chain, links, stack, inApp, message));
            return new Pattern(key, classes, site.toArray(String[]::new), message, fingerprint);
        }

        /** Whether this is the pattern of the given parts (the key first: most misses end there). */
        boolean matches(int key, Throwable[] chain, int links, StackTraceElement[] stack, boolean inApp,
                String message, Fingerprinter f) {
            if (this.key != key || classes.length != links || !this.message.equals(message)) {
                return false;
            }
            for (int i = 0; i < links; i++) {
                if (!classes[i].equals(chain[i].getClass().getName())) {
                    return false;
                }
            }
            int at = 0;
            for (int i = f.next(stack, 0, inApp), n = 0; i >= 0 && n < f.frames; i = f.next(stack, i + 1, inApp), n++) {
                if (at + 1 >= site.length || !site[at].equals(stack[i].getClassName())
                        || !site[at + 1].equals(stack[i].getMethodName())) {
                    return false;
                }
                at += 2;
            }
            return at == site.length;
        }
    }

    /**
     * A class chain and normalised root message and the fingerprint the throw site gave them. Trusted
     * (answered without the stack) once {@value #CONFIRMATIONS} readings of the stack agreed and none
     * disagreed; a reading that disagrees (a second throw site with the same chain and message) makes it
     * ambiguous for good, and its chain and message are read from the stack every time. Holds strings
     * only. The confirmation count is racy on purpose: a lost update costs one more reading of the stack,
     * never a wrong answer.
     */
    private static final class Shortcut {
        final int key;
        final String[] classes;
        final String message;
        final String fingerprint;
        private int confirmations = 1;
        private volatile boolean ambiguous;

        private Shortcut(int key, String[] classes, String message, String fingerprint) {
            this.key = key;
            this.classes = classes;
            this.message = message;
            this.fingerprint = fingerprint;
        }

        static Shortcut of(int key, Throwable[] chain, int links, String message, String fingerprint) {
            String[] classes = new String[links];
            for (int i = 0; i < links; i++) {
                classes[i] = chain[i].getClass().getName();
            }
            return new Shortcut(key, classes, message, fingerprint);
        }

        boolean matches(int key, Throwable[] chain, int links, String message) {
            if (this.key != key || classes.length != links || !this.message.equals(message)) {
                return false;
            }
            for (int i = 0; i < links; i++) {
                if (!classes[i].equals(chain[i].getClass().getName())) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Whether this occurrence is answered without the stack: confirmed, unambiguous, and not one of
         * the random 1 in {@code recheckEvery} that read it again (random, so that no rhythm of
         * interleaved throw sites can keep one of them from ever being read).
         */
        boolean trusted(int recheckEvery) {
            return !ambiguous && confirmations >= CONFIRMATIONS
                    && ThreadLocalRandom.current().nextInt(recheckEvery) != 0;
        }

        /** A reading of the stack for this chain and message gave {@code read}. */
        void observe(String read) {
            if (!read.equals(fingerprint)) {
                ambiguous = true;
            } else if (confirmations < CONFIRMATIONS) {
                confirmations++;
            }
        }
    }

    /** A class name, whether it is in-app and whether it is the framework's. */
    private record Verdict(String cls, boolean inApp, boolean framework) {
    }

    /** A raw root-cause message and its normal form. */
    private record Message(String raw, String normalized) {
    }

    /** A status without a throwable, on an endpoint, and its fingerprint. */
    private record StatusPattern(int status, String endpoint, String fingerprint) {
    }

    /** Cuts generated suffixes: {@code Foo$$Lambda/0x…} → {@code Foo$$}, {@code $Proxy12} → {@code $Proxy}. */
    static String foldClass(String cls) {
        int generated = cls.indexOf("$$");
        String c = generated >= 0 ? cls.substring(0, generated + 2) : cls;
        int proxy = c.lastIndexOf("$Proxy");
        if (proxy >= 0 && proxy + 6 < c.length() && allDigits(c, proxy + 6, c.length())) {
            c = c.substring(0, proxy + 6);
        }
        return c;
    }

    /** Cuts a trailing {@code $digits}: {@code lambda$handle$0} → {@code lambda$handle}, {@code access$000} → {@code access}. */
    static String foldMethod(String method) {
        int dollar = method.lastIndexOf('$');
        if (dollar >= 0 && dollar + 1 < method.length() && allDigits(method, dollar + 1, method.length())) {
            return method.substring(0, dollar);
        }
        return method;
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!MessageNormalizer.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A SHA-256 digest to clone: {@code MessageDigest.getInstance} looks the provider up every time
     * (under load on the error path, that lookup cost more than the hash itself).
     */
    private static final @Nullable MessageDigest SHA_256 = sha256();
    /** The fingerprint of {@code null} (after {@link #SHA_256}: static fields are set in order). */
    private static final String NULL_FINGERPRINT = hash("faultline-fingerprint-1\nnull");

    private static @Nullable MessageDigest sha256() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.clone(); // the JDK's is cloneable; if a provider's is not, getInstance each time
            return sha;
        } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
            return null;
        }
    }

    private static MessageDigest newSha256() {
        MessageDigest prototype = SHA_256;
        if (prototype != null) {
            try {
                return (MessageDigest) prototype.clone(); // never used itself, so its state stays empty
            } catch (CloneNotSupportedException e) {
                // checked when the prototype was made
            }
        }
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Fingerprinter: SHA-256 is not available", e); // every JDK has it
        }
    }

    /** The fingerprint of a canonical text; visible for tests. */
    static String hash(String canonical) {
        MessageDigest sha = newSha256();
        byte[] digest = sha.digest(canonical.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }

    /** How many patterns' fingerprints are kept. */
    int memoized() {
        int n = 0;
        for (int i = 0; i < MEMO_SIZE; i++) {
            if (memo.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "Fingerprinter{applicationPackages=" + applicationPackages + ", frames=" + frames + ", recheckEvery="
                + recheckEvery + '}';
    }

    /** Builds a {@link Fingerprinter}. Not thread-safe. */
    public static final class Builder {

        private List<String> applicationPackages = List.of();
        private int frames = DEFAULT_FRAMES;
        private int recheckEvery = DEFAULT_RECHECK_EVERY;

        private Builder() {
        }

        /**
         * The packages whose frames are the application's own ({@code com.example.shop} covers
         * {@code com.example.shop.Orders} and {@code com.example.shop.db.Dao}, not
         * {@code com.example.shopping}); replaces any set before. A trailing dot is dropped. Default:
         * none, which fingerprints the outermost throwable's top frames outside the JDK, the servers
         * and Faultline.
         *
         * @throws IllegalArgumentException if a name is blank or holds whitespace
         */
        public Builder applicationPackages(String... packages) {
            Objects.requireNonNull(packages, "packages");
            List<String> list = new ArrayList<>(packages.length);
            for (String p : packages) {
                Objects.requireNonNull(p, "applicationPackages element");
                String name = p.endsWith(".") ? p.substring(0, p.length() - 1) : p;
                if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
                    throw Preconditions.invalid(
                            "applicationPackages:", "not a package name: '" + p + "'");
                }
                if (!list.contains(name)) {
                    list.add(name);
                }
            }
            this.applicationPackages = list;
            return this;
        }

        /**
         * How many frames make up the throw site, 0 to {@value #MAX_FRAMES}; 0 fingerprints the class
         * chain and message only. Default {@value #DEFAULT_FRAMES}.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder frames(int frames) {
            if (frames < 0 || frames > MAX_FRAMES) {
                throw Preconditions.invalid("frames", "must be 0.." + MAX_FRAMES + ": " + frames);
            }
            this.frames = frames;
            return this;
        }

        /**
         * How often a chain and message that has come from one throw site only reads its stack again: a
         * random 1 in {@code n} of its occurrences; 1 reads the stack of every throwable, which makes
         * every fingerprint exact at the cost of materialising the whole stack each time. Default
         * {@value #DEFAULT_RECHECK_EVERY}. See the class description.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder recheckEvery(int n) {
            if (n < 1) {
                throw Preconditions.invalid("recheckEvery", "must be at least 1: " + n);
            }
            this.recheckEvery = n;
            return this;
        }

        public Fingerprinter build() {
            return new Fingerprinter(this);
        }
    }
}
