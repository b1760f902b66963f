package dev.faultline.internal.analysis;

import java.util.UUID;

/** Real throw sites for fingerprint tests: each method builds its throwable on its own lines. */
final class Sites {

    private Sites() {
    }

    /** One method, two lines that build the same fault. */
    static RuntimeException lookup(long id, boolean firstLine) {
        if (firstLine) {
            return new IllegalStateException("order " + id + " not found");
        }
        return new IllegalStateException("order " + id + " not found");
    }

    /** Another method, the same class and message. */
    static RuntimeException store(long id) {
        return new IllegalStateException("order " + id + " not found");
    }

    /** A fault whose message carries an id, a UUID, an e-mail and a number, from one throw site. */
    static RuntimeException payment(long id, UUID request, String email, double amount) {
        return new IllegalStateException("payment " + id + " for " + email + " (request " + request
                + ") declined: amount " + amount + " over limit", new java.io.IOException("gateway said 'no' after "
                        + id % 1000 + "ms"));
    }

    /** The same message from a different method. */
    static RuntimeException refund(long id, UUID request, String email, double amount) {
        return new IllegalStateException("payment " + id + " for " + email + " (request " + request
                + ") declined: amount " + amount + " over limit", new java.io.IOException("gateway said 'no' after "
                        + id % 1000 + "ms"));
    }

    /** The same message and site, another class. */
    static RuntimeException paymentAsArgument(long id, UUID request, String email, double amount) {
        return new IllegalArgumentException("payment " + id + " for " + email + " (request " + request
                + ") declined: amount " + amount + " over limit", new java.io.IOException("gateway said 'no' after "
                        + id % 1000 + "ms"));
    }
}
