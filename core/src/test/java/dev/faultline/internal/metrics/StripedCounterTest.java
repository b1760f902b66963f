package dev.faultline.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StripedCounter")
class StripedCounterTest {

    @Test
    @DisplayName("sixteen threads incrementing at once lose no count")
    void concurrentIncrements() throws InterruptedException {
        StripedCounter c = new StripedCounter();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            threads.add(start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 100_000; i++) {
                    c.increment();
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1_600_000, c.sum());
    }

    @Test
    @DisplayName("its memory is fixed: one array of 40 longs, whatever the threads that wrote to it")
    void fixedMemory() throws Exception {
        StripedCounter c = new StripedCounter();
        Map<String, Long> before = TimeWindowMemoryTest.shape(c);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
            threads.add(start(() -> c.add(3)));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(96, c.sum());
        assertEquals(before, TimeWindowMemoryTest.shape(c));
        assertEquals(40L, before.get("long counters"), before.toString());
    }

    static Thread start(Runnable task) {
        Thread t = new Thread(task);
        t.start();
        return t;
    }
}
