package dev.faultline.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Mixed traffic against the app itself, so that a newcomer sees Faultline's logs, metrics, insights,
 * performance figures and security findings filled within a minute ({@code --demo-traffic}):
 *
 * <ul>
 *   <li><b>normal</b>: logins as {@code alice} and {@code bob}, creating, listing and reading videos;</li>
 *   <li><b>slow</b>: {@code GET /slow?ms=1200..2000}, over the default 1000 ms slow-request threshold;</li>
 *   <li><b>failing</b>: {@code ?fail=database} most of all (so that database errors dominate and
 *       {@code /metrics/insights} recommends something), {@code ?fail=external}, {@code ?fail=timeout},
 *       unknown videos (404), invalid input (400), wrong passwords and made-up tokens (401);</li>
 *   <li><b>hostile</b>: {@code <script>} in a query, {@code ../../etc/passwd}, {@code ' OR 1=1 --} and
 *       {@code ${jndi:ldap://x}} in the {@code User-Agent} header: detected and logged on
 *       {@code faultline.security}, not blocked (Faultline's default);</li>
 *   <li><b>burst</b>: one client sending as fast as it can until it has been refused with 429 a few
 *       times (Faultline's default limit is 100 requests a minute per client).</li>
 * </ul>
 *
 * <p><b>Clients.</b> Each request says which simulated client sent it in {@code X-Forwarded-For}
 * ({@value #CLIENTS} addresses of 198.51.100.0/24 and the burst client {@value #BURST_CLIENT}, all
 * documentation ranges). Faultline only believes that header from a trusted proxy, so the app must be
 * configured with {@code trustedProxies("127.0.0.1")} for the demo ({@code Main} does so when
 * {@code --demo-traffic} is given); otherwise every request counts against one client, 127.0.0.1, whose
 * requests start being refused once it has sent 100 in a minute.
 *
 * <p><b>Bounds.</b> Only {@code http://127.0.0.1:PORT/} is accepted as a target. {@value #THREADS}
 * threads send; each first runs a short fixed tour (so that even a few seconds cover every kind), then
 * picks requests at random with a pause of {@value #MIN_PAUSE_MILLIS} to {@value #MAX_PAUSE_MILLIS} ms
 * in between (about 20 requests a second in all), until the duration has passed or the request budget
 * is spent. No request is started after the deadline; one in flight ends within its
 * {@value #REQUEST_TIMEOUT_SECONDS} s timeout.
 *
 * <p>Thread-safe: {@link #run} may be called from any thread; each call has its own client and threads.
 */
public final class DemoTraffic implements AutoCloseable {

    /** The request budget of {@code --demo-traffic}. */
    public static final int DEFAULT_MAX_REQUESTS = 5_000;
    /** The largest request budget accepted. */
    public static final int MAX_REQUESTS = 100_000;
    /** The longest duration accepted. */
    public static final Duration MAX_DURATION = Duration.ofSeconds(Main.MAX_DEMO_SECONDS);

    static final int THREADS = 4;
    static final int CLIENTS = 64;
    static final String BURST_CLIENT = "203.0.113.66";
    /** The burst stops after this many refusals... */
    static final int BURST_REFUSALS = 3;
    /** ...or this many requests, whichever comes first. */
    static final int BURST_MAX = 150;
    static final long MIN_PAUSE_MILLIS = 100;
    static final long MAX_PAUSE_MILLIS = 300;
    static final long REQUEST_TIMEOUT_SECONDS = 10;
    /** Database failures in the failing tour: enough to dominate the errors from the start. */
    static final int TOUR_DATABASE_FAILURES = 20;

    static final String USER_AGENT = "faultline-demo-traffic/1.0";
    private static final String JSON = "application/json";
    private static final int KNOWN_IDS = 128;

    /** What a request stands for. */
    public enum Kind {
        NORMAL, SLOW, FAILING, HOSTILE, BURST;

        /** The lower-case name used in the summary. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final URI base;
    private final long deadline;
    private final int budget;
    private final long started = System.nanoTime();
    private final HttpClient http;
    private final AtomicInteger remaining;
    private final EnumMap<Kind, LongAdder> byKind = new EnumMap<>(Kind.class);
    private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder unanswered = new LongAdder();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<String> ids = new AtomicReferenceArray<>(KNOWN_IDS);
    private final AtomicLong idCount = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();

    private DemoTraffic(URI base, Duration duration, int maxRequests) {
        this.base = base;
        this.deadline = started + duration.toNanos();
        this.budget = maxRequests;
        this.remaining = new AtomicInteger(maxRequests);
        for (Kind k : Kind.values()) {
            byKind.put(k, new LongAdder());
        }
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Sends mixed traffic to the app at {@code base} for {@code duration} or {@code maxRequests}
     * requests, whichever ends first, and returns what was sent and answered.
     *
     * @param base {@code http://127.0.0.1:PORT/}
     * @param duration more than 0, at most {@link #MAX_DURATION}
     * @param maxRequests 1 to {@value #MAX_REQUESTS}
     * @throws IllegalArgumentException if an argument is out of bounds or {@code base} is not 127.0.0.1
     * @throws InterruptedException if interrupted; the senders are stopped first
     */
    public static Summary run(URI base, Duration duration, int maxRequests) throws InterruptedException {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(duration, "duration");
        if (!"http".equals(base.getScheme()) || !"127.0.0.1".equals(base.getHost()) || base.getPort() < 1) {
            throw new IllegalArgumentException("demo traffic goes to http://127.0.0.1:PORT/ only, not " + base);
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("the demo duration must be more than 0 and at most "
                    + MAX_DURATION.toSeconds() + " s, was " + duration);
        }
        if (maxRequests < 1 || maxRequests > MAX_REQUESTS) {
            throw new IllegalArgumentException("the demo request budget must be from 1 to " + MAX_REQUESTS
                    + ", was " + maxRequests);
        }
        try (DemoTraffic demo = new DemoTraffic(base.resolve("/"), duration, maxRequests)) {
            return demo.drive();
        }
    }

    private Summary drive() throws InterruptedException {
        List<Thread> senders = new ArrayList<>(THREADS);
        for (int i = 0; i < THREADS; i++) {
            int index = i;
            senders.add(Thread.ofPlatform().daemon().name("faultline-demo-traffic-" + i).start(() -> sender(index)));
        }
        try {
            for (Thread t : senders) {
                // a sender ends by the deadline plus one request timeout; the margin is for a busy machine
                long waitMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000)
                        + 2 * REQUEST_TIMEOUT_SECONDS * 1000;
                t.join(waitMillis);
            }
        } finally {
            for (Thread t : senders) {
                t.interrupt(); // no-op for those that ended
            }
        }
        for (Thread t : senders) {
            t.join(REQUEST_TIMEOUT_SECONDS * 1000);
        }
        return summary();
    }

    @Override
    public void close() {
        http.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------- senders

    private void sender(int index) {
        try {
            boolean going = switch (index) {
                case 0 -> slowTour();
                case 1 -> burst();
                case 2 -> failingTour();
                default -> normalTour();
            };
            while (going && pause()) {
                going = mixed();
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    /** Waits a little between requests, never past the deadline; whether there is time left. */
    private boolean pause() throws InterruptedException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            return false;
        }
        Thread.sleep(Math.min(left, ThreadLocalRandom.current().nextLong(MIN_PAUSE_MILLIS, MAX_PAUSE_MILLIS + 1)));
        return System.nanoTime() < deadline;
    }

    private boolean slowTour() throws InterruptedException {
        return slow(VideoApi.DEFAULT_DELAY_MILLIS);
    }

    /** One client as fast as it can, until refused a few times. */
    private boolean burst() throws InterruptedException {
        int refusals = 0;
        for (int i = 0; i < BURST_MAX && refusals < BURST_REFUSALS; i++) {
            HttpResponse<String> r = send(Kind.BURST, get(BURST_CLIENT, "/videos"));
            if (r == null && !permitted()) {
                return false;
            }
            if (r != null && r.statusCode() == 429) {
                refusals++;
            }
        }
        return true;
    }

    private boolean failingTour() throws InterruptedException {
        for (int i = 0; i < TOUR_DATABASE_FAILURES; i++) {
            if (!database()) {
                return false;
            }
        }
        return external() && external() && timeout() && timeout() && notFound() && notFound()
                && validation(0) && validation(1) && validation(2) && authentication(0) && authentication(1);
    }

    private boolean normalTour() throws InterruptedException {
        String client = client();
        return login(client) && create(client) && read(client) && list(client) && create(client())
                && hostile(0) && hostile(1) && hostile(2) && hostile(3);
    }

    /** One request picked at random; whether to go on. */
    private boolean mixed() throws InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int kind = random.nextInt(100);
        int pick = random.nextInt(100);
        if (kind < 60) { // normal
            String client = client();
            if (pick < 25) {
                return list(client);
            } else if (pick < 50) {
                return read(client);
            } else if (pick < 70) {
                return create(client);
            } else if (pick < 85) {
                return login(client);
            }
            return record(Kind.NORMAL, get(client, "/"));
        } else if (kind < 86) { // failing: database errors most of all
            if (pick < 60) {
                return database();
            } else if (pick < 68) {
                return external();
            } else if (pick < 74) {
                return timeout();
            } else if (pick < 84) {
                return notFound();
            } else if (pick < 94) {
                return validation(random.nextInt(3));
            }
            return authentication(random.nextInt(2));
        } else if (kind < 96) {
            return hostile(random.nextInt(4));
        }
        return slow(random.nextInt(1_200, 2_001));
    }

    // --------------------------------------------------------------------------------------- requests

    private boolean list(String client) throws InterruptedException {
        return record(Kind.NORMAL, withToken(client, get(client, "/videos")));
    }

    private boolean read(String client) throws InterruptedException {
        String id = knownId();
        return id == null ? list(client) : record(Kind.NORMAL, withToken(client, get(client, "/videos/" + id)));
    }

    private boolean create(String client) throws InterruptedException {
        long n = sequence.incrementAndGet();
        String body = "{\"title\": \"Demo video " + n + "\", \"template_id\": \"promo_" + (n % 5)
                + "\", \"script\": \"Scene " + n + ": hello from the demo traffic.\"}";
        HttpResponse<String> r = send(Kind.NORMAL, withToken(client, post(client, "/videos", body)));
        if (r != null && r.statusCode() == 201) {
            String id = member(r, "id");
            if (id != null) {
                ids.set((int) (idCount.getAndIncrement() % KNOWN_IDS), id);
            }
        }
        return r != null || permitted();
    }

    private boolean login(String client) throws InterruptedException {
        boolean alice = ThreadLocalRandom.current().nextBoolean();
        String body = alice ? "{\"username\": \"alice\", \"password\": \"wonderland\"}"
                : "{\"username\": \"bob\", \"password\": \"builder\"}";
        HttpResponse<String> r = send(Kind.NORMAL, post(client, "/login", body));
        if (r != null && r.statusCode() == 200) {
            String token = member(r, "token");
            if (token != null) {
                tokens.put(client, token);
            }
        }
        return r != null || permitted();
    }

    private boolean slow(int millis) throws InterruptedException {
        return record(Kind.SLOW, get(client(), "/slow?ms=" + millis));
    }

    private boolean database() throws InterruptedException {
        String id = knownId();
        String path = id != null && ThreadLocalRandom.current().nextBoolean() ? "/videos/" + id : "/videos";
        return record(Kind.FAILING, get(client(), path + "?fail=database"));
    }

    private boolean external() throws InterruptedException {
        return record(Kind.FAILING, get(client(), "/videos?fail=external"));
    }

    private boolean timeout() throws InterruptedException {
        return record(Kind.FAILING, get(client(), "/videos?fail=timeout"));
    }

    private boolean notFound() throws InterruptedException {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return record(Kind.FAILING, get(client(), "/videos/vid_" + HexFormat.of().formatHex(bytes)));
    }

    private boolean validation(int variant) throws InterruptedException {
        String client = client();
        HttpRequest.Builder request = switch (variant) {
            case 0 -> post(client, "/videos", "{\"title\": \"\", \"template_id\": \"Not Valid!\"}");
            case 1 -> get(client, "/slow?ms=60000");
            default -> get(client, "/videos?fail=meteor");
        };
        return record(Kind.FAILING, request);
    }

    private boolean authentication(int variant) throws InterruptedException {
        String client = client();
        HttpRequest.Builder request = variant == 0
                ? post(client, "/login", "{\"username\": \"alice\", \"password\": \"guess-" + sequence.incrementAndGet() + "\"}")
                : get(client, "/videos").header("Authorization", "Bearer made-up-token");
        return record(Kind.FAILING, request);
    }

    private boolean hostile(int variant) throws InterruptedException {
        String client = client();
        HttpRequest.Builder request = switch (variant) {
            case 0 -> get(client, "/videos?q=" + encode("<script>alert(document.cookie)</script>"));
            case 1 -> get(client, "/videos/x?file=" + encode("../../etc/passwd"));
            case 2 -> get(client, "/videos?title=" + encode("' OR 1=1 --"));
            default -> get(client, "/videos").setHeader("User-Agent", "${jndi:ldap://x}");
        };
        return record(Kind.HOSTILE, request);
    }

    // -------------------------------------------------------------------------------------- plumbing

    private HttpRequest.Builder get(String client, String pathAndQuery) {
        return request(client, pathAndQuery).GET();
    }

    private HttpRequest.Builder post(String client, String path, String json) {
        return request(client, path)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String client, String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(REQUEST_TIMEOUT_SECONDS))
                .header("X-Forwarded-For", client)
                .header("User-Agent", USER_AGENT);
    }

    private HttpRequest.Builder withToken(String client, HttpRequest.Builder request) {
        String token = tokens.get(client);
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private boolean record(Kind kind, HttpRequest.Builder request) throws InterruptedException {
        return send(kind, request) != null || permitted();
    }

    /**
     * Sends one request if the deadline and the budget allow, and counts it. {@code null} when it was
     * not sent ({@link #permitted()} is then false) or got no answer.
     */
    private @Nullable HttpResponse<String> send(Kind kind, HttpRequest.Builder request) throws InterruptedException {
        if (System.nanoTime() >= deadline || remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) <= 0) {
            return null;
        }
        byKind.get(kind).increment();
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            byStatus.computeIfAbsent(r.statusCode(), s -> new LongAdder()).increment();
            return r;
        } catch (IOException e) {
            unanswered.increment();
            return null;
        }
    }

    /** Whether the deadline and the budget still allow requests. */
    private boolean permitted() {
        return System.nanoTime() < deadline && remaining.get() > 0;
    }

    private static String client() {
        return "198.51.100." + (1 + ThreadLocalRandom.current().nextInt(CLIENTS));
    }

    private @Nullable String knownId() {
        long n = Math.min(idCount.get(), KNOWN_IDS);
        return n == 0 ? null : ids.get(ThreadLocalRandom.current().nextInt((int) n));
    }

    private static @Nullable String member(HttpResponse<String> r, String name) {
        try {
            JsonNode value = Json.parse(r.body().getBytes(StandardCharsets.UTF_8)).path(name);
            return value.isTextual() ? value.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Summary summary() {
        Map<Kind, Long> kinds = new EnumMap<>(Kind.class);
        byKind.forEach((k, n) -> kinds.put(k, n.sum()));
        SortedMap<Integer, Long> statuses = new TreeMap<>();
        byStatus.forEach((s, n) -> statuses.put(s, n.sum()));
        return new Summary(Duration.ofNanos(System.nanoTime() - started), budget, kinds, statuses, unanswered.sum());
    }

    /**
     * What a run sent and got back.
     *
     * @param elapsed how long the run took
     * @param budget the request budget it had
     * @param byKind requests sent, by kind (every kind present)
     * @param byStatus responses, by HTTP status, ascending
     * @param unanswered requests that got no response (refused connection, timeout)
     */
    public record Summary(Duration elapsed, int budget, Map<Kind, Long> byKind, SortedMap<Integer, Long> byStatus,
            long unanswered) {

        public Summary {
            byKind = Collections.unmodifiableMap(new EnumMap<>(byKind));
            byStatus = Collections.unmodifiableSortedMap(new TreeMap<>(byStatus));
        }

        /** Requests sent. */
        public long total() {
            return byKind.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Requests of one kind sent. */
        public long count(Kind kind) {
            return byKind.getOrDefault(kind, 0L);
        }

        /** Responses with this status. */
        public long count(int status) {
            return byStatus.getOrDefault(status, 0L);
        }

        /** A few lines for people: the counts, then the monitoring URLs of the app at {@code base}. */
        public String report(URI base) {
            Map<String, Long> kinds = new LinkedHashMap<>();
            byKind.forEach((k, n) -> kinds.put(k.label(), n));
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%ndemo traffic done: %d requests in %.1f s (budget %d)%n",
                    total(), elapsed.toMillis() / 1000.0, budget));
            out.append("  by kind:    ").append(join(kinds)).append('\n');
            out.append("  by status:  ").append(join(byStatus)).append('\n');
            if (unanswered > 0) {
                out.append("  unanswered: ").append(unanswered).append('\n');
            }
            out.append("Look at:\n");
            for (String path : List.of("metrics/errors", "metrics/trends?hours=1", "metrics/insights",
                    "metrics/performance", "metrics/alerts?hours=1", "health")) {
                out.append("  curl -s '").append(base.resolve("/" + path)).append("'\n");
            }
            return out.toString();
        }

        private static String join(Map<?, Long> counts) {
            StringBuilder s = new StringBuilder();
            counts.forEach((k, n) -> s.append(s.isEmpty() ? "" : ", ").append(k).append(' ').append(n));
            return s.isEmpty() ? "none" : s.toString();
        }
    }
}
