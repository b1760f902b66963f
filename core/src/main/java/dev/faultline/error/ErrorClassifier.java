package dev.faultline.error;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.faultline.internal.Preconditions;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 *   <li>knowledge of JDK and ecosystem exceptions, kept as data: the versioned table
 *       {@code dev/faultline/error/classifications-v1.properties} in this library, which a user extends or
 *       overrides entry by entry ({@link Builder#knowledge(String, String)}). Classes are matched by name
 *       (the class, its interfaces, its superclasses), so that no compile dependency on any library is
 *       needed. An entry may read a <em>signal</em> on the instance through public methods looked up once
 *       per class: the SQLState and vendor code of an SQL exception, the status a downstream HTTP client's
 *       exception carries (never mistaken for this service's own: it becomes {@code external_service} with
 *       a 502, 503 or 504), a gRPC status code, a MongoDB error code, the status a server put on its own
 *       exception (the innermost such status wins). The outermost link whose class decides wins (a
 *       wrapper whose own class carries the precise meaning, such as Spring's
 *       {@code DuplicateKeyException}); a <em>generic</em> wrapper (Spring's
 *       {@code DataAccessResourceFailureException}, a Redis client's connection exception) defers to its
 *       cause and, when the chain ends, to the suppressed exceptions of its last link, and applies only
 *       when nothing inside is known, or when what is inside is a bare transport failure (a refused
 *       connection) that says less than the wrapper. A link without knowledge (a {@code RuntimeException},
 *       an {@code ExecutionException}, an application's own class) defers to its cause. A client that went
 *       away (see {@code ClientFaults}: Jetty's {@code EofException}, Tomcat's
 *       {@code ClientAbortException}, Undertow's {@code UT000128}, a broken pipe on the server's own
 *       connection...) is {@link ErrorType#CLIENT_CLOSED}, and a request body whose framing the server's
 *       parser refused is a 400, where this knowledge would say network, internal or validation (unless a server's own status exception decided).</li>
 * </ol>
 *
 * <p>Knowledge is memoised per exception class in a bounded Caffeine cache (never keyed by message,
 * which carries user data of unbounded cardinality), with a 64-slot table of recent lookups in front of
 * it that holds its classes weakly; so the answer for a given class chain and signal values is stable,
 * and once the chain's classes are cached, classification does not allocate (but for the message of an
 * I/O exception that {@code ClientFaults} reads to tell a client that went away).
 * User rules are not cached: they may look at the instance. A rule that throws is logged, counted
 * ({@link #ruleFailures()}) and skipped.
 *
 * <p>Thread-safe; instances are immutable apart from the cache and counters.
 */
public final class ErrorClassifier {

    /** How many links of a cause chain are examined at most (suppressed exceptions included). */
    public static final int MAX_CHAIN_DEPTH = 32;

    /** The default bound of the per-class cache. */
    public static final int DEFAULT_CACHE_SIZE = 1024;

    /** The version of the knowledge table's format this classifier reads. */
    public static final String KNOWLEDGE_VERSION = KnowledgeTable.VERSION;

    private static final Logger LOG = LoggerFactory.getLogger("faultline.error");

    /** Slots of the table of recent lookups (a power of two). */
    private static final int RECENT_SLOTS = 64;

    private final List<Rule> rules;
    private final KnowledgeTable table;
    private final Cache<Class<?>, Knowledge> knowledge;
    /** Recent lookups in front of {@link #knowledge}: a hit costs an array read, no cache bookkeeping. */
    private final Recent[] recent = new Recent[RECENT_SLOTS];
    private final Function<Class<?>, Knowledge> lookup;
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
        this.table = KnowledgeTable.withOverrides(b.knowledge);
        KnowledgeTable t = table;
        this.lookup = type -> Knowledge.of(type, t);
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
        // anywhere wins; else the outermost link that decides, else the outermost generic wrapper.
        Classification decided = null;
        boolean transport = false;
        Classification fallback = null;
        boolean serverDecided = false;
        Throwable last = throwable;
        Throwable t = throwable;
        int depth = 0;
        for (; t != null && depth < MAX_CHAIN_DEPTH; depth++) {
            if (t instanceof FaultlineException fe) {
                return fe.classification();
            }
            if (decided == null) {
                Knowledge k = knowledge(t.getClass());
                if (k.role == Knowledge.SERVER) {
                    decided = byServerStatus(k, t, depth);
                    serverDecided = true;
                } else if (k.role != Knowledge.NONE) {
                    Classification signal = k.signal(t);
                    if (signal != null || k.role == Knowledge.PRECISE) {
                        decided = signal != null ? signal : k.classification;
                        transport = k.transport;
                    } else if (fallback == null) {
                        fallback = k.classification;
                    }
                }
            }
            last = t;
            t = causeOf(t);
        }
        if (decided == null && t == null) {
            // the chain ended without a decision: what its last link suppressed (a client that tried
            // several addresses keeps each failure there)
            decided = bySuppressed(last, MAX_CHAIN_DEPTH - depth, fallback != null);
        }
        Classification result = decided != null && !(transport && fallback != null) ? decided
                : fallback != null ? fallback : Classification.of(ErrorType.INTERNAL);
        if (!serverDecided && (result.type() == ErrorType.NETWORK || result.type() == ErrorType.INTERNAL
                || result.type() == ErrorType.VALIDATION)) {
            // issue 14: a client that went away is its own outcome, and a body whose framing the server's
            // parser refused is the client's fault (a SocketException from the client's own connection is not
            // a NETWORK failure of the service). What they look like otherwise is network (a socket error,
            // Jetty's and Tomcat's own classes), nothing known (an IOException, Helidon's, Tomcat's bad
            // request) or a parse error over a body the client stopped sending: only then is the instance
            // read, so every other classification (a timeout, a database, a downstream) costs nothing more.
            Classification client = ClientFaults.classify(throwable);
            if (client != null) {
                return client;
            }
        }
        return result;
    }

    /**
     * The first decision among the exceptions {@code last} suppressed, each with its causes, within
     * {@code budget} links in all; a bare transport failure is skipped when a wrapper outside knows better.
     */
    private @Nullable Classification bySuppressed(Throwable last, int budget, boolean haveFallback) {
        Throwable[] suppressed;
        try {
            suppressed = last.getSuppressed(); // a shared empty array when there are none
        } catch (Throwable unreadable) {
            return null;
        }
        int links = 0;
        for (Throwable s : suppressed) {
            for (Throwable u = s; u != null && links < budget; links++, u = causeOf(u)) {
                if (u instanceof FaultlineException fe) {
                    return fe.classification();
                }
                Knowledge k = knowledge(u.getClass());
                if (k.role == Knowledge.SERVER) {
                    return byServerStatus(k, u, MAX_CHAIN_DEPTH - (budget - links));
                }
                if (k.role == Knowledge.NONE) {
                    continue;
                }
                Classification signal = k.signal(u);
                if (signal != null) {
                    return signal;
                }
                if (k.role == Knowledge.PRECISE) {
                    if (k.transport && haveFallback) {
                        break; // says less than the wrapper outside; look at the next suppressed one
                    }
                    return k.classification;
                }
            }
        }
        return null;
    }

    /**
     * How long a downstream asked its callers to wait, when {@code throwable} (or a link of its cause
     * chain) is an HTTP client's exception for a downstream 429 or 503 that carries a {@code Retry-After}
     * header (delta-seconds or an HTTP-date; a date in the past is zero). Read through the response
     * headers the exception exposes (Spring's {@code RestClientResponseException} and
     * {@code WebClientResponseException}, Feign's {@code FeignException}, JAX-RS's
     * {@code WebApplicationException}, the AWS SDK's {@code AwsServiceException}).
     *
     * @param throwable the failure
     * @param now the current time, to turn an HTTP-date into a delay
     * @return the delay, or empty when there is none
     */
    public Optional<Duration> downstreamRetryAfter(Throwable throwable, Instant now) {
        Objects.requireNonNull(throwable, "throwable");
        Objects.requireNonNull(now, "now");
        Throwable t = throwable;
        for (int depth = 0; t != null && depth < MAX_CHAIN_DEPTH; depth++, t = causeOf(t)) {
            Knowledge k = knowledge(t.getClass());
            Object headers = k.headers(t);
            if (headers != null) {
                Classification c = k.signal(t);
                if (c == null || c.status() != 503) {
                    return Optional.empty(); // the downstream asked for no wait this service passes on
                }
                Duration after = RetryAfter.parse(RetryAfter.header(headers), now);
                if (after != null) {
                    return Optional.of(after);
                }
                // a wrapper that dropped the headers (Feign's RetryableException): its cause may have them
            }
        }
        return Optional.empty();
    }

    /**
     * The knowledge of a class: from the table of recent lookups, else from the bounded cache.
     * The table is direct-mapped by the class's identity hash and holds its classes weakly (knowledge
     * that refers to classes through method handles goes there only when those classes come from the
     * classifier's own class loader or its ancestors), so it retains no class loader the classifier
     * would not retain anyway;
     * its entries are immutable once built, and a racing write only replaces one with another.
     */
    private Knowledge knowledge(Class<?> type) {
        int slot = type.hashCode() & (RECENT_SLOTS - 1);
        Recent r = recent[slot];
        if (r != null && r.refersTo(type)) {
            return r.knowledge;
        }
        Knowledge k = knowledge.get(type, lookup);
        if (k.holdable) {
            recent[slot] = new Recent(type, k);
        }
        return k;
    }

    /** A class and its knowledge in the table of recent lookups. */
    private static final class Recent extends WeakReference<Class<?>> {
        final Knowledge knowledge;

        Recent(Class<?> type, Knowledge knowledge) {
            super(type);
            this.knowledge = knowledge;
        }
    }

    /**
     * A server's own HTTP exception: the status it carries decides, the innermost one in the chain when
     * they nest (Jetty wraps "413 form too large" in "400 unable to parse form content").
     */
    private Classification byServerStatus(Knowledge first, Throwable at, int depth) {
        int status = first.status(at);
        Throwable t = causeOf(at);
        for (int d = depth + 1; t != null && d < MAX_CHAIN_DEPTH; d++, t = causeOf(t)) {
            Knowledge inner = knowledge(t.getClass());
            if (inner.role == Knowledge.SERVER) {
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

    /**
     * Builds an {@link ErrorClassifier}. Not thread-safe.
     */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private final Map<String, String> knowledge = new LinkedHashMap<>();
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
                throw Preconditions.invalid("classifier.cache_size", "must be at least 1: " + cacheSize);
            }
            this.cacheSize = cacheSize;
            return this;
        }

        /**
         * Adds or overrides one entry of the knowledge table, in the format of the built-in table
         * {@code dev/faultline/error/classifications-v1.properties}: for instance
         * {@code knowledge("class.com.acme.QuotaExceeded", "rate_limited")},
         * {@code knowledge("sqlstate.P0001", "validation status=422")},
         * {@code knowledge("class.io.lettuce.core.RedisConnectionException", "database severity=critical generic")}
         * or {@code knowledge("http.404", "external_service status=502 retryable=no")}. None by default.
         *
         * @throws IllegalArgumentException if the entry is malformed (names the key and what is wrong)
         */
        public Builder knowledge(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            KnowledgeTable.check(key, value);
            knowledge.put(key.strip(), value.strip());
            return this;
        }

        /**
         * Adds or overrides entries of the knowledge table (as {@link #knowledge(String, String)}), for
         * instance those of a properties file of the application's own. None by default.
         *
         * @throws IllegalArgumentException if an entry is malformed
         */
        public Builder knowledge(Map<String, String> entries) {
            Objects.requireNonNull(entries, "entries");
            entries.forEach(this::knowledge);
            return this;
        }

        public ErrorClassifier build() {
            return new ErrorClassifier(this);
        }
    }
}
