package com.example.shop;

/**
 * The application code of {@code ExchangeBenchmark.openCloseThrowing}: it fails {@value #DEPTH} frames
 * below its handler, as a data-access layer does when its database is down. It lives outside
 * {@code dev.faultline}, whose frames the fingerprint skips as the framework's, so that the benchmark
 * finds the throw site where it finds an application's.
 */
public final class OrderRepository {

    /** How many frames below the handler the failure is thrown. */
    public static final int DEPTH = 20;

    private OrderRepository() {
    }

    /**
     * Recurses {@code depth} frames, then throws an {@code IllegalStateException} caused by an
     * {@code SQLTransientConnectionException}, with a message that names the order.
     */
    public static int load(int depth, int order) {
        if (depth == 0) {
            throw new IllegalStateException("loading order " + order + " failed",
                    new java.sql.SQLTransientConnectionException("Connection refused: db:5432"));
        }
        return load(depth - 1, order) + 1;
    }
}
