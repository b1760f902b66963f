package dev.faultline.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.error.ThrowableKinds.Chain;
import dev.faultline.error.ThrowableKinds.Kind;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Group;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

@Label("ErrorClassifier properties")
class ErrorClassifierProperties {

    // ---- generators -----------------------------------------------------------------------------

    /** Chains of 1..100 links drawn from {@code pool}, about two in three closed into a cycle when possible. */
    private static Arbitrary<Chain> chains(List<Kind> pool, int maxLength) {
        return Arbitraries.of(pool).list().ofMinSize(1).ofMaxSize(maxLength).flatMap(kinds -> {
            int n = kinds.size();
            if (n < 2 || !kinds.get(n - 1).cyclable()) {
                return Arbitraries.just(new Chain(kinds, -1));
            }
            return Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.just(-1)),
                    Tuple.of(2, Arbitraries.integers().between(0, n - 2)))
                    .map(cycleTo -> new Chain(kinds, cycleTo));
        });
    }

    @Provide
    Arbitrary<Chain> anyChain() {
        return chains(ThrowableKinds.ALL, 100);
    }

    @Provide
    Arbitrary<Chain> unknownChain() {
        return chains(ThrowableKinds.UNKNOWN, 100);
    }

    @Provide
    Arbitrary<Chain> shortChain() {
        return chains(ThrowableKinds.ALL, 4);
    }

    /** Messages for the links: arbitrary strings (any UTF-16 unit) or null. */
    @Provide
    Arbitrary<List<@Nullable String>> messages() {
        return Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(40)
                .injectNull(0.25)
                .list().ofMaxSize(100);
    }

    @Provide
    Arbitrary<Kind> knownRoot() {
        return Arbitraries.of(ThrowableKinds.KNOWN_JDK);
    }

    /** Wrappers the classifier does not know, short enough that the root stays within the depth limit. */
    @Provide
    Arbitrary<List<Kind>> wrappers() {
        return Arbitraries.of(ThrowableKinds.UNKNOWN).list().ofMaxSize(ErrorClassifier.MAX_CHAIN_DEPTH - 1);
    }

    /** JDK links, known or not, that take a cause. */
    @Provide
    Arbitrary<List<Kind>> jdkWrappers() {
        return Arbitraries.of(ThrowableKinds.JDK).list().ofMaxSize(ErrorClassifier.MAX_CHAIN_DEPTH - 2);
    }

    @Provide
    Arbitrary<Kind> faultlineKind() {
        return Arbitraries.of(ThrowableKinds.FAULTLINE);
    }

    private static ErrorClassifier withPassingRule() {
        return ErrorClassifier.builder().rule(t -> null).build();
    }

    // ---- properties -----------------------------------------------------------------------------

    @Group
    @Label("classification is total")
    class Total {

        @Property(tries = 200)
        @Label("any throwable chain, cyclic or up to 100 deep, with any messages, is classified without throwing")
        void anyChainIsClassified(@ForAll("anyChain") Chain chain, @ForAll("messages") List<@Nullable String> messages) {
            Throwable t = chain.build(messages);
            for (ErrorClassifier classifier : List.of(ErrorClassifier.create(), withPassingRule())) {
                Classification c = classifier.classify(t);
                assertNotNull(c);
                assertNotNull(c.type());
                assertNotNull(c.severity());
                assertTrue(c.status() >= 400 && c.status() <= 599, () -> "status " + c.status());
            }
        }

        @Property(tries = 200)
        @Label("a chain of classes nobody knows is INTERNAL / HIGH / 500, cycles included")
        void unknownIsInternal(@ForAll("unknownChain") Chain chain, @ForAll("messages") List<@Nullable String> messages) {
            Classification c = ErrorClassifier.create().classify(chain.build(messages));
            assertEquals(ErrorType.INTERNAL, c.type());
            assertEquals(ErrorSeverity.HIGH, c.severity());
            assertEquals(500, c.status());
            assertEquals(Classification.of(ErrorType.INTERNAL), c);
        }
    }

    @Group
    @Label("classification is stable")
    class Stable {

        @Property(tries = 200)
        @Label("the same class chain gets the same classification whatever the messages, cached or not")
        void sameClassChainSameAnswer(@ForAll("anyChain") Chain chain,
                @ForAll("messages") List<@Nullable String> first,
                @ForAll("messages") List<@Nullable String> second) {
            ErrorClassifier warm = ErrorClassifier.create();
            Classification a = warm.classify(chain.build(first));
            Classification b = warm.classify(chain.build(second));
            Classification fresh = ErrorClassifier.create().classify(chain.build(second));
            assertEquals(a, b);
            assertEquals(a, fresh);
        }

        @Property(tries = 200)
        @Label("unknown wrappers (up to the depth limit) defer to a known root cause")
        void wrappersDeferToRoot(@ForAll("wrappers") List<Kind> wrappers, @ForAll("knownRoot") Kind root,
                @ForAll("messages") List<@Nullable String> messages) {
            Throwable t = root.make().apply("root", null);
            for (int i = wrappers.size() - 1; i >= 0; i--) {
                t = wrappers.get(i).make().apply(i < messages.size() ? messages.get(i) : null, t);
            }
            assertEquals(root.expected(), ErrorClassifier.create().classify(t));
        }

        @Property(tries = 200)
        @Label("a Faultline exception anywhere in the first links decides over any JDK knowledge")
        void faultlineExceptionWins(@ForAll("jdkWrappers") List<Kind> wrappers,
                @ForAll("faultlineKind") Kind own, @ForAll("knownRoot") Kind innerRoot) {
            // JDK links (known or not) around a Faultline exception that itself wraps a known JDK root
            Throwable t = own.make().apply("public", innerRoot.make().apply("root", null));
            for (int i = wrappers.size() - 1; i >= 0; i--) {
                t = wrappers.get(i).make().apply("wrapper", t);
            }
            assertEquals(own.expected(), ErrorClassifier.create().classify(t));
        }
    }

    /** A client library's connection exception that the table calls a generic wrapper (as Jedis's). */
    static final class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreException(@Nullable Throwable cause) {
            super("store unavailable", cause);
        }
    }

    /** Known kinds that are bare transport failures (a refused or reset connection, an unknown host). */
    private static final java.util.Set<String> TRANSPORT = java.util.Set.of("ConnectException", "SocketException",
            "UnknownHostException", "NoRouteToHostException", "UnresolvedAddressException", "SSLHandshakeException");

    private static final Classification STORE = Classification.of(ErrorType.DATABASE).withSeverity(ErrorSeverity.HIGH);

    private static ErrorClassifier withStore() {
        return ErrorClassifier.builder().knowledge("class." + StoreException.class.getName(), "database severity=high generic").build();
    }

    @Provide
    Arbitrary<List<Kind>> unknownKinds() {
        return Arbitraries.of(ThrowableKinds.UNKNOWN).list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<Kind> unknownKind() {
        return Arbitraries.of(ThrowableKinds.UNKNOWN);
    }

    @Group
    @Label("the cause chain first, then what its last link suppressed")
    class Suppressed {

        @Property(tries = 200)
        @Label("a chain of unknowns with no cause left takes the first known suppressed exception")
        void suppressedWhenNoCause(@ForAll("unknownKind") Kind outer, @ForAll("unknownKinds") List<Kind> before,
                @ForAll("knownRoot") Kind known, @ForAll("unknownKinds") List<Kind> after) {
            Throwable t = outer.make().apply("outer", null);
            for (Kind k : before) {
                t.addSuppressed(k.make().apply("noise", null));
            }
            t.addSuppressed(known.make().apply("the reason", null));
            for (Kind k : after) {
                t.addSuppressed(k.make().apply("noise", null));
            }
            assertEquals(known.expected(), ErrorClassifier.create().classify(t));
            assertEquals(known.expected(), withPassingRule().classify(t), "same with a rule that passes");
        }

        @Property(tries = 200)
        @Label("a known cause wins over any suppressed exception")
        void causeBeforeSuppressed(@ForAll("knownRoot") Kind cause, @ForAll("knownRoot") Kind suppressed,
                @ForAll("unknownKinds") List<Kind> wrappers) {
            Throwable t = cause.make().apply("cause", null);
            for (Kind w : wrappers) {
                t = w.make().apply("wrapper", t); // every unknown kind takes a cause
            }
            t.addSuppressed(suppressed.make().apply("suppressed", null));
            assertEquals(cause.expected(), ErrorClassifier.create().classify(t));
        }

        @Property(tries = 200)
        @Label("a generic wrapper defers to a known cause or suppressed exception, except a bare transport failure")
        void genericWrapper(@ForAll("knownRoot") Kind inner, @ForAll boolean asCause) {
            Throwable root = inner.make().apply("inner", null);
            StoreException t;
            if (asCause) {
                t = new StoreException(root);
            } else {
                t = new StoreException(null);
                t.addSuppressed(root);
            }
            Classification expected = TRANSPORT.contains(inner.name()) ? STORE : inner.expected();
            assertEquals(expected, withStore().classify(t));
            assertEquals(STORE, withStore().classify(new StoreException(null)), "alone, the wrapper's own");
        }

        @Property(tries = 100)
        @Label("suppressed exceptions that suppress each other in a cycle still end")
        void suppressedCycle(@ForAll("unknownKind") Kind a, @ForAll("unknownKind") Kind b) {
            Throwable x = a.make().apply("a", null);
            Throwable y = b.make().apply("b", null);
            x.addSuppressed(y);
            y.addSuppressed(x);
            assertEquals(Classification.of(ErrorType.INTERNAL), ErrorClassifier.create().classify(x));
        }
    }

    @Group
    @Label("the knowledge cache is bounded")
    class Bounded {

        @Property(tries = 100)
        @Label("after every classification the cache holds at most its capacity")
        void cacheNeverExceedsItsBound(@ForAll @IntRange(min = 1, max = 16) int capacity,
                @ForAll("shortChainSequence") List<Chain> sequence) {
            ErrorClassifier classifier = ErrorClassifier.builder().cacheSize(capacity).build();
            assertEquals(capacity, classifier.cacheCapacity());
            List<@Nullable String> noMessages = List.of();
            for (Chain chain : sequence) {
                Throwable t = chain.build(noMessages);
                Classification c = classifier.classify(t);
                assertNotNull(c);
                long cached = classifier.cachedClasses();
                assertTrue(cached <= classifier.cacheCapacity(),
                        () -> cached + " classes cached, capacity " + classifier.cacheCapacity());
            }
        }

        @Provide
        Arbitrary<List<Chain>> shortChainSequence() {
            return shortChain().list().ofMinSize(1).ofMaxSize(200);
        }

        @Property(tries = 50)
        @Label("eviction never changes an answer: a bounded classifier agrees with a roomy one")
        void evictionKeepsAnswers(@ForAll @IntRange(min = 1, max = 8) int capacity,
                @ForAll("shortChainSequence") List<Chain> sequence) {
            ErrorClassifier small = ErrorClassifier.builder().cacheSize(capacity).build();
            ErrorClassifier roomy = ErrorClassifier.create();
            List<@Nullable String> noMessages = List.of();
            for (Chain chain : sequence) {
                Throwable t = chain.build(noMessages);
                assertEquals(roomy.classify(t), small.classify(t), chain::toString);
            }
        }
    }

    @Group
    @Label("each kind alone")
    class Alone {

        @Property(tries = 200)
        @Label("a lone throwable of a known kind gets its kind's classification; an unknown one INTERNAL")
        void loneKind(@ForAll("anyKind") Kind kind, @ForAll("messages") List<@Nullable String> messages) {
            Throwable t = kind.make().apply(messages.isEmpty() ? null : messages.get(0), null);
            Classification expected = kind.expected() != null ? kind.expected() : Classification.of(ErrorType.INTERNAL);
            assertEquals(expected, ErrorClassifier.create().classify(t));
        }

        @Provide
        Arbitrary<Kind> anyKind() {
            return Arbitraries.of(ThrowableKinds.ALL);
        }

        @Property(tries = 50)
        @Label("the default classification of a type is one shared instance")
        void sharedDefaults(@ForAll ErrorType type) {
            assertSame(Classification.of(type), type.classification());
            assertEquals(type.status(), Classification.of(type).status());
            assertEquals(type.severity(), Classification.of(type).severity());
        }
    }
}
