package dev.faultline.security;

import java.util.Map;

/**
 * An immutable map from short lower-case words to ints, looked up by a slice of a char array without
 * allocating (open addressing over the words' chars). Built once from a {@link Map}.
 */
final class WordTable {

    private final char[][] keys;
    private final int[] values;
    private final int mask;

    WordTable(Map<String, Integer> words) {
        int size = Integer.highestOneBit(Math.max(4, words.size() * 3)) << 1;
        keys = new char[size][];
        values = new int[size];
        mask = size - 1;
        for (Map.Entry<String, Integer> e : words.entrySet()) {
            char[] k = e.getKey().toCharArray();
            int h = hash(k, 0, k.length) & mask;
            while (keys[h] != null) {
                h = (h + 1) & mask;
            }
            keys[h] = k;
            values[h] = e.getValue();
        }
    }

    /**
     * The length and three chars (first, middle, last) mixed: a few operations whatever the length,
     * where a hash over every char was a multiply chained from char to char. Words that share them
     * share a slot's neighbourhood, which {@link #get} probes; the table is fixed, so a lookup costs
     * at most its longest run of occupied slots.
     */
    private static int hash(char[] a, int s, int e) {
        int len = e - s;
        if (len == 0) {
            return 0;
        }
        int h = (len << 24) ^ (a[s] << 16) ^ (a[s + (len >> 1)] << 8) ^ a[e - 1];
        h *= 0x9E3779B1;
        return h ^ (h >>> 15);
    }

    /** The value of the word {@code a[s..e)}, or {@code missing}. */
    int get(char[] a, int s, int e, int missing) {
        int len = e - s;
        int h = hash(a, s, e) & mask;
        while (true) {
            char[] k = keys[h];
            if (k == null) {
                return missing;
            }
            if (k.length == len && same(k, a, s)) {
                return values[h];
            }
            h = (h + 1) & mask;
        }
    }

    private static boolean same(char[] k, char[] a, int s) {
        for (int i = 0; i < k.length; i++) {
            if (k[i] != a[s + i]) {
                return false;
            }
        }
        return true;
    }
}
