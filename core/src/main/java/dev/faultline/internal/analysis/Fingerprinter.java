package dev.faultline.internal.analysis;

import dev.faultline.internal.Preconditions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
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
 *             throwable, skipping JDK and server frames ({@code java.}, {@code javax.}, {@code jdk.},
 *             {@code sun.}, {@code com.sun.}, {@code io.undertow.}, {@code org.eclipse.jetty.},
 *             {@code org.apache.catalina.}, {@code org.glassfish.}, {@code io.helidon.},
 *             {@code dev.faultline.});</li>
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
 * depth + message length) and allocates a few small objects. A pattern seen before is not hashed
 * again: the fingerprints of the last patterns' canonical texts (class chain, throw site, normalised
 * message) are kept, at most {@value #MEMO_SIZE} of them (about 400 bytes each); once full, further
 * new patterns are hashed every time.
 */
public final class Fingerprinter {

    /** The default number of frames that make up the throw site. */
    public static final int DEFAULT_FRAMES = 3;
    /** The largest number of frames that may be configured. */
    public static final int MAX_FRAMES = 32;
    /** The most links of a cause chain that are looked at. */
    public static final int MAX_CHAIN = 32;
    /** The most canonical texts whose fingerprint is kept. */
    static final int MEMO_SIZE = 1024;

    /** Frames skipped when no application package is configured: the JDK, servers, Faultline. */
    static final List<String> FRAMEWORK_PREFIXES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "io.undertow.", "org.eclipse.jetty.", "org.apache.catalina.", "org.glassfish.", "io.helidon.",
            "dev.faultline.");

    /** {@link #FRAMEWORK_PREFIXES} as an array: the frame filter runs for every frame of a failure. */
    private static final String[] FRAMEWORK = FRAMEWORK_PREFIXES.toArray(String[]::new);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final StackTraceElement[] NO_FRAMES = new StackTraceElement[0];
    private static final Fingerprinter DEFAULT = new Builder().build();

    private final List<String> applicationPackages;
    /** The application packages, each with a trailing dot. */
    private final String[] appPrefixes;
    private final int frames;
    /** Canonical text to fingerprint, bounded by {@link #MEMO_SIZE}; a cache, so races only cost a hash. */
    private final ConcurrentHashMap<String, String> memo = new ConcurrentHashMap<>();

    private Fingerprinter(Builder b) {
        this.applicationPackages = List.copyOf(b.applicationPackages);
        List<String> prefixes = new ArrayList<>(applicationPackages.size());
        for (String p : applicationPackages) {
            prefixes.add(p + '.');
        }
        this.appPrefixes = prefixes.toArray(String[]::new);
        this.frames = b.frames;
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
        try {
            String canonical = canonical(throwable);
            String known = memo.get(canonical);
            if (known != null) {
                return known;
            }
            String fingerprint = hash(canonical);
            if (memo.size() < MEMO_SIZE) {
                memo.putIfAbsent(canonical, fingerprint);
            }
            return fingerprint;
        } catch (RuntimeException | Error e) {
            // canonical() guards every call into the throwable; this is the last line of defence
            return hash("fallback\n" + (throwable == null ? "null" : throwable.getClass().getName()));
        }
    }

    /**
     * The fingerprint of an error without a throwable: an error status the application or server
     * produced without an exception (a router's 404), one pattern per status and endpoint.
     */
    public String fingerprintStatus(int status, String endpoint) {
        return hash("faultline-fingerprint-1\nstatus\n" + status + "\n" + endpoint);
    }

    /** The text that is hashed; visible for tests. */
    String canonical(@Nullable Throwable throwable) {
        StringBuilder b = new StringBuilder(256).append("faultline-fingerprint-1\n");
        if (throwable == null) {
            return b.append("null").toString();
        }
        List<Throwable> chain = chain(throwable);
        for (Throwable link : chain) {
            b.append(link.getClass().getName()).append('\n');
        }
        b.append("--\n");
        for (String frame : throwSite(chain)) {
            b.append(frame).append('\n');
        }
        b.append("--\n");
        b.append(MessageNormalizer.normalize(message(chain.get(chain.size() - 1))));
        return b.toString();
    }

    /** Outermost first, at most MAX_CHAIN links, each throwable once; a throwing getCause() ends it. */
    static List<Throwable> chain(Throwable throwable) {
        List<Throwable> chain = new ArrayList<>(4);
        Throwable current = throwable;
        // a cycle is found by identity over the links so far: at most MAX_CHAIN of them, usually two or
        // three, so a scan costs less than the identity set it replaces (an allocation per failure)
        while (current != null && chain.size() < MAX_CHAIN && !containsIdentical(chain, current)) {
            chain.add(current);
            try {
                current = current.getCause();
            } catch (RuntimeException | Error e) {
                current = null;
            }
        }
        return chain;
    }

    private static boolean containsIdentical(List<Throwable> chain, Throwable t) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i) == t) {
                return true;
            }
        }
        return false;
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

    private List<String> throwSite(List<Throwable> chain) {
        if (frames == 0) {
            return List.of();
        }
        if (appPrefixes.length > 0) {
            for (int i = chain.size() - 1; i >= 0; i--) {
                List<String> site = topFrames(stack(chain.get(i)), true);
                if (!site.isEmpty()) {
                    return site;
                }
            }
        }
        return topFrames(stack(chain.get(0)), false);
    }

    private List<String> topFrames(StackTraceElement[] stack, boolean inApp) {
        List<String> site = new ArrayList<>(frames);
        for (StackTraceElement e : stack) {
            if (e == null) {
                continue;
            }
            String cls = e.getClassName();
            if (inApp ? startsWithAny(cls, appPrefixes) : !startsWithAny(cls, FRAMEWORK)) {
                site.add(foldClass(cls) + '#' + foldMethod(e.getMethodName()));
                if (site.size() == frames) {
                    break;
                }
            }
        }
        return site;
    }

    private static boolean startsWithAny(String s, String[] prefixes) {
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                return true;
            }
        }
        return false;
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

    private static String hash(String canonical) {
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
        return memo.size();
    }

    @Override
    public String toString() {
        return "Fingerprinter{applicationPackages=" + applicationPackages + ", frames=" + frames + '}';
    }

    /** Builds a {@link Fingerprinter}. Not thread-safe. */
    public static final class Builder {

        private List<String> applicationPackages = List.of();
        private int frames = DEFAULT_FRAMES;

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

        public Fingerprinter build() {
            return new Fingerprinter(this);
        }
    }
}
