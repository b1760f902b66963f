package dev.faultline.corpus;

import dev.faultline.error.Classification;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/** The corpus's vocabulary: a case, its expectation, and how to catch what a library throws. */
final class Corpus {

    private Corpus() {
    }

    /** Code that is expected to throw. */
    @FunctionalInterface
    interface Failing {
        void run() throws Throwable;
    }

    /**
     * One real exception and what the classifier should make of it.
     *
     * @param library the library that throws it
     * @param name what happened
     * @param make throws or builds the exception the way the library does
     * @param expected the expected classification
     * @param miss null when the classifier is expected to get it right; else why it does not (a known miss)
     */
    record Case(String library, String name, Callable<Throwable> make, Classification expected, @Nullable String miss) {
        @Override
        public String toString() {
            return library + ": " + name;
        }
    }

    /** Collects the cases of one library. */
    static final class Cases {
        final List<Case> all = new ArrayList<>();
        private String library = "?";

        Cases library(String name) {
            this.library = name;
            return this;
        }

        /** A case whose exception {@code failing} throws. */
        Cases thrown(String name, String expected, Failing failing) {
            all.add(new Case(library, name, () -> thrownBy(failing), parse(expected), null));
            return this;
        }

        /** A case whose exception is built as the library builds it before throwing it. */
        Cases built(String name, String expected, Callable<Throwable> make) {
            all.add(new Case(library, name, make, parse(expected), null));
            return this;
        }

        /** A known miss: the classifier does not give {@code expected}, for {@code reason}. */
        Cases miss(String name, String expected, String reason, Callable<Throwable> make) {
            all.add(new Case(library, name, make, parse(expected), reason));
            return this;
        }
    }

    static Throwable thrownBy(Failing failing) throws Exception {
        try {
            failing.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("nothing was thrown");
    }

    /** {@code "conflict 409 low no"}: type, status, severity, retryable. */
    static Classification parse(String expected) {
        String[] p = expected.split(" ");
        return new Classification(ErrorType.valueOf(p[0].toUpperCase(Locale.ROOT)), Integer.parseInt(p[1]) > 0
                ? ErrorSeverity.valueOf(p[2].toUpperCase(Locale.ROOT)) : ErrorSeverity.HIGH,
                Integer.parseInt(p[1]), p[3].equals("yes"));
    }
}
