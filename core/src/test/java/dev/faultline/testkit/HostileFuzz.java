package dev.faultline.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The fuzzing part of the hostile kit, on jqwik: raw requests made by mutating valid ones (flipped
 * bytes, cut points, duplicated and reordered headers, random encodings, inserted control bytes) are
 * sent to a real server, which must hold the invariants of {@link HostileChecks}: never a 5xx, no
 * leak, at most one response, still healthy, no forged log line, no 5xx counted and no alert.
 *
 * <p><b>How an adapter uses it.</b> Its test class extends this one (a jqwik container, so a class apart
 * from its {@link HostileKit} test) and implements {@link #start(Faultline)} as for the other kits; the
 * routes are those {@link HostileKit} needs. The adapter's test module needs {@code net.jqwik:jqwik} in
 * test scope.
 *
 * <p><b>Server-level answers.</b> A mutant that the server's own parser refuses never reaches the adapter;
 * its answer has no {@code X-Request-Id}. Such an answer must still be a 4xx (or a clean close) without a
 * leak, but need not be a problem unless {@link #serverAnswersAreProblems()} says so. A 4xx that carries
 * an {@code X-Request-Id} went through Faultline and must be a problem.
 *
 * <p><b>Bounds.</b> {@value #TRIES} tries, each on its own connection with a 1 s read timeout; a cut
 * request closes its connection right away; once {@link #budget()} (default 40 s) is spent the
 * remaining tries send nothing, so the property never holds CI longer than that. Loopback only.
 */
public abstract class HostileFuzz {

    /** Tries per run. */
    public static final int TRIES = 150;

    /** The valid requests mutants start from; {@code {host}} is replaced by the target's authority. */
    private static final List<String> SEEDS = List.of(
            "GET /kit/ok HTTP/1.1\r\nHost: {host}\r\nUser-Agent: fuzz\r\nAccept: */*\r\nX-Request-Id: fuzz-{n}\r\n\r\n",
            "GET /kit/items/7?q=a%20b&r=%C3%A9 HTTP/1.1\r\nHost: {host}\r\nX-Request-Id: fuzz-{n}\r\n"
                    + "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nCookie: a=b\r\n\r\n",
            "POST /kit/echo HTTP/1.1\r\nHost: {host}\r\nX-Request-Id: fuzz-{n}\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 11\r\n\r\nhello world",
            "POST /kit/json HTTP/1.1\r\nHost: {host}\r\nX-Request-Id: fuzz-{n}\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n7\r\n{\"title\r\n7\r\n\":\"kit\"\r\n1\r\n}\r\n0\r\n\r\n",
            "POST /kit/json HTTP/1.1\r\nHost: {host}\r\nX-Request-Id: fuzz-{n}\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 15\r\n\r\n{\"title\":\"kit\"}");

    /** Every log event of the run. */
    protected LogCapture logs;
    /** The server under fuzz. */
    protected KitServer server;
    /** Its Faultline. */
    protected Faultline faultline;
    /** Its raw client. */
    protected RawHttp raw;
    private long deadline;
    private int sent;

    /** Starts the adapter's server with the kit's routes on 127.0.0.1 and a free port. */
    protected abstract KitServer start(Faultline faultline) throws Exception;

    /** How often each known defect showed in this run (reported at the end; see {@link #knownDefect}). */
    private final Map<String, Integer> knownDefects = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The known defect {@code response} shows, or {@code null}: an answer this adapter's server writes
     * itself, before any adapter code runs, that the kit would otherwise fail (a 5xx, an HTML page, an empty
     * 4xx after the adapter already set the request id), where the adapter has no hook to change it. Return
     * a short name of the defect, and document it in the adapter's README. Such answers are still held to
     * everything Faultline owns (no stack trace, the server stays up, no forged log line, no 5xx counted, no
     * alert) and are counted and printed at the end of the run, so they stay visible. None by default.
     */
    protected @org.jspecify.annotations.Nullable String knownDefect(RawHttp.Response response) {
        return null;
    }


    /** Whether the server's own answers (those without an {@code X-Request-Id}) must be problems too; default no. */
    protected boolean serverAnswersAreProblems() {
        return false;
    }

    /** How long the fuzz may send at most; default 40 s. */
    protected Duration budget() {
        return Duration.ofSeconds(40);
    }

    /** The Faultline under fuzz: production, default alert rules, the per-client rate limit lifted. */
    protected Faultline fuzzFaultline() {
        return Faultline.builder().environment(Environment.PRODUCTION).settings(name -> null)
                .security(s -> s.maxRequestsPerMinute(1_000_000))
                .build();
    }

    @BeforeProperty
    void startFuzzedServer() throws Exception {
        logs = LogCapture.attach();
        faultline = fuzzFaultline();
        server = start(faultline);
        raw = RawHttp.to(server.baseUri());
        deadline = System.nanoTime() + budget().toNanos();
    }

    /** As {@link HostileKit#knownDefectsShowStackTraces()}: {@code false} by default. */
    protected boolean knownDefectsShowStackTraces() {
        return false;
    }

    @AfterProperty
    void stopFuzzedServer() throws Exception {
        if (!knownDefects.isEmpty()) {
            System.out.println(getClass().getSimpleName() + ": known server defects seen (see the adapter's README): "
                    + knownDefects);
        }
        for (AutoCloseable c : new AutoCloseable[] {server, faultline, logs}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** One generated request: the seed and the mutations applied to it, in order. */
    public record Mutant(int seed, List<Mutation> mutations) {
        @Override
        public String toString() {
            return "seed " + seed + " " + mutations;
        }
    }

    /**
     * One mutation; positions are fractions of the current length, so that they fit any seed.
     *
     * @param kind what to do
     * @param at where (0..1)
     * @param other a second position, or a byte value, depending on the kind
     */
    public record Mutation(Kind kind, double at, int other) {
    }

    /** The kinds of mutation. */
    public enum Kind {
        /** Flip one bit of one byte. */
        FLIP_BIT,
        /** Replace one byte with another. */
        REPLACE_BYTE,
        /** Cut the request here and close the connection. */
        CUT,
        /** Send one header line twice. */
        DUPLICATE_HEADER,
        /** Swap two header lines. */
        SWAP_HEADERS,
        /** Percent-encode one character (or a random byte). */
        PERCENT_ENCODE,
        /** Insert a control character (CR, LF, NUL, ESC, DEL...). */
        INSERT_CONTROL,
        /** Insert bytes that are not UTF-8. */
        INSERT_INVALID_UTF8,
        /** Replace the CR LF line endings with bare LF. */
        BARE_LF
    }

    @Provide
    Arbitrary<Mutant> mutants() {
        Arbitrary<Mutation> mutation = Combinators.combine(
                Arbitraries.of(Kind.class), Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 255))
                .as(Mutation::new);
        return Combinators.combine(Arbitraries.integers().between(0, SEEDS.size() - 1), mutation.list().ofMinSize(1).ofMaxSize(4))
                .as(Mutant::new);
    }

    /**
     * A fixed seed, so that every build sends the same mutants and a red build is reproducible (a random
     * seed let one mutant in a few thousand fail a build that had passed). To explore further, change it
     * deliberately and keep what the new mutants find.
     */
    static final String SEED = "20261207";

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED, seed = SEED)
    void mutatedRequestsGetCleanAnswers(@ForAll("mutants") Mutant mutant) throws Exception {
        if (System.nanoTime() > deadline) {
            return; // the time budget is spent; earlier tries did the checking
        }
        int n = ++sent;
        String request = SEEDS.get(mutant.seed()).replace("{host}", raw.authority()).replace("{n}", Integer.toString(n));
        boolean cut = false;
        for (Mutation m : mutant.mutations()) {
            if (m.kind() == Kind.CUT) {
                cut = true;
            }
            request = apply(request, m);
        }
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        RawHttp.Options options = RawHttp.Options.standard().readTimeout(Duration.ofSeconds(1)).linger(Duration.ofMillis(100));
        if (cut) {
            options = options.closeAfterSend();
        }
        int before = logs.events().size();
        HostileChecks.Figures figures = HostileChecks.Figures.of(faultline);
        RawHttp.Result r = raw.exchange(bytes, options);
        String what = "mutant " + mutant + " " + HostileChecks.escape(request);
        // a mutation may end the headers early, so that the rest reads as a second request: two answers at most
        assertTrue(r.all().size() <= 2, () -> what + ": more responses than the mutant can hold requests: " + r);
        for (RawHttp.Response response : r.all()) {
            String defect = knownDefect(response);
            if (defect != null) {
                knownDefects.merge(defect, 1, Integer::sum);
                if (!knownDefectsShowStackTraces()) {
                    HostileChecks.assertNoStackTrace(what, response.body());
                }
                continue;
            }
            boolean viaFaultline = response.header("X-Request-Id") != null;
            HostileChecks.assertClean(what, response, !viaFaultline && !serverAnswersAreProblems());
            assertTrue(response.status() < 500, what);
        }
        String id = "fuzz-" + n;
        if (r.all().stream().anyMatch(x -> id.equals(x.header("X-Request-Id")))) {
            logs.completion(id); // recorded once its completion is logged, which may trail the response
        }
        HostileChecks.assertHealthy(what, raw);
        List<ILoggingEvent> events = logs.events();
        HostileChecks.assertNoForgedLogLine(what, events.subList(Math.min(before, events.size()), events.size()));
        HostileChecks.assertLoggedOnceAsClientFault(what, logs, id);
        // against this try's own starting figures, so that shrinking after a failure finds the culprit
        HostileChecks.assertNoNewServerFaultsNorAlerts(what, faultline, figures);
    }

    /** Applies one mutation to a request (ISO-8859-1 text: one char per byte). */
    static String apply(String r, Mutation m) {
        if (r.isEmpty()) {
            return r;
        }
        int at = Math.min(r.length() - 1, (int) (m.at() * r.length()));
        return switch (m.kind()) {
            case FLIP_BIT -> r.substring(0, at) + (char) ((r.charAt(at) ^ (1 << (m.other() & 7))) & 0xff) + r.substring(at + 1);
            case REPLACE_BYTE -> r.substring(0, at) + (char) m.other() + r.substring(at + 1);
            case CUT -> r.substring(0, Math.max(1, at));
            case DUPLICATE_HEADER -> {
                List<String> lines = headerLines(r);
                if (lines.size() < 2) {
                    yield r;
                }
                String line = lines.get(1 + (int) (m.at() * (lines.size() - 1)) % (lines.size() - 1));
                yield r.replaceFirst(java.util.regex.Pattern.quote(line + "\r\n"),
                        java.util.regex.Matcher.quoteReplacement(line + "\r\n" + line + "\r\n"));
            }
            case SWAP_HEADERS -> {
                List<String> lines = headerLines(r);
                if (lines.size() < 3) {
                    yield r;
                }
                int i = 1 + (int) (m.at() * (lines.size() - 1)) % (lines.size() - 1);
                int j = 1 + m.other() % (lines.size() - 1);
                List<String> swapped = new ArrayList<>(lines);
                swapped.set(i, lines.get(j));
                swapped.set(j, lines.get(i));
                int end = r.indexOf("\r\n\r\n");
                yield String.join("\r\n", swapped) + r.substring(end);
            }
            case PERCENT_ENCODE -> r.substring(0, at) + String.format("%%%02X", m.other() % 3 == 0 ? m.other() : r.charAt(at) & 0xff)
                    + r.substring(at + 1);
            case INSERT_CONTROL -> {
                char[] controls = {'\r', '\n', '\u0000', '\u001b', '\u007f', '\u0007', '\u000b', '\u0085'};
                yield r.substring(0, at) + controls[m.other() % controls.length] + r.substring(at);
            }
            case INSERT_INVALID_UTF8 -> {
                String[] bad = {"\u00ff", "\u00c3\u0028", "\u00e2\u0082", "\u00f0\u0028\u008c\u0028", "\u00c0\u00af"};
                yield r.substring(0, at) + bad[m.other() % bad.length] + r.substring(at);
            }
            case BARE_LF -> r.replace("\r\n", "\n");
        };
    }

    /** The request line and header lines (without the blank line and the body). */
    private static List<String> headerLines(String r) {
        int end = r.indexOf("\r\n\r\n");
        if (end < 0) {
            return List.of();
        }
        return List.of(r.substring(0, end).split("\r\n", -1));
    }
}
