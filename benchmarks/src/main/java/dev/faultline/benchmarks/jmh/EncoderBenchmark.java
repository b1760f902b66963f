package dev.faultline.benchmarks.jmh;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.read.ListAppender;
import com.example.shop.OrderRepository;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What it costs to turn one of Faultline's events into the bytes of a log line, per encoder: the
 * question behind the production configuration of {@code docs/logging.md}. Each operation encodes one
 * event, as the appender behind an {@code AsyncAppender} does on its worker thread.
 *
 * <p>The events are Faultline's own, captured from real exchanges through the production preset
 * (256 of each kind, different request ids and client addresses, time stamps 1 ms apart so that no
 * encoder's time-stamp cache sees one instant only), then prepared for deferred processing as an
 * {@code AsyncAppender} prepares them:
 * <ul>
 *   <li>{@code completion}: {@code request completed} of a 200 GET with a query (11 fields);</li>
 *   <li>{@code error}: {@code request failed} of a 500 without its stack trace, as all but the first
 *       failure of a pattern per interval are logged (13 fields);</li>
 *   <li>{@code error_trace}: the same line with the stack trace: an {@code IllegalStateException} thrown
 *       20 frames below the handler, caused by an {@code SQLTransientConnectionException}.</li>
 * </ul>
 * The encoders, each as {@code docs/logging.md} shows it:
 * <ul>
 *   <li>{@code logback_json}: Logback's {@link JsonEncoder} as the examples' {@code logback-json.xml} had
 *       it before issue 16 (no sequence number, nanoseconds, context, raw message or arguments; the
 *       formatted message);</li>
 *   <li>{@code logstash}: logstash-logback-encoder's {@link LogstashEncoder} with its defaults;</li>
 *   <li>{@code logstash_lean}: the same without {@code @version}, {@code level_value} and the
 *       context's properties: what leaving fields out buys (little: docs/logging.md);</li>
 *   <li>{@code pattern}: a {@link PatternLayoutEncoder} writing time, level, thread, logger, message and
 *       {@code %kvp} (the stack trace, when there is one, on the lines after).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 3, time = 1) // 12 cases: shorter than the others, about 1.5 minutes in all
@Measurement(iterations = 3, time = 1)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class EncoderBenchmark {

    /** Events of each kind (a power of two). */
    static final int EVENTS = 256;

    /** The pattern of the {@code pattern} encoder. */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger %msg %kvp%n";

    @Param({"logback_json", "logstash", "logstash_lean", "pattern"})
    public String encoder;

    @Param({"completion", "error", "error_trace"})
    public String event;

    private Encoder<ILoggingEvent> enc;
    private ILoggingEvent[] events;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        events = events(event);
        enc = encoder(encoder, Logging.reset());
        // the encoders log nothing of their own on a good event: a status error here means a line lost
        for (ILoggingEvent e : events) {
            if (enc.encode(e).length == 0) {
                throw new IllegalStateException(encoder + " wrote nothing for " + e);
            }
        }
    }

    @Benchmark
    public byte[] encode() {
        return enc.encode(events[next++ & (EVENTS - 1)]);
    }

    /** A started encoder of {@code name}, configured as {@code docs/logging.md} shows it. */
    static Encoder<ILoggingEvent> encoder(String name, LoggerContext context) {
        Encoder<ILoggingEvent> e = switch (name) {
            case "logback_json" -> {
                JsonEncoder json = new JsonEncoder();
                json.setWithSequenceNumber(false);
                json.setWithNanoseconds(false);
                json.setWithContext(false);
                json.setWithMessage(false);
                json.setWithArguments(false);
                json.setWithFormattedMessage(true);
                yield json;
            }
            case "logstash" -> new LogstashEncoder();
            case "logstash_lean" -> {
                // the same fields without @version, level_value and the context's properties
                LogstashEncoder lean = new LogstashEncoder();
                lean.setIncludeContext(false);
                LogstashFieldNames names = new LogstashFieldNames();
                names.setVersion("[ignore]");
                names.setLevelValue("[ignore]");
                lean.setFieldNames(names);
                yield lean;
            }
            case "pattern" -> {
                PatternLayoutEncoder pattern = new PatternLayoutEncoder();
                pattern.setPattern(PATTERN);
                yield pattern;
            }
            default -> throw new IllegalArgumentException("no encoder " + name);
        };
        e.setContext(context);
        e.start();
        return e;
    }

    /** {@value #EVENTS} events of {@code kind}, as Faultline logs them, prepared as an AsyncAppender would. */
    static ILoggingEvent[] events(String kind) {
        ListAppender<ILoggingEvent> captured = Logging.capture();
        ServerResponse response = ServerResponse.okJson();
        // every trace logged: 256 lines with one; the default interval: one with it, then 256 without
        Faultline traces = build(Duration.ZERO);
        Faultline throttled = build(Duration.ofMinutes(5));
        for (int i = 0; i < EVENTS; i++) {
            ServerRequest request = ServerRequest.typicalGet("198.51.100." + i);
            switch (kind) {
                case "completion" -> ok(throttled, request, response);
                case "error" -> {
                    if (i == 0) {
                        fail(throttled, request, response, i); // the line with the trace: not measured
                    }
                    fail(throttled, request, response, i);
                }
                case "error_trace" -> fail(traces, request, response, i);
                default -> throw new IllegalArgumentException("no event kind " + kind);
            }
        }
        traces.close();
        throttled.close();
        Predicate<ILoggingEvent> wanted = switch (kind) {
            case "completion" -> e -> e.getMessage().equals("request completed");
            case "error" -> e -> e.getMessage().equals("request failed") && e.getThrowableProxy() == null;
            default -> e -> e.getMessage().equals("request failed") && e.getThrowableProxy() != null;
        };
        List<ILoggingEvent> picked = captured.list.stream().filter(wanted).toList();
        if (picked.size() != EVENTS) {
            throw new IllegalStateException("expected " + EVENTS + " " + kind + " events, captured " + picked.size());
        }
        long start = System.currentTimeMillis();
        ILoggingEvent[] out = new ILoggingEvent[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            LoggingEvent e = (LoggingEvent) picked.get(i);
            e.setTimeStamp(start + i);
            e.prepareForDeferredProcessing();
            out[i] = e;
        }
        Logging.off();
        return out;
    }

    private static Faultline build(Duration stackTraceInterval) {
        return Faultline.builder()
                .settings(name -> null)
                .environment(Environment.PRODUCTION)
                .security(s -> s.rateLimit(false).signatures(false))
                .logging(l -> l.stackTraceInterval(stackTraceInterval))
                .build();
    }

    private static void ok(Faultline faultline, ServerRequest request, ServerResponse response) {
        Exchange x = faultline.open(request.view());
        try (Exchange.Scope ignored = x.bind()) {
            response.status = 200;
        }
        x.close(response.view());
    }

    private static void fail(Faultline faultline, ServerRequest request, ServerResponse response, int order) {
        Exchange x = faultline.open(request.view());
        ErrorReply reply;
        try (Exchange.Scope ignored = x.bind()) {
            OrderRepository.load(OrderRepository.DEPTH, order);
            throw new IllegalStateException("the application was meant to throw");
        } catch (IllegalStateException failure) {
            reply = x.fail(failure);
        }
        response.status = reply.status();
        x.close(response.view());
    }
}
