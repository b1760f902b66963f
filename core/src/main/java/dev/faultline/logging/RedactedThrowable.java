package dev.faultline.logging;

import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Stands in the log for a throwable whose message, or a cause's, holds a secret: its message is the
 * original class name and the redacted message ({@code java.sql.SQLException: connect to
 * postgres://app:[REDACTED:url-password]@db failed}), its stack trace the original's, its causes and
 * suppressed throwables redacted the same way. A throwable without a secret anywhere is logged as it
 * is, so that log backends keep showing its own class.
 *
 * <p>Not thrown by Faultline; only handed to a logger.
 */
public final class RedactedThrowable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** How many throwables of a chain are looked at (causes and suppressed), to bound a hostile chain. */
    static final int MAX_CHAIN = 32;

    private final String originalClass;

    private RedactedThrowable(String originalClass, @Nullable String message) {
        super(message == null ? originalClass : originalClass + ": " + message); // the cause is set once copied
        this.originalClass = originalClass;
    }

    /** The class of the throwable this one stands for. */
    public String originalClass() {
        return originalClass;
    }

    /**
     * {@code t} itself when no message of its chain holds a secret the redactor finds; else a
     * {@link RedactedThrowable} chain standing for it.
     */
    public static Throwable of(Throwable t, Redactor redactor) {
        if (!leaks(t, redactor, new IdentityHashMap<>())) {
            return t;
        }
        return copy(t, redactor, new IdentityHashMap<>());
    }

    private static boolean leaks(@Nullable Throwable t, Redactor redactor, Map<Throwable, Boolean> seen) {
        if (t == null || seen.size() >= MAX_CHAIN || seen.put(t, Boolean.TRUE) != null) {
            return false;
        }
        String m = message(t);
        if (m != null && !redactor.text(m).equals(m)) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (leaks(s, redactor, seen)) {
                return true;
            }
        }
        return leaks(t.getCause(), redactor, seen);
    }

    private static Throwable copy(Throwable t, Redactor redactor, Map<Throwable, Throwable> done) {
        Throwable already = done.get(t);
        if (already != null) {
            return already;
        }
        String m = message(t);
        Throwable cause = t.getCause();
        RedactedThrowable r = new RedactedThrowable(t.getClass().getName(), m == null ? null : redactor.text(m));
        done.put(t, r);
        r.setStackTrace(t.getStackTrace());
        if (cause != null && cause != t && done.size() < MAX_CHAIN) {
            Throwable c = copy(cause, redactor, done);
            if (c != r) {
                r.initCause(c);
            }
        }
        for (Throwable s : t.getSuppressed()) {
            if (done.size() < MAX_CHAIN) {
                Throwable c = copy(s, redactor, done);
                if (c != r) {
                    r.addSuppressed(c);
                }
            }
        }
        return r;
    }

    private static @Nullable String message(Throwable t) {
        try {
            return t.getMessage();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
