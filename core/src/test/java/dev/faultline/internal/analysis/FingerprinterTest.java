package dev.faultline.internal.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Fingerprinter")
class FingerprinterTest {

    /** Exact: reads every stack, so that what these tests define is the fingerprint itself, not the shortcut. */
    private static final Fingerprinter APP = Fingerprinter.builder().applicationPackages("com.shop").recheckEvery(1)
            .build();

    private static StackTraceElement frame(String cls, String method, int line) {
        return new StackTraceElement(cls, method, cls.substring(cls.lastIndexOf('.') + 1) + ".java", line);
    }

    /** A throwable with the given frames, top first. */
    private static <T extends Throwable> T at(T t, StackTraceElement... frames) {
        t.setStackTrace(frames);
        return t;
    }

    private static final StackTraceElement[] ORDERS_FIND = {
        frame("java.util.Objects", "requireNonNull", 233),
        frame("com.shop.orders.OrderRepository", "find", 42),
        frame("com.shop.orders.OrderService", "get", 17),
        frame("com.shop.web.OrderResource", "show", 88),
        frame("com.shop.web.OrderResource", "handle", 60),
        frame("io.undertow.server.Connectors", "executeRootHandler", 395),
    };

    private static StackTraceElement[] shifted(StackTraceElement[] frames, int by) {
        StackTraceElement[] out = new StackTraceElement[frames.length];
        for (int i = 0; i < frames.length; i++) {
            StackTraceElement f = frames[i];
            out[i] = new StackTraceElement(f.getClassName(), f.getMethodName(), f.getFileName(), f.getLineNumber() + by);
        }
        return out;
    }

    private static final StackTraceElement[] ORDERS_STORE = {
        frame("com.shop.orders.OrderRepository", "store", 77),
        frame("com.shop.orders.OrderService", "save", 31),
        frame("io.undertow.server.Connectors", "executeRootHandler", 395),
    };

    /** A throwable that counts the readings of its stack in {@link #READS}. */
    static final class Counted extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        static final java.util.concurrent.atomic.AtomicInteger READS = new java.util.concurrent.atomic.AtomicInteger();

        Counted(String message, StackTraceElement[] frames) {
            super(message);
            setStackTrace(frames);
        }

