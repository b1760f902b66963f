package dev.faultline.recovery;

import dev.faultline.internal.Preconditions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link RecoveryStrategy} returns: a response to send instead of the problem
 * ({@link #recovered} or {@link #degraded}), or {@link #notRecovered()}. Immutable.
 */
public final class RecoveryResult {

    /**
     * The response header that marks a degraded answer: {@code fallback} on a {@link #degraded} result,
     * {@code stale-if-error} on a kept copy served instead of a failure.
     */
    public static final String DEGRADED_HEADER = "X-Faultline-Degraded";

    private static final RecoveryResult NOT_RECOVERED = new RecoveryResult(RecoveryOutcome.NOT_RECOVERED, 0,
            List.of(), new byte[0]);

    private final RecoveryOutcome outcome;
    private final int status;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;

    private RecoveryResult(RecoveryOutcome outcome, int status, List<Map.Entry<String, String>> headers, byte[] body) {
        this.outcome = outcome;
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body;
    }

    /** A full answer: {@code status} (2xx or 3xx), the content type and the body. */
    public static RecoveryResult recovered(int status, String contentType, byte[] body) {
        return of(RecoveryOutcome.RECOVERED, status, contentType, body);
    }

    /** A fallback answer, marked degraded to the client ({@value #DEGRADED_HEADER}). */
    public static RecoveryResult degraded(int status, String contentType, byte[] body) {
        return of(RecoveryOutcome.DEGRADED, status, contentType, body);
    }

    /** A fallback JSON answer with status 200, marked degraded. */
    public static RecoveryResult degradedJson(String json) {
        return degraded(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** The strategy could not help. */
    public static RecoveryResult notRecovered() {
        return NOT_RECOVERED;
    }

    private static RecoveryResult of(RecoveryOutcome outcome, int status, String contentType, byte[] body) {
        if (status < 200 || status > 399) {
            throw Preconditions.invalid("recovered status", "must be 2xx or 3xx, was " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        return new RecoveryResult(outcome, status, List.of(Map.entry("Content-Type", contentType)), body.clone());
    }

    /** This result with one more response header. */
    public RecoveryResult withHeader(String name, String value) {
        if (outcome == RecoveryOutcome.NOT_RECOVERED) {
            return this;
        }
        List<Map.Entry<String, String>> h = new ArrayList<>(headers);
        h.add(Map.entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")));
        return new RecoveryResult(outcome, status, h, body);
    }

    public RecoveryOutcome outcome() {
        return outcome;
    }

    public int status() {
        return status;
    }

    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The body (do not modify). */
    public byte[] body() {
        return body;
    }
}
