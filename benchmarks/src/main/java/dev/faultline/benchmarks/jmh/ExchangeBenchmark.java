package dev.faultline.benchmarks.jmh;

import com.example.shop.OrderRepository;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * One exchange through the core exactly as an adapter drives it (see {@code FaultlineHandler} in
 * adapter-undertow): {@code open} over a new request view, the two capture questions,
 * {@code rejection()}, the monitoring-endpoint check, {@code bind()} around the application (which sets
 * status 200), and {@code close} over a new response view, which records the latency in the
 * performance monitor (overall and per endpoint), counts the request in the error metrics and feeds
 * the alert rules. The request is {@link ServerRequest#typicalGet}: a GET of
 * {@code /videos/42?page=2&sort=recent} with six browser-like headers and no incoming request id (so
 * one is generated), cycling over 256 client addresses.
 *
 * <p>The configuration is the production preset (metrics, alerting with the default rules and
 * recovery on; headers and bodies not logged). Each variant adds one thing to {@code openClose}:
 * <ul>
 *   <li>{@code openClose}: metrics, every logger off, no security monitor — the path issue #8's
 *       300 ns / 256 B target is about;</li>
 *   <li>{@code openCloseLogged}: plus the {@code request completed} line at INFO to a no-op appender
 *       (the event is built, with its fields and the redacted query, and handed to Logback);</li>
 *   <li>{@code openCloseJsonLine}: plus the same line rendered by Logback's {@code JsonEncoder} into a
 *       discarding stream (everything short of the write);</li>
 *   <li>{@code openCloseFrozenClocks}: {@code openClose} with a constant wall clock and a ticker that
 *       only counts: the difference is what reading the time costs;</li>
 *   <li>{@code openCloseSecured}: plus the default security monitor: the per-client rate limit and the
 *       signature scan of path, query and the {@code User-Agent} header. The rate limit is raised to a
 *       million a minute: the benchmark sends millions of requests a second from 256 addresses, and the
 *       default 100 a minute would turn nearly all of them into 429s (the teardown fails the run if any
 *       request was refused).</li>
 *   <li>{@code openCloseSecuredTwoThreads}: {@code openCloseSecured} from two threads at once into one
 *       Faultline, as a server's two I/O threads drive it: what every request of both threads writes to
 *       the same metric windows, rate-limit buckets and caches costs here, where a single thread's
 *       caches keep them all. The time is per request and thread (the two run in parallel).</li>
 *   <li>{@code openCloseThrowing}: {@code openClose} where the application throws, 20 frames below the
 *       handler, an {@code IllegalStateException} caused by an {@code SQLTransientConnectionException}
 *       (a fresh one each time, with a message that names the order): classification over the cause
 *       chain, the fingerprint, the error metrics, the pattern table, the alert rules and the problem
 *       body rendered to bytes; every logger off (issue 16's target: ≤ 2 µs, ≤ 1 KiB). The throwing
 *       code is {@link OrderRepository}, outside {@code dev.faultline} as an application's is;</li>
 *   <li>{@code throwOnly}: the same throw and catch without Faultline, so that
 *       {@code openCloseThrowing − throwOnly} is Faultline's part of a failed request;</li>
 *   <li>{@code throwAndStackTrace}: {@code throwOnly} plus one {@link Throwable#getStackTrace()}, which
 *       materialises every frame of the stack, since no public API reads a throwable's top frames alone
 *       ({@code throwAndStackTrace − throwOnly}): what a fingerprint pays when it reads the throw site,
 *       on a pattern's first occurrences and a random 1 in 64 after them (the fresh exception of every
 *       {@code openCloseThrowing} comes from one site, so it is fingerprinted without it).</li>
 * </ul>
 *
 * <p>{@link ExchangeCpuTime} measures the same cases in thread CPU time, for a loaded machine.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExchangeBenchmark {

    /** Client addresses the requests cycle through (a power of two). */
    static final int CLIENTS = 256;

    /** The benchmarks' Faultline: the production preset, with or without the security monitor. */
    static Faultline faultline(boolean security, Faultline.Builder builder) {
        return faultline(security, 1_000_000, builder);
    }

    /** @param perMinute the rate limit per client, raised from the default 100 (see the class comment) */
    static Faultline faultline(boolean security, int perMinute, Faultline.Builder builder) {
        return builder
                .settings(name -> null) // nothing from the machine's environment
                .environment(Environment.PRODUCTION)
                .security(s -> {
                    if (security) {
                        s.maxRequestsPerMinute(perMinute);
                    } else {
                        s.rateLimit(false).signatures(false);
                    }
                })
                .build();
    }

    /** A Faultline, the requests of 256 clients, and the adapter's per-request steps. */
    public abstract static class Pipeline {
        Faultline faultline;
        ServerRequest[] requests;
        ServerResponse response;
        int next;
        long refused;

        void build(boolean security) {
            build(security, Faultline.builder());
        }

        void build(boolean security, Faultline.Builder builder) {
            build(faultline(security, builder));
        }

        /** Drives {@code f} with the requests of the 256 clients and a 200 response. */
        void build(Faultline f) {
            faultline = f;
            requests = new ServerRequest[CLIENTS];
            for (int i = 0; i < CLIENTS; i++) {
                requests[i] = ServerRequest.typicalGet("198.51.100." + i);
            }
            response = ServerResponse.okJson();
        }

        /** One request, as FaultlineHandler drives it; returns the closed exchange. */
        Exchange exchange() {
            ServerRequest request = requests[next++ & (CLIENTS - 1)];
            Exchange x = faultline.open(request.view());
            // adapters ask before the application reads or writes a byte (both empty: payloads not logged)
            x.requestCapture();
            x.responseCapture();
            Optional<ErrorReply> rejection = x.rejection();
            if (rejection.isPresent()) {
                refused++;
            } else if (!faultline.monitoring().owns(request.path)) {
                try (Exchange.Scope ignored = x.bind()) {
                    response.status = 200; // the application answers
                }
            }
            x.close(response.view());
            return x;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            faultline.close();
            if (refused > 0) {
                throw new IllegalStateException(refused + " requests were refused: the benchmark measured the wrong path");
            }
        }
    }

    /** Every logger off, no security monitor. */
    @State(Scope.Thread)
    public static class Base extends Pipeline {
        @Setup(Level.Trial)
        public void setUp() {
            Logging.off();
            build(false);
        }
    }

    /** {@code faultline.http} at INFO to a no-op appender. */
    @State(Scope.Thread)
    public static class CompletionLine extends Pipeline {
        Logging.NoopAppender appender;

        @Setup(Level.Trial)
        public void setUp() {
            appender = Logging.completionLineToNoop();
            build(false);
        }

        @TearDown(Level.Trial)
        public void checkLogged() {
            if (appender.events() == 0) {
                throw new IllegalStateException("no completion line reached the appender");
            }
        }
    }

    /** {@code faultline.http} at INFO, rendered as JSON into a discarding stream. */
    @State(Scope.Thread)
    public static class JsonLine extends Pipeline {
        @Setup(Level.Trial)
        public void setUp() {
            Logging.completionLineAsJson();
            build(false);
        }
    }

    /**
     * As {@link Base}, but the wall clock and the nanosecond ticker are constants: the difference from
     * {@code openClose} is what reading the time costs (three readings per exchange).
     */
    @State(Scope.Thread)
    public static class FrozenClocks extends Pipeline {
        @Setup(Level.Trial)
        public void setUp() {
            Logging.off();
            java.time.Clock fixed = java.time.Clock.fixed(java.time.Instant.parse("2026-01-01T10:00:10Z"),
                    java.time.ZoneOffset.UTC);
            long[] nanos = {0};
            // the ticker advances 1 ms per reading, so that latencies spread over histogram buckets as usual
            build(false, Faultline.builder().clock(fixed).ticker(() -> nanos[0] += 1_000_000));
        }
    }

    /** Every logger off, the default security monitor (rate limit raised, see the class comment). */
    @State(Scope.Thread)
    public static class Secured extends Pipeline {
        @Setup(Level.Trial)
        public void setUp() {
            Logging.off();
            build(true);
        }
    }

    /** {@link Secured}'s Faultline, one for all the benchmark's threads, as a server's I/O threads share one. */
    @State(Scope.Benchmark)
    public static class SharedFaultline {
        Faultline faultline;

        @Setup(Level.Trial)
        public void setUp() {
            Logging.off();
            // the limit's maximum: two threads send each of the 256 clients nearly a million a minute
            faultline = faultline(true, 10_000_000, Faultline.builder());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            faultline.close();
        }
    }

    /**
     * One thread's requests to the {@link SharedFaultline}: the 256 clients of {@link Pipeline}, the
     * second thread starting half-way through them (two clients are rarely the same at one moment).
     */
    @State(Scope.Thread)
    public static class SharedClient extends Pipeline {
        @Setup(Level.Trial)
        public void setUp(SharedFaultline shared, ThreadParams thread) {
            build(shared.faultline);
            next = thread.getThreadIndex() * (CLIENTS / 2);
        }

        @Override
        @TearDown(Level.Trial)
        public void tearDown() {
            // the shared Faultline is closed once, by SharedFaultline
            if (refused > 0) {
                throw new IllegalStateException(refused + " requests were refused: the benchmark measured the wrong path");
            }
        }
    }

    /** Every logger off, no security monitor; the application throws (see the class comment). */
    @State(Scope.Thread)
    public static class Throwing extends Pipeline {
        @Setup(Level.Trial)
        public void setUp() {
            Logging.off();
            build(false);
        }

        /** One failing request, as FaultlineHandler drives it; returns the reply the client gets. */
        ErrorReply failingExchange() {
            ServerRequest request = requests[next++ & (CLIENTS - 1)];
            Exchange x = faultline.open(request.view());
            x.requestCapture();
            x.responseCapture();
            ErrorReply reply = x.rejection().orElse(null);
            if (reply == null) {
                try (Exchange.Scope ignored = x.bind()) {
                    OrderRepository.load(OrderRepository.DEPTH, next);
                    throw new IllegalStateException("the application was meant to throw");
                } catch (IllegalStateException failure) {
                    reply = x.fail(failure);
                }
            } else {
                refused++;
            }
            response.status = reply.status();
            x.close(response.view());
            return reply;
        }

        /** The application's throw and the catch alone, without Faultline. */
        Throwable throwOnly() {
            try {
                OrderRepository.load(OrderRepository.DEPTH, next++);
                throw new IllegalArgumentException("the application was meant to throw");
            } catch (IllegalStateException failure) {
                return failure;
            }
        }
    }

    @Benchmark
    public ErrorReply openCloseThrowing(Throwing s) {
        return s.failingExchange();
    }

    @Benchmark
    public Throwable throwOnly(Throwing s) {
        return s.throwOnly();
    }

    @Benchmark
    public StackTraceElement[] throwAndStackTrace(Throwing s) {
        return s.throwOnly().getStackTrace();
    }

    @Benchmark
    public Exchange openClose(Base s) {
        return s.exchange();
    }

    @Benchmark
    public Exchange openCloseFrozenClocks(FrozenClocks s) {
        return s.exchange();
    }

    @Benchmark
    public Exchange openCloseLogged(CompletionLine s) {
        return s.exchange();
    }

    @Benchmark
    public Exchange openCloseJsonLine(JsonLine s) {
        return s.exchange();
    }

    @Benchmark
    public Exchange openCloseSecured(Secured s) {
        return s.exchange();
    }

    @Benchmark
    @Threads(2)
    public Exchange openCloseSecuredTwoThreads(SharedClient s) {
        return s.exchange();
    }
}
