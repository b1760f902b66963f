package dev.faultline.internal.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.analysis.EndpointCount;
import dev.faultline.analysis.PatternAnalyzer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The per-hour ring and the endpoint counters agree with naive models. */
@Label("Counter properties")
class CountersProperties {

    private static final long BASE_HOUR = 483_000; // early 2025

    @Property(tries = 300)
    @Label("in any arrival order, the ring holds the exact count of every hour of the window ending at the newest hour")
    void ringMatchesModel(@ForAll @IntRange(min = 1, max = 48) int hours,
            @ForAll("offsets") List<Integer> offsets) {
        HourlyCounts ring = new HourlyCounts(hours);
        Map<Long, Long> model = new HashMap<>();
        long newest = Long.MIN_VALUE;
        for (int o : offsets) {
            long h = BASE_HOUR + o;
            ring.add(h);
            model.merge(h, 1L, Long::sum);
            newest = Math.max(newest, h);
        }
        if (offsets.isEmpty()) {
            return;
        }
        long[] series = ring.series(newest);
        for (int k = 0; k < hours; k++) {
            long h = newest - hours + 1 + k;
            assertEquals(model.getOrDefault(h, 0L), series[k], "hour " + h);
        }
        // and nothing is counted for an hour the ring no longer holds
        assertEquals(0, ring.count(newest - hours));
        assertEquals(0, ring.count(newest + 1));
    }

    @Provide
    Arbitrary<List<Integer>> offsets() {
        return Arbitraries.integers().between(0, 150).list().ofMaxSize(400);
    }

    @Provide
    Arbitrary<List<String>> names() {
        // few chars, spaces among them, so that names collide and split differently; some past 200 chars
        Arbitrary<String> shortName = Arbitraries.strings().withChars("GT /a ").ofMaxLength(4);
        Arbitrary<String> longName = Arbitraries.strings().withChars("ab").ofMinLength(150).ofMaxLength(260);
        return Arbitraries.oneOf(shortName, shortName, longName).list().ofMinSize(2).ofMaxSize(60);
    }

    @Property(tries = 300)
    @Label("endpoint counters: counting a method and an endpoint is counting their name, cut to 200 chars")
    void methodAndEndpoint(@ForAll("names") List<String> parts) {
        TopEndpoints split = new TopEndpoints(PatternAnalyzer.TRACKED_ENDPOINTS);
        TopEndpoints joined = new TopEndpoints(PatternAnalyzer.TRACKED_ENDPOINTS);
        for (int i = 0; i + 1 < parts.size(); i += 2) {
            split.add(parts.get(i), parts.get(i + 1));
            String name = parts.get(i) + ' ' + parts.get(i + 1);
            joined.add(name.length() <= PatternAnalyzer.MAX_NAME_LENGTH ? name : name.substring(0, PatternAnalyzer.MAX_NAME_LENGTH));
        }
        assertEquals(joined.top(), split.top());
    }

    @Property(tries = 300)
    @Label("endpoint counters: exact with up to five endpoints; beyond, they add up to the total, never undercount, and keep every endpoint above total / 5")
    void spaceSaving(@ForAll("endpointStreams") List<Integer> stream) {
        TopEndpoints top = new TopEndpoints(PatternAnalyzer.TRACKED_ENDPOINTS);
        Map<String, Long> model = new HashMap<>();
        for (int e : stream) {
            top.add("/e" + e);
            model.merge("/e" + e, 1L, Long::sum);
        }
        List<EndpointCount> reported = top.top();
        assertTrue(reported.size() <= PatternAnalyzer.TRACKED_ENDPOINTS);
        assertEquals(stream.size(), reported.stream().mapToLong(EndpointCount::count).sum());
        Map<String, Long> got = new HashMap<>();
        for (EndpointCount c : reported) {
            got.put(c.endpoint(), c.count());
            assertTrue(c.count() >= model.get(c.endpoint()), c.endpoint());
        }
        if (model.size() <= PatternAnalyzer.TRACKED_ENDPOINTS) {
            assertEquals(model, got);
        }
        for (Map.Entry<String, Long> e : model.entrySet()) {
            if (e.getValue() * PatternAnalyzer.TRACKED_ENDPOINTS > stream.size()) {
                assertTrue(got.containsKey(e.getKey()), () -> e.getKey() + " is heavy but not tracked");
            }
        }
        for (int i = 1; i < reported.size(); i++) {
            assertTrue(reported.get(i - 1).count() >= reported.get(i).count(), "largest first");
        }
    }

    /** Skewed streams over 1..12 endpoints: a few heavy ones and a tail. */
    @Provide
    Arbitrary<List<Integer>> endpointStreams() {
        return Arbitraries.integers().between(1, 12).flatMap(k -> Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, Math.min(k, 3) - 1)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, k - 1))).list().ofMaxSize(300));
    }
}
