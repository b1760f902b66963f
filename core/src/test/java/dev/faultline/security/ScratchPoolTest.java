package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
