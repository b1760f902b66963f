package dev.faultline.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

@Label("StripedCounter properties")
class StripedCounterProperties {

    @Property(tries = 50)
    @Label("the sum is every addition, however the additions are split between threads")
    void sumOfAdditions(@ForAll @Size(max = 200) List<@LongRange(min = 0, max = 1_000_000_000L) Long> deltas,
            @ForAll @IntRange(min = 1, max = 9) int threads) throws InterruptedException {
        StripedCounter c = new StripedCounter();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            started.add(StripedCounterTest.start(() -> {
                for (int i = first; i < deltas.size(); i += threads) {
                    c.add(deltas.get(i));
                }
            }));
        }
        for (Thread t : started) {
            t.join();
        }
        assertEquals(deltas.stream().mapToLong(Long::longValue).sum(), c.sum());
    }
}
