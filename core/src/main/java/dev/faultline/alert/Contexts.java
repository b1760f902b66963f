package dev.faultline.alert;

import dev.faultline.error.ErrorEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The context map of an error event: its fields under the names the logs use. */
final class Contexts {

    static final String OCCURRED_AT = "occurred_at";
    static final String REQUEST_ID = "request_id";
    static final String ERROR_TYPE = "error_type";
    static final String SEVERITY = "severity";
    static final String STATUS = "status";
    static final String ENDPOINT = "endpoint";
    static final String METHOD = "method";
    static final String USER_ID = "user_id";
    static final String IP_ADDRESS = "ip_address";
    static final String FINGERPRINT = "fingerprint";
    static final String EXCEPTION = "exception";
    static final String ERROR_MESSAGE = "error_message";
    static final String RECOVERY = "recovery";

    static final String COUNT = "count";
    static final String THRESHOLD = "threshold";
    static final String WINDOW = "window";
    static final String ERROR_RATIO = "error_ratio";
    static final String ERROR_PERCENT = "error_percent";
    static final String ERRORS = "errors";
    static final String REQUESTS = "requests";
    static final String RATIO_THRESHOLD = "ratio_threshold";
    static final String MIN_REQUESTS = "min_requests";

    private Contexts() {
    }

    static Map<String, @Nullable Object> of(ErrorEvent e) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>(24);
        m.put(OCCURRED_AT, e.timestamp().toString());
        m.put(REQUEST_ID, e.requestId());
        m.put(ERROR_TYPE, e.type().label());
        m.put(SEVERITY, e.severity().label());
        m.put(STATUS, e.status());
        m.put(ENDPOINT, e.endpoint());
        m.put(METHOD, e.method());
        m.put(USER_ID, e.userId());
        m.put(IP_ADDRESS, e.clientIp());
        m.put(FINGERPRINT, e.fingerprint());
        m.put(EXCEPTION, e.exceptionClass());
        m.put(ERROR_MESSAGE, e.message());
        m.put(RECOVERY, e.recovery());
        return m;
    }
}
