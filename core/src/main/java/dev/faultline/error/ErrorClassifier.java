package dev.faultline.error;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies any {@link Throwable} into a {@link Classification}. Classification is total: anything
 * unknown is {@link ErrorType#INTERNAL} / {@link ErrorSeverity#HIGH}.
 *
 * <p>Order, each pass over the cause chain from the outermost throwable inwards (at most
 * {@value #MAX_CHAIN_DEPTH} links, so cyclic chains end):
 * <ol>
 *   <li>user {@linkplain Builder#rule(Rule) rules}, in registration order;</li>
 *   <li>the first {@link FaultlineException}'s own classification;</li>
 *   <li>built-in knowledge of JDK and common-library exceptions, matched by class name (the class and
 *       its superclasses), so that no compile dependency on those libraries is needed; servers' own
 *       HTTP exceptions (Jetty's {@code HttpException}, Tomcat's {@code InvalidParameterException})
 *       keep the status they carry, the innermost when they nest. A link without
 *       such knowledge (a generic wrapper such as {@code RuntimeException}, {@code ExecutionException}
 *       or an application's own class) defers to its cause. A client that went away (see
 *       {@code ClientFaults}: Jetty's {@code EofException}, Tomcat's {@code ClientAbortException},
 *       Undertow's {@code UT000128}, a broken pipe on the server's own connection...) is
 *       {@link ErrorType#CLIENT_CLOSED}, ahead of the rest of this knowledge.</li>
 * </ol>
 *
 * <p>Built-in knowledge is memoised per exception class in a bounded Caffeine cache (never keyed by
 * message, which carries user data of unbounded cardinality), with a 64-slot table of recent lookups
 * in front of it that holds its classes weakly; so the answer for a given class chain is stable, and
 * once the chain's classes are cached, classification does not allocate (but for the message of an I/O
 * exception that {@code ClientFaults} reads to tell a client that went away). The chain is walked once. User rules are
 * not cached: they may look at the instance. A rule that throws is logged, counted
 * ({@link #ruleFailures()}) and skipped.
 *
 * <p>Thread-safe; instances are immutable apart from the cache and counters.
 */
public final class ErrorClassifier {

    /** How many links of a cause chain are examined at most. */
    public static final int MAX_CHAIN_DEPTH = 32;

    /** The default bound of the per-class cache. */
    public static final int DEFAULT_CACHE_SIZE = 1024;

    private static final Logger LOG = LoggerFactory.getLogger("faultline.error");

    /** Slots of the table of recent lookups (a power of two). */
    private static final int RECENT_SLOTS = 64;

    /** Marks a class with no built-in knowledge in the cache. */
    private static final Object UNKNOWN = new Object();

    private static final Map<String, Classification> BUILT_IN = builtIn();

    private final List<Rule> rules;
    private final Cache<Class<?>, Object> knowledge;
    /** Recent lookups in front of {@link #knowledge}: a hit costs an array read, no cache bookkeeping. */
    private final Recent[] recent = new Recent[RECENT_SLOTS];
    private final Function<Class<?>, Object> lookup = ErrorClassifier::knowledgeOf;
    private final int cacheSize;
    private final LongAdder ruleFailures = new LongAdder();

    /**
     * A user classification rule. It returns a classification for the throwable it is given, or
     * {@code null} to pass. It is called for each link of the cause chain.
     */
    @FunctionalInterface
    public interface Rule {
        @Nullable Classification classify(Throwable throwable);
    }

    private ErrorClassifier(Builder b) {
        this.rules = List.copyOf(b.rules);
        this.cacheSize = b.cacheSize;
        this.knowledge = Caffeine.newBuilder()
                .maximumSize(cacheSize)
                .executor(Runnable::run) // evict on the caller: the bound holds at every moment we look
                .build();
    }

    /** A classifier with built-in knowledge only. */
    public static ErrorClassifier create() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Classifies {@code throwable}; never throws, never returns {@code null}.
     */
    public Classification classify(Throwable throwable) {
        Objects.requireNonNull(throwable, "throwable");
        if (!rules.isEmpty()) {
            Classification byRule = byRules(throwable);
            if (byRule != null) {
                return byRule;
            }
        }
        // One walk of the chain (getCause() is synchronized: each call costs a lock): a FaultlineException
        // anywhere wins; else the outermost link with built-in knowledge.
        Object known = null;
        Throwable knownAt = null;
        int knownDepth = -1;
        Throwable t = throwable;
        for (int depth = 0; t != null && depth < MAX_CHAIN_DEPTH; depth++, t = causeOf(t)) {
            if (t instanceof FaultlineException fe) {
                return fe.classification();
            }
            if (known == null) {
                Object k = knowledge(t.getClass());
                if (k != UNKNOWN) {
                    known = k;
                    knownAt = t;
                    knownDepth = depth;
                }
            }
        }
        // issue 14: a client that went away is its own outcome, before any other built-in knowledge
        // (a SocketException from the client's connection is not a NETWORK failure of the service)
        if (known == null || known instanceof Classification) {
            Classification gone = ClientFaults.classify(throwable);
            if (gone != null) {
                return gone;
            }
        }
        if (known instanceof StatusReader reader) {
            return byServerStatus(reader, knownAt, knownDepth);
        }
        return known != null ? (Classification) known : Classification.of(ErrorType.INTERNAL);
    }

    /**
     * The built-in knowledge of a class: from the table of recent lookups, else from the bounded cache.
     * The table is direct-mapped by the class's identity hash and holds its classes weakly (knowledge
     * that refers to a class, a {@link StatusReader}, is not put there), so it retains no class loader;
     * its entries are immutable once built, and a racing write only replaces one with another.
     */
    private Object knowledge(Class<?> type) {
        int slot = type.hashCode() & (RECENT_SLOTS - 1);
        Recent r = recent[slot];
        if (r != null && r.refersTo(type)) {
            return r.knowledge;
        }
        Object k = knowledge.get(type, lookup);
        if (!(k instanceof StatusReader)) {
            recent[slot] = new Recent(type, k);
        }
        return k;
    }

    /** A class and its knowledge in the table of recent lookups. */
    private static final class Recent extends WeakReference<Class<?>> {
        final Object knowledge;

        Recent(Class<?> type, Object knowledge) {
            super(type);
            this.knowledge = knowledge;
        }
    }

    /**
     * A server's own HTTP exception: the status it carries decides, the innermost one in the chain when
     * they nest (Jetty wraps "413 form too large" in "400 unable to parse form content").
     */
    private Classification byServerStatus(StatusReader first, Throwable at, int depth) {
        int status = first.status(at);
        Throwable t = causeOf(at);
        for (int d = depth + 1; t != null && d < MAX_CHAIN_DEPTH; d++, t = causeOf(t)) {
            if (knowledge(t.getClass()) instanceof StatusReader inner) {
                int s = inner.status(t);
                if (s >= 400 && s <= 599) {
                    status = s;
                }
            }
        }
        if (status < 400 || status > 599) {
            return Classification.of(ErrorType.INTERNAL);
        }
        Classification c = Classification.of(ErrorType.forStatus(status));
        return c.status() == status ? c : c.withStatus(status);
    }

    private @Nullable Classification byRules(Throwable throwable) {
        for (Rule rule : rules) {
            Throwable t = throwable;
            for (int depth = 0; t != null && depth < MAX_CHAIN_DEPTH; depth++, t = causeOf(t)) {
                try {
                    Classification c = rule.classify(t);
                    if (c != null) {
                        return c;
                    }
                } catch (Throwable failure) {
                    ruleFailures.increment();
                    LOG.warn("classification rule {} failed on {}; skipped", rule, t.getClass().getName(), failure);
                    break;
                }
            }
        }
        return null;
    }

    /** The cause of {@code t}, or {@code null} when its {@code getCause()} throws (the chain ends there). */
    private static @Nullable Throwable causeOf(Throwable t) {
        try {
            return t.getCause();
        } catch (Throwable unreadable) {
            return null;
        }
    }

    /** What the user rules alone say of {@code throwable} (for adapters' status-bearing exceptions). */
    public java.util.Optional<Classification> byUserRules(Throwable throwable) {
        Objects.requireNonNull(throwable, "throwable");
        return rules.isEmpty() ? java.util.Optional.empty() : java.util.Optional.ofNullable(byRules(throwable));
    }

    /** How many times a user rule threw. */
    public long ruleFailures() {
        return ruleFailures.sum();
    }

    /** The number of classes in the knowledge cache now; never above {@link #cacheCapacity()}. */
    public long cachedClasses() {
        knowledge.cleanUp();
        return knowledge.estimatedSize();
    }

    /** The knowledge cache's bound. */
    public int cacheCapacity() {
        return cacheSize;
    }

    private static Object knowledgeOf(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Classification known = BUILT_IN.get(c.getName());
            if (known != null) {
                return known;
            }
            StatusReader reader = StatusReader.of(c);
            if (reader != null) {
                return reader;
            }
        }
        return UNKNOWN;
    }

    /**
     * Reads the status a server put on an exception of its own, found by name so that the core needs no
     * compile dependency on any server: Jetty 12's {@code org.eclipse.jetty.http.HttpException}
     * ({@code getCode()}) and Tomcat's {@code org.apache.tomcat.util.http.InvalidParameterException}
     * ({@code getErrorCode()}), both thrown by {@code getParameter} for oversized forms. The method is
     * looked up once per class (this object is cached with the class's knowledge).
     */
    private static final class StatusReader {
        private static final String JETTY = "org.eclipse.jetty.http.HttpException";
        private static final String TOMCAT = "org.apache.tomcat.util.http.InvalidParameterException";

        private final java.lang.reflect.Method method;

        private StatusReader(java.lang.reflect.Method method) {
            this.method = method;
        }

        static @Nullable StatusReader of(Class<?> c) {
            try {
                if (c.getName().equals(TOMCAT)) {
                    return new StatusReader(c.getMethod("getErrorCode"));
                }
                Class<?> jetty = find(c.getInterfaces());
                return jetty == null ? null : new StatusReader(jetty.getMethod("getCode"));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError other) {
                return null; // another version of the server: no knowledge
            }
        }

        private static @Nullable Class<?> find(Class<?>[] interfaces) {
            for (Class<?> i : interfaces) {
                if (i.getName().equals(JETTY)) {
                    return i;
                }
                Class<?> inherited = find(i.getInterfaces());
                if (inherited != null) {
                    return inherited;
                }
            }
            return null;
        }

        int status(Throwable t) {
            try {
                return method.invoke(t) instanceof Integer status ? status : -1;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return -1;
            }
        }
    }

    private static Map<String, Classification> builtIn() {
        Map<String, Classification> m = new HashMap<>();
        Classification database = Classification.of(ErrorType.DATABASE);
        Classification timeout = Classification.of(ErrorType.TIMEOUT);
        Classification network = Classification.of(ErrorType.NETWORK);
        Classification badInput = Classification.of(ErrorType.VALIDATION);
        Classification exhausted = Classification.of(ErrorType.RESOURCE_EXHAUSTED);
        Classification tooLarge = Classification.of(ErrorType.PAYLOAD_TOO_LARGE);

        // JDBC
        m.put("java.sql.SQLException", database);
        m.put("java.sql.SQLIntegrityConstraintViolationException", Classification.of(ErrorType.CONFLICT));
        m.put("java.sql.SQLTimeoutException", database.withStatus(504));
        // timeouts
        m.put("java.util.concurrent.TimeoutException", timeout);
        m.put("java.net.SocketTimeoutException", timeout);
        m.put("java.net.http.HttpTimeoutException", timeout);
        m.put("java.nio.channels.InterruptedByTimeoutException", timeout);
        // connecting to and talking with other hosts
        m.put("java.net.ConnectException", Classification.of(ErrorType.EXTERNAL_SERVICE));
        m.put("java.net.http.HttpConnectTimeoutException", timeout);
        m.put("java.net.SocketException", network);
        m.put("java.net.UnknownHostException", network);
        m.put("java.net.NoRouteToHostException", network);
        m.put("java.net.PortUnreachableException", network);
        m.put("java.nio.channels.UnresolvedAddressException", network);
        m.put("javax.net.ssl.SSLException", network);
        // capacity
        m.put("java.util.concurrent.RejectedExecutionException", exhausted);
        m.put("java.lang.OutOfMemoryError", exhausted);
        // Resilience4j
        m.put("io.github.resilience4j.circuitbreaker.CallNotPermittedException",
                Classification.of(ErrorType.EXTERNAL_SERVICE).withStatus(503));
        m.put("io.github.resilience4j.bulkhead.BulkheadFullException", exhausted);
        m.put("io.github.resilience4j.ratelimiter.RequestNotPermitted", Classification.of(ErrorType.RATE_LIMITED));
        // malformed input: Jackson 2 and 3, Bean Validation
        m.put("com.fasterxml.jackson.core.exc.StreamReadException", badInput);
        m.put("com.fasterxml.jackson.core.JsonParseException", badInput);
        m.put("com.fasterxml.jackson.databind.exc.MismatchedInputException", badInput);
        m.put("tools.jackson.core.exc.StreamReadException", badInput);
        m.put("tools.jackson.databind.exc.MismatchedInputException", badInput);
        // issue 14 (minimal; issue 21 refines Jackson's family and the 413 for document length)
        m.put("com.fasterxml.jackson.core.exc.StreamConstraintsException", badInput);
        m.put("tools.jackson.core.exc.StreamConstraintsException", badInput);
        m.put("jakarta.validation.ConstraintViolationException", badInput);
        m.put("javax.validation.ConstraintViolationException", badInput);
        // servers' own exceptions
        m.put("io.undertow.server.RequestTooBigException", tooLarge);
        m.put("io.undertow.server.handlers.form.MultiPartParserDefinition$FileTooLargeException", tooLarge);
        m.put("org.apache.catalina.connector.ClientAbortException", network.withSeverity(ErrorSeverity.LOW));
        m.put("org.eclipse.jetty.io.EofException", network.withSeverity(ErrorSeverity.LOW));
        return Map.copyOf(m);
    }

    /**
     * Builds an {@link ErrorClassifier}. Not thread-safe.
     */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private int cacheSize = DEFAULT_CACHE_SIZE;

        private Builder() {
        }

        /** Adds a rule, consulted before everything else in registration order. None by default. */
        public Builder rule(Rule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Classifies any throwable in the chain that is an instance of {@code type}. */
        public Builder rule(Class<? extends Throwable> type, Classification classification) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(classification, "classification");
            return rule(new Rule() {
                @Override
                public @Nullable Classification classify(Throwable t) {
                    return type.isInstance(t) ? classification : null;
                }

                @Override
                public String toString() {
                    return "rule(" + type.getName() + " -> " + classification + ")";
                }
            });
        }

        /** Classifies any throwable in the chain that is an instance of {@code type} as {@code errorType}'s default. */
        public Builder rule(Class<? extends Throwable> type, ErrorType errorType) {
            return rule(type, Classification.of(errorType));
        }

        /** Classifies any throwable in the chain that matches {@code predicate}. */
        public Builder rule(Predicate<? super Throwable> predicate, Classification classification) {
            Objects.requireNonNull(predicate, "predicate");
            Objects.requireNonNull(classification, "classification");
            return rule(t -> predicate.test(t) ? classification : null);
        }

        /**
         * The bound of the per-class knowledge cache; default {@value ErrorClassifier#DEFAULT_CACHE_SIZE}.
         *
         * @throws IllegalArgumentException if below 1 (names the setting {@code classifier.cache_size})
         */
        public Builder cacheSize(int cacheSize) {
            if (cacheSize < 1) {
                throw new IllegalArgumentException("classifier.cache_size must be at least 1: " + cacheSize);
            }
            this.cacheSize = cacheSize;
            return this;
        }

        public ErrorClassifier build() {
            return new ErrorClassifier(this);
        }
    }
}
