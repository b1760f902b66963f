package dev.faultline.examples;

import java.net.http.HttpRequest;

/**
 * The monitoring token of the example tests' servers: the monitoring endpoints are closed without one
 * (issue 20), so a test that reads them configures this token and sends it, as an operator does with
 * {@code FAULTLINE_MONITORING_TOKEN}.
 */
final class TestToken {

    /** At least 16 printable characters, as {@code monitoring.token} requires. */
    static final String TOKEN = "examples-monitoring-token-0123456789";

    private TestToken() {
    }

    /** Adds {@code Authorization: Bearer TOKEN} when {@code path} is a monitoring path ({@code /metrics...}). */
    static HttpRequest.Builder forMonitoring(HttpRequest.Builder request, String path) {
        return path.startsWith("/metrics") ? request.header("Authorization", "Bearer " + TOKEN) : request;
    }
}
