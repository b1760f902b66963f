package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link WordTable} answers as the map it was built from, for keys and for near misses (the same
 * length, ends and middle char, which its hash reads, with one other char changed), read from a slice
 * in the middle of a larger array.
 */
class WordTableProperties {

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withCharRange('a', 'f').withChars("_@.0").ofMinLength(1).ofMaxLength(40);
    }

    @Property(tries = 500)
    void answersAsTheMap(@ForAll("maps") Map<String, Integer> map, @ForAll("probes") List<String> probes) {
        WordTable table = new WordTable(map);
        for (String key : map.keySet()) {
            check(table, map, key);
            check(table, map, mutate(key));
        }
        for (String probe : probes) {
            check(table, map, probe);
        }
    }

    @Provide
    Arbitrary<Map<String, Integer>> maps() {
        return Arbitraries.maps(words(), Arbitraries.integers().between(0, 1000)).ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<String>> probes() {
        return words().list().ofMaxSize(40);
    }

    @Example
    void sqlKeywordsAndNames() {
        Map<String, Integer> map = new HashMap<>();
        for (String w : List.of("select", "union", "and", "or", "current_user", "information_schema", "xp_cmdshell")) {
            map.put(w, w.length());
        }
        WordTable table = new WordTable(map);
        for (String w : List.of("select", "selects", "sflect", "coast", "walk", "union", "unions", "uniom", "and",
                "an", "or", "current_user", "current_usr", "information_schema", "xp_cmdshell", "x", "")) {
            check(table, map, w);
        }
    }

    /** The same length and ends, one inner char changed: a word that shares the key's hash when the middle is kept. */
    private static String mutate(String key) {
        if (key.length() < 3) {
            return key + "x";
        }
        char[] c = key.toCharArray();
        c[1] = c[1] == 'a' ? 'b' : 'a';
        return new String(c);
    }

    private static void check(WordTable table, Map<String, Integer> map, String word) {
        char[] a = ("#" + word + "#").toCharArray();
        assertEquals(map.getOrDefault(word, -1), table.get(a, 1, 1 + word.length(), -1), word);
    }
}
