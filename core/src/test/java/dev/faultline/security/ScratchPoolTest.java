package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SignatureScanner scratch")
class ScratchPoolTest {

    @Test
    @DisplayName("is reused by the next scan and never shared by two scans at once")
    void pool() {
        SignatureScanner.ScratchPool pool = new SignatureScanner.ScratchPool(2);
        SignatureScanner.Scratch a = pool.acquire();
        SignatureScanner.Scratch b = pool.acquire();
        assertNotSame(a, b);
        pool.release(a);
        assertSame(a, pool.acquire());
        pool.release(a);
        pool.release(b);
        pool.release(new SignatureScanner.Scratch()); // a full pool drops it
    }

    @Test
    @DisplayName("gives the same findings when many threads scan at once")
    void concurrent() throws Exception {
        SignatureScanner scanner = SignatureScanner.create();
        String[] values = {"' or 1=1--", "O'Brien", "<svg/onload=alert(1)>", "kind%3Acoast+walk%2C+river",
            "../../etc/passwd", "${jndi:ldap://x}", "plain text " + "x".repeat(20_000)};
        List<ScanReport> expected = new ArrayList<>();
        for (String v : values) {
            expected.add(scanner.scan("query:q", v));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    int mismatches = 0;
                    for (int i = 0; i < 2_000; i++) {
                        int k = (i + offset) % values.length;
                        if (!scanner.scan("query:q", values[k]).equals(expected.get(k))) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<Integer> f : futures) {
                assertEquals(0, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("drops the buffers of a long value, mark bitmap included, when given back")
    void shrinks() {
        SignatureScanner.Scratch s = new SignatureScanner.Scratch();
        String big = "coast+walk%2C+river ".repeat(5_000); // 100,000 chars
        SignatureScanner.create().scanRange(s, big, 0, big.length(), Cursor.Part.QUERY, new Canonicalizer.Work());
        assertTrue(s.decoder.markBits.length > SignatureScanner.Scratch.KEEP_CHARS / 32);
        s.shrink();
        assertTrue(s.x.length <= SignatureScanner.Scratch.KEEP_CHARS);
        assertTrue(s.decoder.markBits.length <= SignatureScanner.Scratch.KEEP_CHARS / 32 + 1);
        // and still scans correctly afterwards
        assertEquals(0L, SignatureScanner.create().scanRange(s, "kind%3Acoast+walk", 0, 17, Cursor.Part.QUERY,
                new Canonicalizer.Work()));
        assertTrue(SignatureScanner.create().scanRange(s, "x' or '1'='1", 0, 12, Cursor.Part.QUERY,
                new Canonicalizer.Work()) != 0);
    }

    @Test
    @DisplayName("the decoder marks every char at which a family starts a rule")
    void marksEveryTrigger() {
        SignatureScanner.Scratch s = new SignatureScanner.Scratch(); // throws if a trigger is not marked
        for (Family f : s.families) {
            for (char c : f.triggers().toCharArray()) {
                assertTrue(Canonicalizer.MARK_CHARS.indexOf(c) >= 0, () -> f.getClass().getSimpleName() + " " + c);
            }
        }
    }
}
