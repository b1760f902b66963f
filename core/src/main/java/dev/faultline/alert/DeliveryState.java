package dev.faultline.alert;

import java.util.Locale;

/** Where the delivery of one alert to one channel stands. */
public enum DeliveryState {
    /** Queued, being attempted, or waiting for a retry. */
    PENDING,
    /** The channel accepted it (for HTTP channels: a 2xx answer). */
    DELIVERED,
    /** Given up: a permanent error, attempts or retry budget exhausted, deadline passed, or circuit open. */
    FAILED,
    /** Never attempted to the end: the queue was full, or Faultline shut down first. */
    DROPPED;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in JSON ({@code "delivered"}). */
    public String label() {
        return label;
    }

    /** Whether the state is final. */
    public boolean isFinal() {
        return this != PENDING;
    }
}
