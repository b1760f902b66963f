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
import java.util.concurrent.TimeUnit;
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
 *       unknown videos (404), invalid input (400), wrong passwords and made-up tokens (401). The
 *       provoked failures go to {@code /videos/{id}}, never to the list {@code /videos}, whose breaker
 *       ({@link AppRecovery}) is left to the outage;</li>
 *   <li><b>hostile</b>: {@code <script>} in a query, {@code ../../etc/passwd}, {@code ' OR 1=1 --} and
 *       {@code ${jndi:ldap://x}} in the {@code User-Agent} header: detected and logged on
 *       {@code faultline.security}, not blocked (Faultline's default);</li>
 *   <li><b>burst</b>: one client sending as fast as it can until it has been refused with 429 a few
 *       times (Faultline's default limit is 100 requests a minute per client);</li>
 *   <li><b>outage</b> (runs of {@value #OUTAGE_MIN_SECONDS} s or more): a fifth thread logs in as
 *       {@code admin}, creates and reads a video of its own (so that there is something to serve
 *       stale whatever the others read), takes the database down ({@code POST /admin/database?state=down}) at 30 % of the
 *       duration and up again at 55 %. Meanwhile it reads a few videos that were read before (stale
 *       copies, {@code X-Faultline-Degraded: stale-if-error}) and lists the videos until the list is
 *       shed (503 {@code resource_exhausted} with {@code Retry-After}); once the database is up it
 *       lists every {@value #HEAL_POLL_MILLIS} ms until the list answers again (after the breaker's
 *       {@value AppRecovery#SHED_OPEN_SECONDS} s and its probes). The other threads go on meanwhile,
 *       so their reads, lists and creates meet the outage too. The alerts fire on their own
 *       ({@code critical_errors}, {@code database_errors}).</li>
 * </ul>
 *
 * <p>The summary counts, besides the statuses, the stale answers and shed refusals it received, when
 * the outage began and ended, when the list was first shed and when it answered again, and the alerts
 * of the last hour by rule ({@code GET /metrics/alerts?hours=1}).
 *
 * <p><b>Clients.</b> Each request says which simulated client sent it in {@code X-Forwarded-For}
 * ({@value #CLIENTS} addresses of 198.51.100.0/24 and the burst client {@value #BURST_CLIENT}, all
 * documentation ranges). Faultline only believes that header from a trusted proxy, so the app must be
 * configured with {@code trustedProxies("127.0.0.1")} for the demo ({@code Main} does so when
 * {@code --demo-traffic} is given); otherwise every request counts against one client, 127.0.0.1, whose
 * requests start being refused once it has sent 100 in a minute.
 *
 * <p><b>Bounds.</b> Only {@code http://127.0.0.1:PORT/} is accepted as a target. {@value #THREADS}
 * threads send (besides the outage thread); each first runs a short fixed tour (so that even a few
 * seconds cover every kind), then picks requests at random with a pause of {@value #MIN_PAUSE_MILLIS} to {@value #MAX_PAUSE_MILLIS} ms
 * in between (about 20 requests a second in all), until the duration has passed or the request budget
 * is spent. No request is started after the deadline; one in flight ends within its
 * {@value #REQUEST_TIMEOUT_SECONDS} s timeout. The one exception: the database is always brought back
 * up, even past the deadline or the budget, unless the run is interrupted.
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

    /** The shortest run with an outage phase. */
    static final int OUTAGE_MIN_SECONDS = 10;
    /** The client the outage thread plays (X-Forwarded-For). */
    static final String OUTAGE_CLIENT = "198.51.100.200";
    /** How often the outage thread lists the videos once the database is up, until the list answers. */
    static final long HEAL_POLL_MILLIS = 500;
    /** Videos read before that the outage thread reads again while the database is down. */
    static final int OUTAGE_READS = 5;
    /** The header Faultline marks degraded answers with, and its value for a stale copy. */
    static final String DEGRADED_HEADER = "X-Faultline-Degraded";
    static final String STALE = "stale-if-error";

    static final String USER_AGENT = "faultline-demo-traffic/1.0";
    private static final String JSON = "application/json";
    private static final int KNOWN_IDS = 128;

    /** What a request stands for. */
    public enum Kind {
        NORMAL, SLOW, FAILING, HOSTILE, BURST, OUTAGE;

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
    private final AtomicReferenceArray<String> readIds = new AtomicReferenceArray<>(KNOWN_IDS);
    private final AtomicLong readCount = new AtomicLong();
    private final LongAdder stale = new LongAdder();
    private final LongAdder degraded = new LongAdder();
    private final LongAdder shed = new LongAdder();
    private final @Nullable OutagePlan plan;
    private final AtomicLong downAt = new AtomicLong(-1);
    private final AtomicLong upAt = new AtomicLong(-1);
    /** The monitoring endpoints' bearer token, for reading the alerts; null when none is known. */
    private final @Nullable String monitoringToken;
    private final AtomicLong firstShedAt = new AtomicLong(-1);
    private final AtomicLong healedAt = new AtomicLong(-1);

    private DemoTraffic(URI base, Duration duration, int maxRequests, @Nullable OutagePlan plan,
            @Nullable String monitoringToken) {
        this.base = base;
        this.monitoringToken = monitoringToken;
        this.plan = plan;
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
     * requests, whichever ends first, and returns what was sent and answered. A run of
     * {@value #OUTAGE_MIN_SECONDS} s or more has an outage phase ({@link OutagePlan#forDuration}): the
     * app must then know the demo user {@code admin}.
     *
     * @param base {@code http://127.0.0.1:PORT/}
     * @param duration more than 0, at most {@link #MAX_DURATION}
     * @param maxRequests 1 to {@value #MAX_REQUESTS}
     * @throws IllegalArgumentException if an argument is out of bounds or {@code base} is not 127.0.0.1
     * @throws InterruptedException if interrupted; the senders are stopped first
     */
    public static Summary run(URI base, Duration duration, int maxRequests) throws InterruptedException {
        Objects.requireNonNull(duration, "duration");
        return run(base, duration, maxRequests, OutagePlan.forDuration(duration), null);
    }

    /**
     * As {@link #run(URI, Duration, int)}, reading the alerts for the summary with the monitoring
     * endpoints' bearer token ({@code FAULTLINE_MONITORING_TOKEN}); without it a closed
     * {@code /metrics/alerts} answers 401 and the summary shows no alerts.
     */
    public static Summary run(URI base, Duration duration, int maxRequests, String monitoringToken)
            throws InterruptedException {
        Objects.requireNonNull(duration, "duration");
        return run(base, duration, maxRequests, OutagePlan.forDuration(duration),
                Objects.requireNonNull(monitoringToken, "monitoringToken"));
    }

    /**
     * As {@link #run(URI, Duration, int)}, with the outage of {@code plan} ({@code null}: none).
     *
     * @throws IllegalArgumentException also if the plan does not end before the duration
     */
    static Summary run(URI base, Duration duration, int maxRequests, @Nullable OutagePlan plan)
            throws InterruptedException {
        return run(base, duration, maxRequests, plan, null);
    }

    /** As {@link #run(URI, Duration, int, OutagePlan)}, with the monitoring token ({@code null}: none). */
    static Summary run(URI base, Duration duration, int maxRequests, @Nullable OutagePlan plan,
            @Nullable String monitoringToken) throws InterruptedException {
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
        if (plan != null && plan.up().compareTo(duration) >= 0) {
            throw new IllegalArgumentException("the outage must end before the demo does: " + plan + ", " + duration);
        }
        try (DemoTraffic demo = new DemoTraffic(base.resolve("/"), duration, maxRequests, plan, monitoringToken)) {
            return demo.drive();
        }
    }

    private Summary drive() throws InterruptedException {
        List<Thread> senders = new ArrayList<>(THREADS);
        for (int i = 0; i < THREADS; i++) {
            int index = i;
            senders.add(Thread.ofPlatform().daemon().name("faultline-demo-traffic-" + i).start(() -> sender(index)));
        }
        OutagePlan outage = plan;
        if (outage != null) {
            senders.add(Thread.ofPlatform().daemon().name("faultline-demo-traffic-outage").start(() -> outage(outage)));
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
        return summary(alerts());
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

    /**
     * The outage phase: the database down at {@code plan.down()}, a few stale reads and lists until the
     * list is shed, the database up at {@code plan.up()}, then lists until one answers. The database is
     * brought back up whatever happens, unless interrupted.
     */
    private void outage(OutagePlan plan) {
        String token = null;
        boolean down = false;
        try {
            token = adminToken();
            if (token == null) {
                return;
            }
            prepare(token);
            if (!sleepUntil(plan.down())) {
                return;
            }
            down = setDatabase(token, "down", false);
            if (!down) {
                return;
            }
            downAt.set(elapsedNanos());
            for (String id : readBefore()) { // read before: Faultline keeps a stale copy of each
                if (!record(Kind.OUTAGE, get(OUTAGE_CLIENT, "/videos/" + id))) {
                    break;
                }
            }
            // enough failed lists to open the list's breaker, and one more to see it shed
            for (int i = 0; i <= AppRecovery.SHED_WINDOW && firstShedAt.get() < 0 && permitted(); i++) {
                record(Kind.OUTAGE, get(OUTAGE_CLIENT, "/videos"));
            }
            sleepUntil(plan.up());
            down = !setDatabase(token, "up", true);
            if (!down) {
                upAt.set(elapsedNanos());
                awaitHealed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopped: leave the database as it is
        } finally {
            if (down && token != null && !Thread.currentThread().isInterrupted()) {
                try {
                    setDatabase(token, "up", true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Makes sure there is something to serve stale, whatever the other threads got to: creates a video
     * as admin and reads it, and lists the videos.
     */
    private void prepare(String token) throws InterruptedException {
        long n = sequence.incrementAndGet();
        HttpResponse<String> created = send(Kind.OUTAGE, post(OUTAGE_CLIENT, "/videos", "{\"title\": \"Outage drill "
                + n + "\", \"template_id\": \"drill\", \"script\": \"Read before the outage.\"}")
                .header("Authorization", "Bearer " + token));
        String id = created != null && created.statusCode() == 201 ? member(created, "id") : null;
        if (id != null) {
            HttpResponse<String> r = send(Kind.OUTAGE, get(OUTAGE_CLIENT, "/videos/" + id));
            if (r != null && r.statusCode() == 200) {
                readIds.set((int) (readCount.getAndIncrement() % KNOWN_IDS), id);
            }
        }
        send(Kind.OUTAGE, get(OUTAGE_CLIENT, "/videos"));
    }

    /** Lists the videos every {@value #HEAL_POLL_MILLIS} ms until the list answers 200 itself. */
    private void awaitHealed() throws InterruptedException {
        while (permitted()) {
            HttpResponse<String> r = send(Kind.OUTAGE, get(OUTAGE_CLIENT, "/videos"));
            if (r != null && r.statusCode() == 200 && r.headers().firstValue(DEGRADED_HEADER).isEmpty()) {
                healedAt.set(elapsedNanos());
                return;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(left, HEAL_POLL_MILLIS));
        }
    }

    /** The admin's bearer token, or {@code null} if the login failed. */
    private @Nullable String adminToken() throws InterruptedException {
        HttpResponse<String> r = send(Kind.OUTAGE, post(OUTAGE_CLIENT, "/login",
                "{\"username\": \"" + DemoUsers.ADMIN + "\", \"password\": \"admin-secret\"}"));
        return r != null && r.statusCode() == 200 ? member(r, "token") : null;
    }

    /**
     * {@code POST /admin/database?state=STATE} as admin; whether it answered 200. With {@code always},
     * sent even past the deadline or the budget.
     */
    private boolean setDatabase(String token, String state, boolean always) throws InterruptedException {
        HttpRequest.Builder request = post(OUTAGE_CLIENT, "/admin/database?state=" + state, "")
                .header("Authorization", "Bearer " + token);
        HttpResponse<String> r = always ? exchange(Kind.OUTAGE, request) : send(Kind.OUTAGE, request);
        return r != null && r.statusCode() == 200;
    }

    /** Waits until {@code offset} after the start; whether the deadline has not passed then. */
    private boolean sleepUntil(Duration offset) throws InterruptedException {
        long until = started + offset.toNanos();
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        return System.nanoTime() < deadline;
    }

    /** Up to {@value #OUTAGE_READS} distinct videos read with a 200 so far. */
    private List<String> readBefore() {
        long n = Math.min(readCount.get(), KNOWN_IDS);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n && out.size() < OUTAGE_READS; i++) {
            String id = readIds.get(i);
            if (id != null && !out.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    private long elapsedNanos() {
        return System.nanoTime() - started;
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
        if (id == null) {
            return list(client);
        }
        HttpResponse<String> r = send(Kind.NORMAL, withToken(client, get(client, "/videos/" + id)));
        if (r != null && r.statusCode() == 200 && r.headers().firstValue(DEGRADED_HEADER).isEmpty()) {
            readIds.set((int) (readCount.getAndIncrement() % KNOWN_IDS), id); // a stale copy is kept of it now
        }
        return r != null || permitted();
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
        return record(Kind.FAILING, get(client(), videoPath() + "?fail=database"));
    }

    private boolean external() throws InterruptedException {
        return record(Kind.FAILING, get(client(), videoPath() + "?fail=external"));
    }

    private boolean timeout() throws InterruptedException {
        return record(Kind.FAILING, get(client(), videoPath() + "?fail=timeout"));
    }

    /**
     * {@code /videos/ID} of a known video, or of a made-up one: where the provoked failures go, so
     * that the list's breaker only sees the outage.
     */
    private String videoPath() {
        String id = knownId();
        return "/videos/" + (id != null ? id : "vid_0000000000000000");
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
        return exchange(kind, request);
    }

    /** Sends one request whatever the deadline and the budget, and counts it; {@code null} if unanswered. */
    private @Nullable HttpResponse<String> exchange(Kind kind, HttpRequest.Builder request) throws InterruptedException {
        byKind.get(kind).increment();
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            byStatus.computeIfAbsent(r.statusCode(), s -> new LongAdder()).increment();
            countRecovery(r);
            return r;
        } catch (IOException e) {
            unanswered.increment();
            return null;
        }
    }

    /**
     * Counts Faultline's recovery in an answer: a stale copy ({@code X-Faultline-Degraded:
     * stale-if-error}), another degraded answer, or a shed route (503 {@code resource_exhausted} with
     * {@code Retry-After}).
     */
    private void countRecovery(HttpResponse<String> r) {
        String marked = r.headers().firstValue(DEGRADED_HEADER).orElse(null);
        if (marked != null) {
            (STALE.equals(marked) ? stale : degraded).increment();
        } else if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent()
                && "resource_exhausted".equals(member(r, "error_type"))) {
            shed.increment();
            firstShedAt.compareAndSet(-1, elapsedNanos());
        }
    }

    /**
     * The alerts of the last hour by rule ({@code rule} when fired, {@code rule (resolved)} when
     * resolved), from {@code GET /metrics/alerts?hours=1}; empty if it cannot be read.
     */
    private SortedMap<String, Long> alerts() throws InterruptedException {
        SortedMap<String, Long> byRule = new TreeMap<>();
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve("/metrics/alerts?hours=1"))
                    .timeout(Duration.ofSeconds(REQUEST_TIMEOUT_SECONDS))
                    .header("User-Agent", USER_AGENT)
                    .GET();
            if (monitoringToken != null) {
                builder.header("Authorization", "Bearer " + monitoringToken);
            }
            HttpRequest request = builder.build();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() == 200) {
                for (JsonNode alert : Json.parse(r.body().getBytes(StandardCharsets.UTF_8)).path("alerts")) {
                    String rule = alert.path("rule").asText("?") + (alert.path("resolved").asBoolean() ? " (resolved)" : "");
                    byRule.merge(rule, 1L, Long::sum);
                }
            }
        } catch (IOException e) {
            // no alerts to report
        }
        return byRule;
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

    private Summary summary(SortedMap<String, Long> alerts) {
        Map<Kind, Long> kinds = new EnumMap<>(Kind.class);
        byKind.forEach((k, n) -> kinds.put(k, n.sum()));
        SortedMap<Integer, Long> statuses = new TreeMap<>();
        byStatus.forEach((s, n) -> statuses.put(s, n.sum()));
        Outage outage = plan == null ? null
                : new Outage(offset(downAt), offset(upAt), offset(firstShedAt), offset(healedAt));
        return new Summary(Duration.ofNanos(System.nanoTime() - started), budget, kinds, statuses, unanswered.sum(),
                stale.sum(), degraded.sum(), shed.sum(), outage, alerts);
    }

    private static @Nullable Duration offset(AtomicLong nanos) {
        long n = nanos.get();
        return n < 0 ? null : Duration.ofNanos(n);
    }

    /**
     * When the outage phase takes the database down and up again, from the start of the run.
     *
     * @param down when it goes down
     * @param up when it comes up again, after {@code down}
     */
    record OutagePlan(Duration down, Duration up) {

        OutagePlan {
            Objects.requireNonNull(down, "down");
            Objects.requireNonNull(up, "up");
            if (down.isNegative() || up.compareTo(down) <= 0) {
                throw new IllegalArgumentException("an outage goes down, then up: " + down + ", " + up);
            }
        }

        /**
         * The outage of a run of {@code duration}: down at 30 % of it, up at 55 %; none for runs shorter
         * than {@value #OUTAGE_MIN_SECONDS} s.
         */
        static @Nullable OutagePlan forDuration(Duration duration) {
            if (duration.compareTo(Duration.ofSeconds(OUTAGE_MIN_SECONDS)) < 0) {
                return null;
            }
            long ms = duration.toMillis();
            return new OutagePlan(Duration.ofMillis(ms * 30 / 100), Duration.ofMillis(ms * 55 / 100));
        }
    }

    /**
     * What happened in the outage phase, from the start of the run; {@code null} for what did not happen.
     *
     * @param down when the database went down
     * @param up when it came up again
     * @param firstShed when the first shed refusal (503 {@code resource_exhausted}) was received
     * @param healed when the list answered again after the database came up
     */
    public record Outage(@Nullable Duration down, @Nullable Duration up, @Nullable Duration firstShed,
            @Nullable Duration healed) {
    }

    /**
     * What a run sent and got back.
     *
     * @param elapsed how long the run took
     * @param budget the request budget it had
     * @param byKind requests sent, by kind (every kind present)
     * @param byStatus responses, by HTTP status, ascending
     * @param unanswered requests that got no response (refused connection, timeout)
     * @param stale answers that were a stale copy ({@code X-Faultline-Degraded: stale-if-error})
     * @param degraded other answers marked degraded (a fallback)
     * @param shed answers that refused a shed route (503 {@code resource_exhausted}, {@code Retry-After})
     * @param outage the outage phase, or {@code null} if the run had none
     * @param alerts the alerts of the last hour at the end of the run, by rule ({@code rule (resolved)}
     *        for resolved notifications); empty when alerting is off
     */
    public record Summary(Duration elapsed, int budget, Map<Kind, Long> byKind, SortedMap<Integer, Long> byStatus,
            long unanswered, long stale, long degraded, long shed, @Nullable Outage outage,
            SortedMap<String, Long> alerts) {

        public Summary {
            byKind = Collections.unmodifiableMap(new EnumMap<>(byKind));
            byStatus = Collections.unmodifiableSortedMap(new TreeMap<>(byStatus));
            alerts = Collections.unmodifiableSortedMap(new TreeMap<>(alerts));
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
            Outage o = outage;
            if (o != null) {
                out.append("  outage:     ").append(o.down() == null ? "the database never went down"
                        : "database down at " + seconds(o.down()) + (o.up() == null ? ", never up again"
                        : ", up at " + seconds(o.up()))).append(" (POST /admin/database as admin)\n");
            }
            if (o != null || stale > 0 || degraded > 0 || shed > 0) {
                out.append("  recovery:   ").append(stale).append(" stale answers (").append(DEGRADED_HEADER)
                        .append(": ").append(STALE).append(')');
                if (degraded > 0) {
                    out.append(", ").append(degraded).append(" other degraded answers");
                }
                out.append(", ").append(shed).append(" shed (503 resource_exhausted + Retry-After)\n");
                if (o != null) {
                    out.append("              GET /videos ").append(o.firstShed() == null ? "was never shed"
                            : "shed from " + seconds(o.firstShed()) + (o.healed() != null
                                    ? ", answering again at " + seconds(o.healed())
                                    : ", still shed at the end")).append('\n');
                }
            }
            out.append("  alerts:     ").append(alerts.isEmpty() ? "none in the last hour" : join(alerts)).append('\n');
            out.append("Look at (the monitoring endpoints need the token, but in development on this machine):\n");
            for (String path : List.of("metrics/errors", "metrics/trends?hours=1", "metrics/insights",
                    "metrics/performance", "metrics/alerts?hours=1")) {
                out.append("  curl -s ").append(Main.BEARER_HEADER).append(" '").append(base.resolve("/" + path)).append("'\n");
            }
            out.append("  curl -s '").append(base.resolve("/health")).append("'\n");
            return out.toString();
        }

        private static String seconds(Duration d) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }

        private static String join(Map<?, Long> counts) {
            StringBuilder s = new StringBuilder();
            counts.forEach((k, n) -> s.append(s.isEmpty() ? "" : ", ").append(k).append(' ').append(n));
            return s.isEmpty() ? "none" : s.toString();
        }
    }
}