        @Override
        public StackTraceElement[] getStackTrace() {
            READS.incrementAndGet();
            return super.getStackTrace();
        }
    }

    @Nested
    @DisplayName("reads the stack only until a chain and message have shown their throw site")
    class Shortcut {

        @org.junit.jupiter.api.BeforeEach
        void reset() {
            Counted.READS.set(0);
        }

        @Test
        @DisplayName("after the confirmations, a chain and message from one site are answered without the stack")
        void trustedAfterConfirmations() {
            Fingerprinter f = Fingerprinter.builder().applicationPackages("com.shop").recheckEvery(Integer.MAX_VALUE)
                    .build();
            String exact = APP.fingerprint(new Counted("order 1 missing", ORDERS_FIND));
            Counted.READS.set(0);
            for (int i = 0; i < 1_000; i++) {
                assertEquals(exact, f.fingerprint(new Counted("order " + i + " missing", ORDERS_FIND)));
            }
            assertEquals(Fingerprinter.CONFIRMATIONS, Counted.READS.get());
        }

        @Test
        @DisplayName("recheckEvery(1) reads every stack")
        void exactReadsEveryStack() {
            Fingerprinter f = Fingerprinter.builder().recheckEvery(1).build();
            for (int i = 0; i < 50; i++) {
                f.fingerprint(new Counted("order " + i + " missing", ORDERS_FIND));
            }
            assertEquals(50, Counted.READS.get());
        }

        @Test
        @DisplayName("two sites seen while confirming keep their own fingerprints, every time")
        void twoSitesWhileConfirming() {
            Fingerprinter f = Fingerprinter.builder().applicationPackages("com.shop").recheckEvery(Integer.MAX_VALUE)
                    .build();
            String find = APP.fingerprint(new Counted("order 1 missing", ORDERS_FIND));
            String store = APP.fingerprint(new Counted("order 1 missing", ORDERS_STORE));
            assertNotEquals(find, store);
            Counted.READS.set(0);
            for (int i = 0; i < 200; i++) {
                assertEquals(find, f.fingerprint(new Counted("order " + i + " missing", ORDERS_FIND)));
                assertEquals(store, f.fingerprint(new Counted("order " + i + " missing", ORDERS_STORE)));
            }
            assertEquals(400, Counted.READS.get(), "an ambiguous chain and message read the stack every time");
        }

        @Test
        @DisplayName("a new site after confirmation is found by a recheck, and exact from then on")
        void newSiteFoundByRecheck() {
            Fingerprinter f = Fingerprinter.builder().applicationPackages("com.shop").recheckEvery(8).build();
            String find = APP.fingerprint(new Counted("order 1 missing", ORDERS_FIND));
            String store = APP.fingerprint(new Counted("order 1 missing", ORDERS_STORE));
            for (int i = 0; i < Fingerprinter.CONFIRMATIONS; i++) {
                assertEquals(find, f.fingerprint(new Counted("order " + i + " missing", ORDERS_FIND)));
            }
            int mislabelled = 0;
            while (!f.fingerprint(new Counted("order 5 missing", ORDERS_STORE)).equals(store)) {
                mislabelled++;
                // a recheck is 1 in 8 at random: 2,000 misses in a row has a probability of (7/8)^2000
                assertTrue(mislabelled < 2_000, "a new throw site was never rechecked");
            }
            Counted.READS.set(0);
            for (int i = 0; i < 100; i++) {
                assertEquals(store, f.fingerprint(new Counted("order " + i + " missing", ORDERS_STORE)));
                assertEquals(find, f.fingerprint(new Counted("order " + i + " missing", ORDERS_FIND)));
            }
            assertEquals(200, Counted.READS.get());
        }

        @Test
        @DisplayName("recheckEvery below 1 is refused, naming the setting")
        void recheckEveryRange() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Fingerprinter.builder().recheckEvery(0));
            assertTrue(e.getMessage().startsWith("recheckEvery"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("remembers the patterns it has hashed")
    class Memo {

        @Test
        @DisplayName("a pattern seen before gets the fingerprint a fresh fingerprinter computes")
        void sameAsFresh() {
            Fingerprinter f = Fingerprinter.builder().applicationPackages("com.shop").build();
            String first = f.fingerprint(at(new IllegalStateException("order 17 missing"), ORDERS_FIND));
            String again = f.fingerprint(at(new IllegalStateException("order 18 missing"), shifted(ORDERS_FIND, 3)));
            assertEquals(first, again);
            assertEquals(first, APP.fingerprint(at(new IllegalStateException("order 99 missing"), ORDERS_FIND)));
            assertEquals(1, f.memoized());
        }

        @Test
        @DisplayName("keeps at most MEMO_SIZE patterns, and still fingerprints the ones beyond")
        void bounded() {
            Fingerprinter f = Fingerprinter.builder().applicationPackages("com.shop").build();
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (int i = 0; i < Fingerprinter.MEMO_SIZE + 50; i++) {
                StackTraceElement[] site = {frame("com.shop.Generated" + Integer.toString(i, 26).replace('0', 'z'), "run", 1)};
                String fp = f.fingerprint(at(new IllegalStateException("x"), site));
                distinct.add(fp);
                assertEquals(fp, f.fingerprint(at(new IllegalStateException("x"), site)), "stable beyond the bound");
            }
            assertEquals(Fingerprinter.MEMO_SIZE + 50, distinct.size());
            assertTrue(f.memoized() <= Fingerprinter.MEMO_SIZE);
        }

        @Test
        @DisplayName("tells apart patterns whose keys collide (\"Aa\" and \"BB\" share a hash code), however they alternate")
        void collidingKeys() {
            Fingerprinter f = Fingerprinter.builder().applicationPackages("com.shop").build();
            StackTraceElement[] aa = {frame("com.shop.Orders", "Aa", 1)};
            StackTraceElement[] bb = {frame("com.shop.Orders", "BB", 1)};
            assertEquals("Aa".hashCode(), "BB".hashCode());
            String first = f.fingerprint(at(new IllegalStateException("x"), aa));
            String second = f.fingerprint(at(new IllegalStateException("x"), bb));
            assertNotEquals(first, second);
            for (int i = 0; i < 3; i++) {
                assertEquals(first, f.fingerprint(at(new IllegalStateException("x"), aa)));
                assertEquals(second, f.fingerprint(at(new IllegalStateException("x"), bb)));
            }
            // the same for classes of the chain and for root messages
            String classAa = f.fingerprint(at(new IllegalStateException("x", new Aa()), aa));
            String classBb = f.fingerprint(at(new IllegalStateException("x", new BB()), aa));
            assertNotEquals(classAa, classBb);
            assertEquals(classAa, f.fingerprint(at(new IllegalStateException("x", new Aa()), aa)));
            String messageAa = f.fingerprint(at(new IllegalStateException("Aa"), aa));
            String messageBb = f.fingerprint(at(new IllegalStateException("BB"), aa));
            assertNotEquals(messageAa, messageBb);
            assertEquals(messageAa, f.fingerprint(at(new IllegalStateException("Aa"), aa)));
        }

        @Test
        @DisplayName("a hit is the fingerprint of the canonical text, for a frame count of 0 and for fewer site frames than asked")
        void hitIsCanonical() {
            Fingerprinter none = Fingerprinter.builder().frames(0).build();
            Fingerprinter five = Fingerprinter.builder().applicationPackages("com.shop").frames(5).build();
            for (Fingerprinter f : java.util.List.of(none, five, APP, Fingerprinter.create())) {
                for (int i = 0; i < 2; i++) { // the second round hits the memo
                    Throwable t = at(new IllegalStateException("order 1 missing", new SQLException("down 7")), ORDERS_FIND);
                    assertEquals(Fingerprinter.hash(f.canonical(t)), f.fingerprint(t), f.toString());
                }
            }
        }

        @Test
        @DisplayName("the status fingerprint of a status and endpoint is the same memoised or not, and differs per endpoint")
        void statuses() {
            Fingerprinter f = Fingerprinter.builder().build();
            String missing = f.fingerprintStatus(404, "_unmatched");
            assertEquals(Fingerprinter.hash("faultline-fingerprint-1\nstatus\n404\n_unmatched"), missing);
            assertEquals(missing, f.fingerprintStatus(404, "_unmatched"));
            assertNotEquals(missing, f.fingerprintStatus(404, "/orders/{id}"));
            assertNotEquals(missing, f.fingerprintStatus(405, "_unmatched"));
            assertEquals(missing, f.fingerprintStatus(404, "_unmatched"));
        }
    }

    @Nested
    @DisplayName("gives one fingerprint to one fault")
    class Same {

        @Test
        @DisplayName("thrown one frame below the server, whichever path the request took through its I/O layer")
        void serverPaths() {
            Fingerprinter noPackages = Fingerprinter.builder().recheckEvery(1).build();
            StackTraceElement handler = frame("com.shop.web.Hello", "lambda$boom$0", 12);
            StackTraceElement[] firstRequest = {handler, frame("io.undertow.server.Connectors", "executeRootHandler", 395),
                frame("io.undertow.server.protocol.http.HttpReadListener", "handleEventWithNoRunningRequest", 256),
                frame("org.xnio.ChannelListeners", "invokeChannelListener", 94),
                frame("org.xnio.nio.WorkerThread", "run", 591)};
            StackTraceElement[] pipelined = {handler, frame("io.undertow.server.Connectors", "executeRootHandler", 395),
                frame("io.undertow.server.protocol.http.HttpReadListener", "exchangeComplete", 379),
                frame("org.xnio.nio.NioSocketConduit", "handleReady", 89),
                frame("org.xnio.nio.WorkerThread", "safeRun", 624),
                frame("org.xnio.nio.WorkerThread", "run", 591)};
            StackTraceElement[] servlet = {handler, frame("jakarta.servlet.http.HttpServlet", "service", 658),
                frame("org.apache.catalina.core.ApplicationFilterChain", "doFilter", 195),
                frame("org.apache.coyote.http11.Http11Processor", "service", 390),
                frame("org.apache.tomcat.util.net.NioEndpoint$SocketProcessor", "doRun", 1769)};
            String a = noPackages.fingerprint(at(new IllegalStateException("boom"), firstRequest));
            assertEquals(a, noPackages.fingerprint(at(new IllegalStateException("boom"), pipelined)));
            assertEquals(a, noPackages.fingerprint(at(new IllegalStateException("boom"), servlet)));
        }

        @Test
        @DisplayName("whatever ids, UUIDs and numbers its message carries")
        void variableMessage() {
            String a = APP.fingerprint(at(new IllegalStateException(
                    "order 42 of user 7f3e2a10-0000-4000-8000-000000000001 not found after 3 tries"), ORDERS_FIND));
            String b = APP.fingerprint(at(new IllegalStateException(
                    "order 977 of user 0d9a7c11-1234-4abc-9def-0123456789ab not found after 12 tries"), ORDERS_FIND));
            assertEquals(a, b);
            assertTrue(a.matches("[0-9a-f]{16}"), a);
        }

        @Test
        @DisplayName("when a rebuild shifts its line numbers")
        void lineNumbers() {
            assertEquals(APP.fingerprint(at(new IllegalStateException("boom"), ORDERS_FIND)),
                    APP.fingerprint(at(new IllegalStateException("boom"), shifted(ORDERS_FIND, 13))));
        }

        @Test
        @DisplayName("when only frames below the top in-app frames differ")
        void deeperFrames() {
            StackTraceElement[] other = ORDERS_FIND.clone();
            other[4] = frame("com.shop.web.Batch", "run", 1);
            other[5] = frame("org.eclipse.jetty.server.Server", "handle", 1);
            assertEquals(APP.fingerprint(at(new IllegalStateException("boom"), ORDERS_FIND)),
                    APP.fingerprint(at(new IllegalStateException("boom"), other)));
        }

        @Test
        @DisplayName("when lambda and proxy class names carry per-run numbers")
        void generatedNames() {
            StackTraceElement[] run1 = {frame("com.shop.Jobs$$Lambda/0x000000080012c440", "run", 1),
                frame("com.shop.Jobs", "lambda$schedule$0", 20), frame("com.shop.$Proxy12", "call", 1)};
            StackTraceElement[] run2 = {frame("com.shop.Jobs$$Lambda/0x0000000800ab1000", "run", 1),
                frame("com.shop.Jobs", "lambda$schedule$3", 21), frame("com.shop.$Proxy40", "call", 1)};
            assertEquals(APP.fingerprint(at(new IllegalStateException("x"), run1)),
                    APP.fingerprint(at(new IllegalStateException("x"), run2)));
        }

        @Test
        @DisplayName("thrown for real from the same method on different lines")
        void realThrowSite() {
            Fingerprinter f = Fingerprinter.builder().applicationPackages("dev.faultline.internal.analysis").build();
            assertEquals(f.fingerprint(Sites.lookup(1, true)), f.fingerprint(Sites.lookup(2, false)));
        }
    }

    @Nested
    @DisplayName("gives different fingerprints to different faults")
    class Different {

        @Test
        @DisplayName("thrown from different methods")
        void throwSites() {
            StackTraceElement[] other = ORDERS_FIND.clone();
            other[1] = frame("com.shop.orders.OrderRepository", "save", 42);
            assertNotEquals(APP.fingerprint(at(new IllegalStateException("boom"), ORDERS_FIND)),
                    APP.fingerprint(at(new IllegalStateException("boom"), other)));
        }

        @Test
        @DisplayName("thrown for real from different methods")
        void realThrowSites() {
            Fingerprinter f = Fingerprinter.builder().applicationPackages("dev.faultline.internal.analysis").build();
            assertNotEquals(f.fingerprint(Sites.lookup(1, true)), f.fingerprint(Sites.store(1)));
        }

        @Test
        @DisplayName("of different classes")
        void classes() {
            assertNotEquals(APP.fingerprint(at(new IllegalStateException("boom"), ORDERS_FIND)),
                    APP.fingerprint(at(new IllegalArgumentException("boom"), ORDERS_FIND)));
        }

        @Test
        @DisplayName("with different causes")
        void causes() {
            Throwable io = at(new UncheckedIOException(new IOException("disk")), ORDERS_FIND);
            Throwable sql = at(new UncheckedIOException("disk", new IOException("disk", new SQLException("disk"))),
                    ORDERS_FIND);
            assertNotEquals(APP.fingerprint(io), APP.fingerprint(sql));
        }

        @Test
        @DisplayName("with different message templates at the root")
        void messages() {
            assertNotEquals(APP.fingerprint(at(new IllegalStateException("order 1 not found"), ORDERS_FIND)),
                    APP.fingerprint(at(new IllegalStateException("order 1 cancelled"), ORDERS_FIND)));
        }
    }

    @Nested
    @DisplayName("chooses the throw site")
    class ThrowSite {

        @Test
        @DisplayName("from the root-most link with in-app frames, so wrappers thrown elsewhere do not split a pattern")
        void rootMostInApp() {
            Throwable root = at(new SQLException("timeout"), frame("org.h2.Driver", "exec", 1),
                    frame("com.shop.orders.OrderRepository", "find", 42));
            Throwable wrappedInService = at(new IllegalStateException("db", root),
                    frame("com.shop.orders.OrderService", "get", 17));
            Throwable wrappedInResource = at(new IllegalStateException("db", root),
                    frame("com.shop.web.OrderResource", "show", 88));
            assertEquals(APP.fingerprint(wrappedInService), APP.fingerprint(wrappedInResource));
            assertTrue(APP.canonical(wrappedInService).contains("com.shop.orders.OrderRepository#find"));
        }

        @Test
        @DisplayName("without application packages: the outermost throwable's top frames outside the JDK and servers")
        void defaultFrames() {
            Fingerprinter f = Fingerprinter.create();
            String canonical = f.canonical(at(new IllegalStateException("x"), ORDERS_FIND));
            assertTrue(canonical.contains("com.shop.orders.OrderRepository#find\ncom.shop.orders.OrderService#get\n"
                    + "com.shop.web.OrderResource#show\n--"), canonical);
            assertTrue(!canonical.contains("java.util.Objects") && !canonical.contains("io.undertow"), canonical);
        }

        @Test
        @DisplayName("with application packages that no frame matches: falls back to the default frames")
        void noInAppFrames() {
            Fingerprinter f = Fingerprinter.builder().applicationPackages("org.other").build();
            assertEquals(Fingerprinter.create().fingerprint(at(new IllegalStateException("x"), ORDERS_FIND)),
                    f.fingerprint(at(new IllegalStateException("x"), ORDERS_FIND)));
        }

        @Test
        @DisplayName("a package covers its subpackages but not a package that only shares its prefix")
        void packageBoundary() {
            Fingerprinter f = Fingerprinter.builder().applicationPackages("com.sho", "com.shop.web.").frames(1).build();
            assertTrue(f.canonical(at(new IllegalStateException("x"), ORDERS_FIND)).contains("com.shop.web.OrderResource#show"));
            assertEquals(java.util.List.of("com.sho", "com.shop.web"), f.applicationPackages());
        }

        @Test
        @DisplayName("frames(n) takes n frames; frames(0) none")
        void frameCount() {
            Fingerprinter one = Fingerprinter.builder().applicationPackages("com.shop").frames(1).build();
            Fingerprinter none = Fingerprinter.builder().applicationPackages("com.shop").frames(0).build();
            StackTraceElement[] other = ORDERS_FIND.clone();
            other[2] = frame("com.shop.orders.Other", "x", 1);
            assertEquals(one.fingerprint(at(new IllegalStateException("x"), ORDERS_FIND)),
                    one.fingerprint(at(new IllegalStateException("x"), other)));
            assertNotEquals(APP.fingerprint(at(new IllegalStateException("x"), ORDERS_FIND)),
                    APP.fingerprint(at(new IllegalStateException("x"), other)));
            assertEquals(none.fingerprint(at(new IllegalStateException("x"), ORDERS_FIND)),
                    none.fingerprint(new IllegalStateException("x")));
        }
    }

    @Nested
    @DisplayName("never throws")
    class Hostile {

        @Test
        @DisplayName("on a cause cycle")
        void cycle() {
            IllegalStateException a = new IllegalStateException("a");
            IllegalArgumentException b = new IllegalArgumentException("b", a);
            a.initCause(b);
            String fp = APP.fingerprint(a);
            assertTrue(fp.matches("[0-9a-f]{16}"));
            assertEquals(fp, APP.fingerprint(a));
            assertNotEquals(fp, APP.fingerprint(b));
        }

        @Test
        @DisplayName("on a throwable that is its own cause")
        void selfCause() {
            RuntimeException self = new RuntimeException("me") {
                private static final long serialVersionUID = 1L;

                @Override
                public synchronized Throwable getCause() {
                    return this;
                }
            };
            assertTrue(APP.fingerprint(self).matches("[0-9a-f]{16}"));
        }

        @Test
        @DisplayName("on a chain deeper than 32 links, which is cut at 32")
        void deep() {
            Throwable t = new IllegalStateException("root");
            for (int i = 0; i < 1000; i++) {
                t = new RuntimeException("wrap", t);
            }
            assertEquals(Fingerprinter.MAX_CHAIN, Fingerprinter.chain(t).size());
            assertTrue(APP.fingerprint(t).matches("[0-9a-f]{16}"));
        }

        @Test
        @DisplayName("when getMessage() throws: the message counts as null")
        void messageThrows() {
            assertEquals(APP.fingerprint(at(new BrokenThrowable(false, false, null), ORDERS_FIND)),
                    APP.fingerprint(at(new BrokenThrowable(true, false, null), ORDERS_FIND)));
        }

        @Test
        @DisplayName("when getCause() throws: the chain ends there")
        void causeThrows() {
            assertEquals(APP.fingerprint(at(new BrokenThrowable(false, false, null), ORDERS_FIND)),
                    APP.fingerprint(at(new BrokenThrowable(false, true, new IOException("hidden")), ORDERS_FIND)));
        }

        @Test
        @DisplayName("when getStackTrace() throws or the throwable is null")
        void stackThrows() {
            RuntimeException t = new RuntimeException("x") {
                private static final long serialVersionUID = 1L;

                @Override
                public StackTraceElement[] getStackTrace() {
                    throw new IllegalStateException("no stack for you");
                }
            };
            assertTrue(APP.fingerprint(t).matches("[0-9a-f]{16}"));
            assertTrue(APP.fingerprint(null).matches("[0-9a-f]{16}"));
        }
    }

    @Nested
    @DisplayName("validates its builder")
    class Builder {

        @Test
        @DisplayName("frames must be 0..32 and package names not blank")
        void validation() {
            assertThrows(IllegalArgumentException.class, () -> Fingerprinter.builder().frames(-1));
            assertThrows(IllegalArgumentException.class, () -> Fingerprinter.builder().frames(33));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Fingerprinter.builder().applicationPackages("com.shop", " "));
            assertTrue(e.getMessage().contains("applicationPackages"));
            assertEquals(Fingerprinter.DEFAULT_FRAMES, Fingerprinter.create().frames());
            assertTrue(Fingerprinter.create().applicationPackages().isEmpty());
        }
    }

    /** Two exception classes whose simple names share a hash code. */
    static final class Aa extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    static final class BB extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** A throwable whose accessors can be made to throw. */
    static final class BrokenThrowable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean messageThrows;
        private final boolean causeThrows;

        BrokenThrowable(boolean messageThrows, boolean causeThrows, @Nullable Throwable cause) {
            super(null, cause);
            this.messageThrows = messageThrows;
            this.causeThrows = causeThrows;
        }

        @Override
        public @Nullable String getMessage() {
            if (messageThrows) {
                throw new IllegalStateException("getMessage is broken");
            }
            return super.getMessage();
        }

        @Override
        public synchronized @Nullable Throwable getCause() {
            if (causeThrows) {
                throw new UnsupportedOperationException("getCause is broken");
            }
            return super.getCause();
        }
    }
}
