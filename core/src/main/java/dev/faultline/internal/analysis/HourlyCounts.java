package dev.faultline.internal.analysis;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A ring of per-hour counters for the last {@code hours} hours, rotated by the hours it is given (the
 * events' timestamps), not by a clock.
 *
 * <p>Slot {@code h mod hours} holds hour {@code h}: one {@code long} packs the hour (plus one, so that
 * 0 means empty) in the high {@value #HOUR_BITS} bits and the count in the low {@value #COUNT_BITS}
 * bits. {@link #add(long)} is a compare-and-set loop on that one long: it increments the count of the
 * slot's hour, or starts the slot afresh when it held an older hour; an hour older than the slot's is
 * more than {@code hours} behind the newest and is dropped. Hours outside {@code 0..}{@value #MAX_HOUR}
 * (before 1970 or after the year 3883) are dropped. A count saturates at 2<sup>40</sup> − 1.
 *
 * <p>Lock-free; O(1) per add, O(hours) per read; memory: one {@code long} per hour. A read is exact
 * for each slot at the moment it reads it.
 */
final class HourlyCounts {

    static final int HOUR_BITS = 24;
    static final int COUNT_BITS = 40;
    static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
    static final long MAX_HOUR = (1L << HOUR_BITS) - 2;

    private final AtomicLongArray slots;
    private final int hours;

    HourlyCounts(int hours) {
        this.hours = hours;
        this.slots = new AtomicLongArray(hours);
    }

    /** The hour (since the epoch) of an epoch-second timestamp. */
    static long hourOf(long epochSecond) {
        return Math.floorDiv(epochSecond, 3600L);
    }

    /**
     * Counts one event in {@code hour}.
     *
     * @return whether it was counted (false: the hour is older than the ring or out of range)
     */
    boolean add(long hour) {
        if (hour < 0 || hour > MAX_HOUR) {
            return false;
        }
        int i = (int) (hour % hours);
        long tag = hour + 1;
        while (true) {
            long v = slots.get(i);
            long slotTag = v >>> COUNT_BITS;
            long next;
            if (slotTag == tag) {
                if ((v & COUNT_MASK) == COUNT_MASK) {
                    return true; // saturated
                }
                next = v + 1;
            } else if (slotTag < tag) {
                next = (tag << COUNT_BITS) | 1L;
            } else {
                return false;
            }
            if (slots.compareAndSet(i, v, next)) {
                return true;
            }
        }
    }

    /** The count of {@code hour}, 0 when the ring no longer (or never) held it. */
    long count(long hour) {
        if (hour < 0 || hour > MAX_HOUR) {
            return 0;
        }
        long v = slots.get((int) (hour % hours));
        return (v >>> COUNT_BITS) == hour + 1 ? v & COUNT_MASK : 0;
    }

    /** The counts of the {@code hours} hours ending with {@code nowHour}, oldest first. */
    long[] series(long nowHour) {
        long[] out = new long[hours];
        for (int k = 0; k < hours; k++) {
            out[k] = count(nowHour - hours + 1 + k);
        }
        return out;
    }

    int hours() {
        return hours;
    }
}
