package dev.faultline.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.corpus.Corpus.Case;
import dev.faultline.error.Classification;
import dev.faultline.error.ErrorClassifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The classifier on real exceptions of the real libraries (see {@link Libraries}): each is thrown by the
 * library against a loopback stub, an in-memory database or a closed port, or built the way the library
 * builds it before throwing it. At least 95 % of the cases must get the expected type, status, severity
 * and retryability; every case expected to miss says why, and a listed miss that starts to pass fails
 * too, so that the list stays true.
 */
@DisplayName("Classification corpus: real exceptions of real libraries")
class ClassificationCorpusTest {

    private static final ErrorClassifier CLASSIFIER = ErrorClassifier.create();

    /** What the classifier gave each case (or the failure to produce the exception). */
    record Outcome(Case c, Throwable thrown, Classification actual) {
        boolean asExpected() {
            return c.expected().equals(actual);
        }
    }

    private static Stubs stubs;
    private static Libraries libraries;
    private static final Map<Case, Object> OUTCOMES = new LinkedHashMap<>();

    @BeforeAll
    static void run() throws Exception {
        stubs = new Stubs();
        libraries = new Libraries(stubs);
        for (Case c : libraries.cases()) {
            try {
                Throwable t = c.make().call();
                OUTCOMES.put(c, new Outcome(c, t, CLASSIFIER.classify(t)));
            } catch (Throwable cannotMake) {
                OUTCOMES.put(c, cannotMake);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (libraries != null) {
            libraries.close();
        }
        if (stubs != null) {
            stubs.close();
        }
    }

    @TestFactory
    @DisplayName("each case")
    Stream<DynamicTest> eachCase() {
        return OUTCOMES.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().toString(), () -> {
            if (!(e.getValue() instanceof Outcome o)) {
                throw new AssertionError("could not produce the exception", (Throwable) e.getValue());
            }
            String what = o.thrown().getClass().getName() + " (" + o.thrown().getMessage() + ")";
            if (o.c().miss() == null) {
                assertEquals(o.c().expected(), o.actual(), what);
            } else {
                assertNotEquals(o.c().expected(), o.actual(),
                        "listed as a miss (" + o.c().miss() + ") but classified as expected: take it off the list; " + what);
            }
        }));
    }

    @Test
    @DisplayName("has at least 100 cases from at least 20 libraries, at least 95 % as expected")
    void summary() {
        List<Outcome> outcomes = new ArrayList<>();
        for (Object o : OUTCOMES.values()) {
            if (o instanceof Outcome outcome) {
                outcomes.add(outcome);
            }
        }
        Set<String> libs = new TreeSet<>();
        OUTCOMES.keySet().forEach(c -> libs.add(c.library()));
        long expected = outcomes.stream().filter(Outcome::asExpected).count();
        StringBuilder report = new StringBuilder();
        report.append(OUTCOMES.size()).append(" cases, ").append(libs.size()).append(" libraries, ").append(expected)
                .append(" as expected (").append(String.format("%.1f", 100.0 * expected / OUTCOMES.size())).append(" %)\n");
        for (Outcome o : outcomes) {
            if (!o.asExpected()) {
                report.append("  miss: ").append(o.c()).append(" -> ").append(o.actual()).append(", expected ")
                        .append(o.c().expected()).append(o.c().miss() != null ? "; known: " + o.c().miss() : "; NOT LISTED")
                        .append('\n');
            }
        }
        StringBuilder table = new StringBuilder("library | case | thrown (< cause) | classified | expected\n");
        for (Outcome o : outcomes) {
            table.append(o.c().library()).append(" | ").append(o.c().name()).append(" | ").append(chain(o.thrown()))
                    .append(" | ").append(brief(o.actual())).append(" | ").append(o.asExpected() ? "=" : brief(o.c().expected())).append('\n');
        }
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "classification-corpus.txt"), report + "\n" + table);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.out.println(report);
        assertTrue(OUTCOMES.size() >= 100, report::toString);
        assertTrue(libs.size() >= 20, report::toString);
        assertTrue(expected * 100 >= 95L * OUTCOMES.size(), report::toString);
    }

    /** The classes of a cause chain, then of the last link's suppressed exceptions. */
    private static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        Throwable last = t;
        for (int i = 0; t != null && i < 8; i++, t = t.getCause()) {
            b.append(i == 0 ? "" : " < ").append(t.getClass().getName());
            last = t;
        }
        for (Throwable s : last.getSuppressed()) {
            if (!s.getClass().getName().startsWith("reactor.core.publisher.FluxOnAssembly")) {
                b.append(" {suppressed ").append(s.getClass().getName()).append('}');
            }
        }
        return b.toString();
    }

    private static String brief(Classification c) {
        return c.type().label() + " " + c.status() + " " + c.severity().label() + (c.retryable() ? " retryable" : "");
    }

    @Test
    @DisplayName("a downstream's Retry-After on a 503 or 429 is carried through, from every client that exposes headers")
    void retryAfter() {
        int seen = 0;
        for (Object o : OUTCOMES.values()) {
            if (o instanceof Outcome out && out.c().name().contains("Retry-After")) {
                seen++;
                assertEquals(java.util.Optional.of(Duration.ofSeconds(Stubs.RETRY_AFTER_SECONDS)),
                        CLASSIFIER.downstreamRetryAfter(out.thrown(), Instant.now()), out.c().toString());
            }
        }
        assertTrue(seen >= 4, "cases with a Retry-After: " + seen);
    }
}
