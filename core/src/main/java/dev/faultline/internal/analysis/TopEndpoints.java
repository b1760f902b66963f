package dev.faultline.internal.analysis;

import dev.faultline.analysis.EndpointCount;
import dev.faultline.analysis.PatternAnalyzer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The most frequent endpoints of one pattern, with the space-saving algorithm (Metwally et al.) over
 * {@code capacity} counters: an endpoint that is tracked is counted exactly; a new one takes a free
 * counter, or replaces the smallest counter {@code m} and starts at {@code m + 1}, so a reported count
 * overestimates by at most the count it inherited. Any endpoint seen more than {@code total /
 * capacity} times is tracked; with at most {@code capacity} distinct endpoints every count is exact.
 * The counts always add up to the number of events.
 *
 * <p>Thread-safety: counting a tracked endpoint is lock-free (a compare-and-set on its counter);
 * taking a free counter or replacing one, and reading, hold this object's monitor — one lock per
 * pattern, never a global one. A replaced counter is first retired (its count set to −1, which
 * increments refuse), so no event is lost to a counter that is being replaced.
 *
 * <p>Memory: {@code capacity} counters of about 40 bytes plus their endpoint strings.
 */
final class TopEndpoints {

    private static final class Counter {
        final String endpoint;
        /** The count; −1 once retired. */
        final AtomicLong count;

        Counter(String endpoint, long count) {
            this.endpoint = endpoint;
            this.count = new AtomicLong(count);
        }

        boolean tryIncrement() {
            while (true) {
                long v = count.get();
                if (v < 0) {
                    return false;
                }
                if (count.compareAndSet(v, v + 1)) {
                    return true;
                }
            }
        }
    }

    private final AtomicReferenceArray<Counter> slots;

    TopEndpoints(int capacity) {
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /**
     * Counts {@code method + ' ' + endpoint}, cut to {@link PatternAnalyzer#MAX_NAME_LENGTH} chars: a
     * tracked one is found without building that name, so a repeated failure allocates nothing here.
     */
    void add(String method, String endpoint) {
        int m = method.length();
        int length = m + 1 + endpoint.length();
        if (length > PatternAnalyzer.MAX_NAME_LENGTH) {
            add((method + ' ' + endpoint).substring(0, PatternAnalyzer.MAX_NAME_LENGTH));
            return;
        }
        for (int i = 0; i < slots.length(); i++) {
            Counter c = slots.get(i);
            if (c == null) {
                break; // slots fill in order and never empty again
            }
            String name = c.endpoint;
            if (name.length() == length && name.startsWith(method) && name.charAt(m) == ' '
                    && name.startsWith(endpoint, m + 1) && c.tryIncrement()) {
                return;
            }
        }
        addSlow(method + ' ' + endpoint);
    }

    void add(String endpoint) {
        for (int i = 0; i < slots.length(); i++) {
            Counter c = slots.get(i);
            if (c == null) {
                break; // slots fill in order and never empty again
            }
            if (c.endpoint.equals(endpoint) && c.tryIncrement()) {
                return;
            }
        }
        addSlow(endpoint);
    }

    private synchronized void addSlow(String endpoint) {
        int min = -1;
        long minCount = Long.MAX_VALUE;
        for (int i = 0; i < slots.length(); i++) {
            Counter c = slots.get(i);
            if (c == null) {
                slots.set(i, new Counter(endpoint, 1));
                return;
            }
            if (c.endpoint.equals(endpoint)) {
                c.tryIncrement(); // cannot be retired: retiring happens only under this monitor
                return;
            }
            long v = c.count.get();
            if (v < minCount) {
                minCount = v;
                min = i;
            }
        }
        Counter victim = slots.get(min);
        long inherited = victim.count.getAndSet(-1);
        slots.set(min, new Counter(endpoint, inherited + 1));
    }

    /** The tracked endpoints and counts, largest first, then by name. */
    synchronized List<EndpointCount> top() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < slots.length(); i++) {
            Counter c = slots.get(i);
            if (c == null) {
                break;
            }
            counts.merge(c.endpoint, c.count.get(), Long::sum);
        }
        List<EndpointCount> out = new ArrayList<>(counts.size());
        counts.forEach((endpoint, count) -> out.add(new EndpointCount(endpoint, count)));
        out.sort(Comparator.comparingLong(EndpointCount::count).reversed().thenComparing(EndpointCount::endpoint));
        return out;
    }
}
