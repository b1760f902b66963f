package dev.faultline.error;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * A pool of throwable "kinds" (a class and how to make one with a message and a cause) for the
 * classifier's properties: JDK exceptions the classifier knows, generic wrappers it does not,
 * anonymous subclasses (distinct classes), and Faultline's own exceptions.
 */
final class ThrowableKinds {

    /**
     * One kind of throwable.
     *
     * @param name for reports
     * @param make builds one from a message (may be null) and a cause (null: leave the cause unset)
     * @param expected its classification when it is the only throwable of its chain; null when the
     *        classifier knows nothing about it (it defers to its cause, else INTERNAL)
     * @param cyclable whether its cause can be set after construction (so it can close a cycle)
     */
    record Kind(String name, BiFunction<@Nullable String, @Nullable Throwable, Throwable> make,
            @Nullable Classification expected, boolean cyclable) {
        @Override
        public String toString() {
            return name;
        }
    }

    private ThrowableKinds() {
    }

    /** A kind with a (String) constructor whose cause is set with initCause. */
    private static Kind jdk(String name, Function<@Nullable String, Throwable> ctor, @Nullable Classification expected) {
        return new Kind(name, (message, cause) -> {
            Throwable t = ctor.apply(message);
            if (cause != null) {
                t.initCause(cause);
            }
            return t;
        }, expected, true);
    }

    /** A kind whose cause can only be given to its constructor. */
    private static Kind fixed(String name, BiFunction<@Nullable String, @Nullable Throwable, Throwable> make,
            @Nullable Classification expected) {
        return new Kind(name, make, expected, false);
    }

    private static Classification c(ErrorType type) {
        return Classification.of(type);
    }

    /** Kinds the classifier knows nothing about: generic wrappers and application classes. */
    static final List<Kind> UNKNOWN = List.of(
            jdk("RuntimeException", RuntimeException::new, null),
            jdk("IllegalStateException", IllegalStateException::new, null),
            jdk("IllegalArgumentException", IllegalArgumentException::new, null),
            jdk("NullPointerException", NullPointerException::new, null),
            jdk("UnsupportedOperationException", UnsupportedOperationException::new, null),
            jdk("IndexOutOfBoundsException", IndexOutOfBoundsException::new, null),
            jdk("ArithmeticException", ArithmeticException::new, null),
            jdk("ClassCastException", ClassCastException::new, null),
            jdk("ConcurrentModificationException", ConcurrentModificationException::new, null),
            jdk("NoSuchElementException", NoSuchElementException::new, null),
            jdk("IOException", IOException::new, null),
            jdk("Exception", Exception::new, null),
            jdk("InterruptedException", InterruptedException::new, null),
            jdk("Error", Error::new, null),
            jdk("AssertionError", m -> new AssertionError(m), null),
            jdk("StackOverflowError", StackOverflowError::new, null),
            fixed("ExecutionException", ExecutionException::new, null),
            fixed("CompletionException", CompletionException::new, null),
            jdk("anonymous RuntimeException 1", m -> new RuntimeException(m) { }, null),
            jdk("anonymous RuntimeException 2", m -> new RuntimeException(m) { }, null),
            jdk("anonymous RuntimeException 3", m -> new RuntimeException(m) { }, null),
            jdk("anonymous IllegalStateException", m -> new IllegalStateException(m) { }, null),
            jdk("anonymous Exception", m -> new Exception(m) { }, null),
            jdk("anonymous Error", m -> new Error(m) { }, null));

    /** JDK and library kinds the classifier knows by class name (or by a superclass's name). */
    static final List<Kind> KNOWN_JDK = List.of(
            jdk("SQLException", SQLException::new, c(ErrorType.DATABASE)),
            jdk("SQLTimeoutException", SQLTimeoutException::new, c(ErrorType.TIMEOUT)),
            jdk("SQLIntegrityConstraintViolationException", SQLIntegrityConstraintViolationException::new,
                    c(ErrorType.CONFLICT)),
            jdk("SQLTransientConnectionException", SQLTransientConnectionException::new, c(ErrorType.DATABASE)),
            jdk("anonymous SQLException", m -> new SQLException(m) { }, c(ErrorType.DATABASE)),
            jdk("TimeoutException", TimeoutException::new, c(ErrorType.TIMEOUT)),
            jdk("SocketTimeoutException", SocketTimeoutException::new, c(ErrorType.TIMEOUT)),
            jdk("HttpTimeoutException", HttpTimeoutException::new, c(ErrorType.TIMEOUT)),
            jdk("HttpConnectTimeoutException", HttpConnectTimeoutException::new, c(ErrorType.TIMEOUT)),
            jdk("InterruptedByTimeoutException", m -> new InterruptedByTimeoutException(), c(ErrorType.TIMEOUT)),
            jdk("ConnectException", ConnectException::new, c(ErrorType.EXTERNAL_SERVICE)),
            jdk("SocketException", SocketException::new, c(ErrorType.NETWORK)),
            jdk("UnknownHostException", UnknownHostException::new, c(ErrorType.NETWORK)),
            jdk("NoRouteToHostException", NoRouteToHostException::new, c(ErrorType.NETWORK)),
            jdk("UnresolvedAddressException", m -> new UnresolvedAddressException(), c(ErrorType.NETWORK)),
            jdk("SSLHandshakeException", SSLHandshakeException::new, c(ErrorType.NETWORK)),
            jdk("RejectedExecutionException", RejectedExecutionException::new, c(ErrorType.RESOURCE_EXHAUSTED)),
            jdk("OutOfMemoryError", OutOfMemoryError::new, c(ErrorType.RESOURCE_EXHAUSTED)),
            jdk("anonymous OutOfMemoryError", m -> new OutOfMemoryError(m) { }, c(ErrorType.RESOURCE_EXHAUSTED)));

