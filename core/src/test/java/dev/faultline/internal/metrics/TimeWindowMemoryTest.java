package dev.faultline.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The retained structure of a window, measured by walking the object graph from it: the objects
 * reachable, by class, and the number of {@code long} counters, which is what its memory is made of.
 */
@DisplayName("TimeWindow memory")
class TimeWindowMemoryTest {

    private static final int SLOTS = 60;

    @Test
    @DisplayName("stays the same whatever the number of recordings: 10 million over 100 minutes keep at most 60 slots")
    void fixed() throws Exception {
        FakeClock clock = new FakeClock(1_767_261_600_000L);
        TimeWindow w = TimeWindow.builder().clock(clock).slots(SLOTS).slotWidth(Duration.ofMinutes(1))
                .latencyHistogram(true).keys(3).build();

        for (int minute = 0; minute < SLOTS; minute++) { // one recording in every interval: a full ring
            w.record(1_000_000, false, false);
            clock.advance(Duration.ofMinutes(1));
        }
        Map<String, Long> full = shape(w);

        for (int i = 0; i < 10_000_000; i++) {
            w.record(1_000 + (i & 0xFFFFF) * 977L, (i & 15) == 0, (i & 31) == 0);
            if (i % 100_000 == 99_999) {
                clock.advance(Duration.ofMinutes(1)); // 100 intervals: the ring turns over more than once
            }
        }
        Map<String, Long> after = shape(w);

        assertEquals(full, after);
        assertTrue(after.get(TimeWindow.Slot.class.getName()) <= SLOTS + 1, after.toString()); // + the late slot
        assertEquals(SLOTS, after.get(LatencyHistogram.class.getName()), after.toString());
        assertEquals(59 * 100_000L, w.snapshot(Duration.ofMinutes(SLOTS)).count(),
                "the current interval is empty, the 59 before it hold 100,000 each");
    }

    /** Objects reachable from {@code root} by class, and {@code long counters} in atomic arrays. */
    static Map<String, Long> shape(Object root) throws IllegalAccessException {
        Map<String, Long> out = new TreeMap<>();
        walk(root, Collections.newSetFromMap(new IdentityHashMap<>()), out);
        return out;
    }

    private static void walk(Object o, Set<Object> seen, Map<String, Long> out) throws IllegalAccessException {
        if (!seen.add(o)) {
            return;
        }
        out.merge(o.getClass().getName(), 1L, Long::sum);
        if (o instanceof AtomicLongArray a) {
            out.merge("long counters", (long) a.length(), Long::sum);
            return;
        }
        if (o instanceof AtomicReferenceArray<?> a) {
            out.merge("ring positions", (long) a.length(), Long::sum);
            for (int i = 0; i < a.length(); i++) {
                Object e = a.get(i);
                if (e != null) {
                    walk(e, seen, out);
                }
            }
            return;
        }
        if (!o.getClass().getPackageName().equals(TimeWindow.class.getPackageName())) {
            return; // JDK leaves: AtomicLong, Clock, Duration...
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                f.setAccessible(true);
                Object v = f.get(o);
                if (v != null) {
                    walk(v, seen, out);
                }
            }
        }
    }
}
