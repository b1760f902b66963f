package dev.faultline.logging;

/**
 * Every field name Faultline puts in a log event, in one place. Names are snake_case and stable: log
 * pipelines and dashboards may depend on them. Events carry them as SLF4J 2 key-value pairs.
 *
 * <table>
 *   <caption>Loggers and the fields of their events</caption>
 *   <tr><th>logger</th><th>message</th><th>fields</th></tr>
 *   <tr><td>{@code faultline.http}</td><td>{@code request received} (DEBUG)</td>
 *       <td>request_id, method, path, query, ip_address, user_agent</td></tr>
 *   <tr><td>{@code faultline.http}</td><td>{@code request completed}</td>
 *       <td>request_id, method, path, query, endpoint, status, duration_ms, bytes_in, bytes_out,
 *       ip_address, user_agent, user_id, error_type, recovery; when enabled request_headers, response_headers,
 *       request_body, request_body_truncated, response_body, response_body_truncated</td></tr>
 *   <tr><td>{@code faultline.error}</td><td>{@code request failed}</td>
 *       <td>request_id, error_type, severity, status, method, path, endpoint, user_id, exception,
 *       fingerprint, recovery (recovered, degraded, not_recovered; absent when no recovery applied), and
 *       for 5xx the throwable itself the first time its fingerprint is seen and then at most once per
 *       {@link LoggingConfig#stackTraceInterval() interval} (5 minutes by default); on the 5xx lines in
 *       between, occurrences_since_trace and trace_request_id instead</td></tr>
 *   <tr><td>{@code faultline.performance}</td><td>{@code slow request} (WARN)</td>
 *       <td>request_id, method, path, endpoint, status, duration_ms, threshold_ms</td></tr>
 *   <tr><td>{@code faultline.security}</td><td>{@code security issues detected} / {@code rate limit exceeded} (WARN)</td>
 *       <td>request_id, method, path, ip_address, issues_found, issues (rule_id, category, location), action
 *       (logged or blocked), retry_after_s</td></tr>
 *   <tr><td>{@code faultline.business}</td><td>the event name</td>
 *       <td>event, request_id, user_id, and the event's own fields</td></tr>
 *   <tr><td>{@code faultline.audit}</td><td>{@code authentication} / {@code authorization}</td>
 *       <td>audit_type, request_id, user_id; authentication: success, auth_method, reason;
 *       authorization: resource, action, granted</td></tr>
 *   <tr><td>{@code faultline.alert}</td><td>the alert's message (level by alert level)</td>
 *       <td>alert_id, alert_rule, alert_level, alert_message, alert_group, suppressed, resolved, and the
 *       triggering error's context (error_type, severity, endpoint, request_id, ip_address, ...)</td></tr>
 *   <tr><td>{@code faultline.monitoring}</td><td>{@code monitoring endpoints: ...} (INFO, once per
 *       instance, when it is built)</td><td>environment, monitoring_guard</td></tr>
 * </table>
 *
 * <p>Each field has one source on a line: the event's key-value pairs. While Faultline logs one of its
 * events, the MDC's {@code request_id} and {@code user_id} (which Faultline put there for the
 * application's own lines) are lifted out for the call, so that an encoder writing the MDC and the
 * key-value pairs side by side never sees a field twice.
 *
 * <p>The endpoint is the route template, {@code _unmatched} for a 404 no route matched, or the path
 * when the server knows no templates: the same names as in the metrics.
 */
public final class LogFields {
    private LogFields() {
    }

    public static final String REQUEST_ID = "request_id";
    public static final String METHOD = "method";
    public static final String PATH = "path";
    public static final String QUERY = "query";
    public static final String ENDPOINT = "endpoint";
    public static final String STATUS = "status";
    public static final String DURATION_MS = "duration_ms";
    public static final String BYTES_IN = "bytes_in";
    public static final String BYTES_OUT = "bytes_out";
    public static final String IP_ADDRESS = "ip_address";
    public static final String USER_AGENT = "user_agent";
    public static final String USER_ID = "user_id";
    public static final String ERROR_TYPE = "error_type";
    public static final String SEVERITY = "severity";
    public static final String EXCEPTION = "exception";
    public static final String REQUEST_HEADERS = "request_headers";
    public static final String RESPONSE_HEADERS = "response_headers";
    public static final String REQUEST_BODY = "request_body";
    public static final String REQUEST_BODY_TRUNCATED = "request_body_truncated";
    public static final String RESPONSE_BODY = "response_body";
    public static final String RESPONSE_BODY_TRUNCATED = "response_body_truncated";
    public static final String THRESHOLD_MS = "threshold_ms";
    public static final String RECOVERY = "recovery";
    /** The failure's pattern: the same id as in {@code /metrics/insights} and in alerts. */
    public static final String FINGERPRINT = "fingerprint";
    /**
     * On a {@code request failed} line without its stack trace: how many failures of its fingerprint
     * there have been since the line that carried the trace, this one included (1, 2, 3…).
     */
    public static final String OCCURRENCES_SINCE_TRACE = "occurrences_since_trace";
    /** On a {@code request failed} line without its stack trace: the request id of the line that has it. */
    public static final String TRACE_REQUEST_ID = "trace_request_id";
    public static final String EVENT = "event";
    public static final String AUDIT_TYPE = "audit_type";
    public static final String SUCCESS = "success";
    public static final String GRANTED = "granted";
    public static final String AUTH_METHOD = "auth_method";
    public static final String REASON = "reason";
    public static final String RESOURCE = "resource";
    public static final String ACTION = "action";
    public static final String RESOURCE_TYPE = "resource_type";
    public static final String RESOURCE_ID = "resource_id";

    /** The logger of completion events. */
    public static final String LOGGER_HTTP = "faultline.http";
    /** The logger of error events. */
    public static final String LOGGER_ERROR = "faultline.error";
    /** The logger of slow-request warnings. */
    public static final String LOGGER_PERFORMANCE = "faultline.performance";
    /** The logger of security findings. */
    public static final String LOGGER_SECURITY = "faultline.security";
    /** The logger of business events. */
    public static final String LOGGER_BUSINESS = "faultline.business";
    /** The logger of audit events. */
    public static final String LOGGER_AUDIT = "faultline.audit";
    /** The logger of the start-up line saying which monitoring endpoints are served and how they are guarded. */
    public static final String LOGGER_MONITORING = "faultline.monitoring";
    /** The logger of alerts. */
    public static final String LOGGER_ALERT = "faultline.alert";
}
