package dev.faultline;

import dev.faultline.internal.Preconditions;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The deployment environment, which picks the preset defaults of every subsystem:
 *
 * <table>
 *   <caption>Presets</caption>
 *   <tr><th>switch</th><th>PRODUCTION</th><th>DEVELOPMENT</th><th>DEFAULT (anything else)</th></tr>
 *   <tr><td>recovery</td><td>on</td><td>off</td><td>on</td></tr>
 *   <tr><td>log headers / bodies (redacted)</td><td>off</td><td>on</td><td>off</td></tr>
 *   <tr><td>alerting</td><td>on</td><td>off</td><td>on</td></tr>
 *   <tr><td>retention</td><td>24 h</td><td>1 h</td><td>24 h</td></tr>
 *   <tr><td>problem bodies show exception and stack</td><td>no</td><td>yes</td><td>no</td></tr>
 *   <tr><td>monitoring endpoints without a token or access predicate</td><td>closed (401) but health</td>
 *       <td>open to loopback callers</td><td>closed (401) but health</td></tr>
 * </table>
 *
 * <p>When neither {@code FAULTLINE_ENV} nor {@code ENVIRONMENT} is set the environment is
 * {@link #DEFAULT}, not development: a service started without configuration must not show stack
 * traces to its clients.
 */
public enum Environment {
    PRODUCTION(true, false, true, 24, false),
    DEVELOPMENT(false, true, false, 1, true),
    DEFAULT(true, false, true, 24, false);

    private final boolean recovery;
    private final boolean logPayloads;
    private final boolean alerting;
    private final int retentionHours;
    private final boolean exposeExceptionDetails;

    Environment(boolean recovery, boolean logPayloads, boolean alerting, int retentionHours,
            boolean exposeExceptionDetails) {
        this.recovery = recovery;
        this.logPayloads = logPayloads;
        this.alerting = alerting;
        this.retentionHours = retentionHours;
        this.exposeExceptionDetails = exposeExceptionDetails;
    }

    /** Whether recovery strategies run by default. */
    public boolean recovery() {
        return recovery;
    }

    /** Whether headers and bodies (always redacted) are logged by default. */
    public boolean logPayloads() {
        return logPayloads;
    }

    /** Whether alerting is on by default. */
    public boolean alerting() {
        return alerting;
    }

    /** How many hours of error metrics are kept by default. */
    public int retentionHours() {
        return retentionHours;
    }

    /** Whether problem bodies show the exception class, its message and top stack frames. */
    public boolean exposeExceptionDetails() {
        return exposeExceptionDetails;
    }

    /**
     * Who may read the monitoring endpoints (all but the health probes) without a credential while no
     * token or access predicate is configured: nobody, except loopback callers in development.
     */
    public dev.faultline.monitoring.MonitoringConfig.Anonymous monitoringAnonymous() {
        return this == DEVELOPMENT ? dev.faultline.monitoring.MonitoringConfig.Anonymous.LOOPBACK
                : dev.faultline.monitoring.MonitoringConfig.Anonymous.NONE;
    }

    /**
     * Parses an environment name: {@code production}/{@code prod}, {@code development}/{@code dev}/
     * {@code local} (any case); any other non-blank name is {@link #DEFAULT}.
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static Environment parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "" -> throw Preconditions.invalid("environment", "must not be blank");
            case "production", "prod" -> PRODUCTION;
            case "development", "dev", "local" -> DEVELOPMENT;
            default -> DEFAULT;
        };
    }

    /**
     * The environment named by {@code FAULTLINE_ENV}, else {@code ENVIRONMENT}, looked up with
     * {@code lookup}; {@link #DEFAULT} when neither is set.
     */
    public static Environment detect(UnaryOperator<@Nullable String> lookup) {
        for (String key : new String[] {"FAULTLINE_ENV", "ENVIRONMENT"}) {
            String v = lookup.apply(key);
            if (v != null && !v.isBlank()) {
                return parse(v);
            }
        }
        return DEFAULT;
    }

    /** The environment of this process (system properties {@code faultline.env}, then the variables). */
    public static Environment detect() {
        String prop = System.getProperty("faultline.env");
        if (prop != null && !prop.isBlank()) {
            return parse(prop);
        }
        return detect(System::getenv);
    }
}
