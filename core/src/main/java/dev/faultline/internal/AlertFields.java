package dev.faultline.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The names of an alert's context fields, as the logs use them, shared by the alerting engine (which
 * fills the context) and the channels (which read it), and the alert ids both make.
 */
public final class AlertFields {

    public static final String OCCURRED_AT = "occurred_at";
    public static final String REQUEST_ID = "request_id";
    public static final String ERROR_TYPE = "error_type";
    public static final String SEVERITY = "severity";
    public static final String STATUS = "status";
    public static final String ENDPOINT = "endpoint";
    public static final String METHOD = "method";
    public static final String USER_ID = "user_id";
    public static final String IP_ADDRESS = "ip_address";
    public static final String FINGERPRINT = "fingerprint";
    public static final String EXCEPTION = "exception";
    public static final String ERROR_MESSAGE = "error_message";
    public static final String RECOVERY = "recovery";

    public static final String COUNT = "count";
    public static final String THRESHOLD = "threshold";
    public static final String WINDOW = "window";
    public static final String ERROR_RATIO = "error_ratio";
    public static final String ERROR_PERCENT = "error_percent";
    public static final String ERRORS = "errors";
    public static final String REQUESTS = "requests";
    public static final String RATIO_THRESHOLD = "ratio_threshold";
    public static final String MIN_REQUESTS = "min_requests";

    private AlertFields() {
    }

    /** A new alert id: 16 lowercase hex digits. */
    public static String newId() {
        String h = Long.toHexString(ThreadLocalRandom.current().nextLong());
        return "0000000000000000".substring(h.length()) + h;
    }
}
