package dev.faultline.internal.alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bounded alert history: a pre-allocated ring of {@code capacity} entries; adding the
 * {@code capacity + 1}th evicts the oldest (counted). Adding is O(1) and lock-free (a sequence number
 * and a compare-and-set that never lets an older entry overwrite a newer one), so it may run on a request
 * thread; reading is O(capacity log capacity). Memory: the ring plus at most {@code capacity} alerts.
 */
final class History {

    private final AtomicReferenceArray<Tracked> ring;
    private final int capacity;
    private final AtomicLong next = new AtomicLong();
    private final LongAdder evicted = new LongAdder();

    History(int capacity) {
        this.capacity = capacity;
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    long nextSeq() {
        return next.getAndIncrement();
    }

    void add(Tracked t) {
        int pos = (int) (t.seq % capacity);
        while (true) {
            Tracked cur = ring.get(pos);
            if (cur != null && cur.seq > t.seq) {
                evicted.increment(); // a newer one already took the place: t counts as evicted
                return;
            }
            if (ring.compareAndSet(pos, cur, t)) {
                if (cur != null) {
                    evicted.increment();
                }
                return;
            }
        }
    }

    /** The entries, newest first. */
    List<Tracked> newestFirst() {
        List<Tracked> out = new ArrayList<>(capacity);
        for (int i = 0; i < capacity; i++) {
            Tracked t = ring.get(i);
            if (t != null) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparingLong((Tracked t) -> t.seq).reversed());
        return out;
    }

    int size() {
        int n = 0;
        for (int i = 0; i < capacity; i++) {
            if (ring.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    int capacity() {
        return capacity;
    }

    long evicted() {
        return evicted.sum();
    }
}