    /**
     * Faultline's own exceptions. Their cause is fixed at construction; the validation and rate-limit
     * exceptions take none, so they drop the cause they are offered and always end a chain.
     */
    static final List<Kind> FAULTLINE = List.of(
            fixed("FaultlineException(TIMEOUT, CRITICAL)",
                    (m, cause) -> new FaultlineException(ErrorType.TIMEOUT, m, "internal", cause)
                            .withSeverity(ErrorSeverity.CRITICAL),
                    new Classification(ErrorType.TIMEOUT, ErrorSeverity.CRITICAL, 504)),
            fixed("FaultlineException(INTERNAL)", (m, cause) -> new FaultlineException(ErrorType.INTERNAL, m, null, cause),
                    c(ErrorType.INTERNAL)),
            fixed("NotFoundException", (m, cause) -> new NotFoundException(m, null, cause), c(ErrorType.NOT_FOUND)),
            fixed("ConflictException", (m, cause) -> new ConflictException(m, m, cause), c(ErrorType.CONFLICT)),
            fixed("DatabaseException", (m, cause) -> new DatabaseException(m, null, cause), c(ErrorType.DATABASE)),
            fixed("AuthenticationException", (m, cause) -> new AuthenticationException(m, null, cause),
                    c(ErrorType.AUTHENTICATION)),
            fixed("AuthorizationException", (m, cause) -> new AuthorizationException(m, null, cause),
                    c(ErrorType.AUTHORIZATION)),
            fixed("ServiceTimeoutException", (m, cause) -> new ServiceTimeoutException(m, null, cause),
                    c(ErrorType.TIMEOUT)),
            fixed("ExternalServiceException", (m, cause) -> new ExternalServiceException("billing", m, cause),
                    c(ErrorType.EXTERNAL_SERVICE)),
            fixed("ValidationException", (m, cause) -> new ValidationException(m), c(ErrorType.VALIDATION)),
            fixed("ValidationException.semantic", (m, cause) -> ValidationException.semantic(m, List.of()),
                    c(ErrorType.VALIDATION).withStatus(422)),
            fixed("RateLimitedException", (m, cause) -> new RateLimitedException(m, Duration.ofSeconds(3)),
                    c(ErrorType.RATE_LIMITED)));

    /** Every kind. */
    static final List<Kind> ALL = concat(UNKNOWN, KNOWN_JDK, FAULTLINE);

    /** Every kind whose class has built-in knowledge or none (no Faultline exceptions). */
    static final List<Kind> JDK = concat(UNKNOWN, KNOWN_JDK);

    @SafeVarargs
    private static List<Kind> concat(List<Kind>... lists) {
        List<Kind> out = new ArrayList<>();
        for (List<Kind> l : lists) {
            out.addAll(l);
        }
        return List.copyOf(out);
    }

    /**
     * The shape of a cause chain: its kinds from the outermost inwards, and, when {@code cycleTo >= 0},
     * the innermost link's cause set back to the link at that index (so A -> B -> A).
     */
    record Chain(List<Kind> kinds, int cycleTo) {
        Chain {
            kinds = List.copyOf(kinds);
            if (cycleTo >= 0 && (cycleTo >= kinds.size() - 1 || !kinds.get(kinds.size() - 1).cyclable())) {
                throw new IllegalArgumentException("cannot close a cycle to " + cycleTo + " in " + kinds);
            }
        }

        /** Builds the chain; message {@code i} (or null past the list's end) goes to link {@code i}. */
        Throwable build(List<@Nullable String> messages) {
            int n = kinds.size();
            Throwable[] links = new Throwable[n];
            Throwable inner = null;
            for (int i = n - 1; i >= 0; i--) {
                links[i] = kinds.get(i).make().apply(i < messages.size() ? messages.get(i) : null, inner);
                inner = links[i];
            }
            if (cycleTo >= 0) {
                links[n - 1].initCause(links[cycleTo]);
            }
            return links[0];
        }

        @Override
        public String toString() {
            return kinds + (cycleTo >= 0 ? " -> back to #" + cycleTo : "");
        }
    }
}
