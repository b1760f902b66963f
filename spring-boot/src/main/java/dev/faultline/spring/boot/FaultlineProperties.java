package dev.faultline.spring.boot;

import dev.faultline.Environment;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.Ordered;

/**
 * The settings of Faultline in a Spring Boot application, under {@code faultline.*}. A value that
 * cannot be right (a negative rate, a base path without a leading slash) fails the application's
 * start-up with a message that names the property.
 */
@ConfigurationProperties("faultline")
public class FaultlineProperties implements InitializingBean {

    /** The order of Faultline's filter: after Boot's CharacterEncodingFilter, before Spring Security's chain. */
    public static final int DEFAULT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    /** Whether Faultline is on at all. */
    private boolean enabled = true;

    /** The environment: PRODUCTION, DEVELOPMENT or DEFAULT; decides the defaults of the other switches. */
    private Environment environment = Environment.DEFAULT;

    /** Whether development problem bodies show the exception (never turn on in production). */
    private @Nullable Boolean exposeExceptionDetails;

    /** The request id header, read from the request when present and echoed in the response. */
    private String requestIdHeader = "X-Request-Id";

    /** The order of the filter among the servlet filters (see the module's README). */
    private int filterOrder = DEFAULT_FILTER_ORDER;

    private final Mvc mvc = new Mvc();
    private final Logging logging = new Logging();
    private final Security security = new Security();
    private final Monitoring monitoring = new Monitoring();
    private final Alerting alerting = new Alerting();
    private final Recovery recovery = new Recovery();

    /** Creates the settings with their defaults. */
    public FaultlineProperties() {
    }

    /**
     * Checks the values once bound: a bad one fails start-up with Boot's
     * {@link InvalidConfigurationPropertyValueException}, which names the property and the value.
     */
    @Override
    public void afterPropertiesSet() {
        if (requestIdHeader.isBlank()) {
            throw invalid("faultline.request-id-header", requestIdHeader, "must not be blank");
        }
        Integer bytes = logging.getMaxBodyBytes();
        if (bytes != null && bytes < 0) {
            throw invalid("faultline.logging.max-body-bytes", bytes, "must be at least 0");
        }
        Integer max = security.getMaxRequestsPerMinute();
        if (max != null && max < 1) {
            throw invalid("faultline.security.max-requests-per-minute", max, "must be at least 1");
        }
        String base = monitoring.getBasePath();
        if (base != null && !base.isEmpty() && (!base.startsWith("/") || base.endsWith("/") || base.contains("*"))) {
            throw invalid("faultline.monitoring.base-path", base, "must be like /ops (a leading slash, no trailing slash)");
        }
        String token = monitoring.getToken();
        if (token != null && (token.length() < 16 || token.chars().anyMatch(c -> c <= ' ' || c > '~'))) {
            // the value is a secret: not repeated in the message
            throw invalid("faultline.monitoring.token", "(hidden)",
                    "must be at least 16 printable ASCII characters without spaces");
        }
        checkUrl("faultline.alerting.slack-webhook", alerting.getSlackWebhook());
        checkUrl("faultline.alerting.webhook", alerting.getWebhook());
    }

    private static void checkUrl(String name, @Nullable URI uri) {
        if (uri != null && (uri.getScheme() == null
                || !(uri.getScheme().equals("https") || uri.getScheme().equals("http")))) {
            // a webhook URL carries its secret in the path: only the scheme is shown
            throw invalid(name, uri.getScheme() + ":...", "must be an absolute http(s) URL");
        }
    }

    private static InvalidConfigurationPropertyValueException invalid(String name, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(name, value, reason);
    }

    /**
     * Whether Faultline is on.
     *
     * @return whether Faultline is on
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether Faultline is on.
     *
     * @param enabled whether Faultline is on
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The environment.
     *
     * @return the environment
     */
    public Environment getEnvironment() {
        return environment;
    }

    /**
     * Sets the environment.
     *
     * @param environment the environment
     */
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    /**
     * Whether problem bodies show the exception, or {@code null} for the environment's default.
     *
     * @return whether problem bodies show the exception, or {@code null} for the environment's default
     */
    public @Nullable Boolean getExposeExceptionDetails() {
        return exposeExceptionDetails;
    }

    /**
     * Sets whether problem bodies show the exception.
     *
     * @param expose whether problem bodies show the exception
     */
    public void setExposeExceptionDetails(@Nullable Boolean expose) {
        this.exposeExceptionDetails = expose;
    }

    /**
     * The request id header.
     *
     * @return the request id header
     */
    public String getRequestIdHeader() {
        return requestIdHeader;
    }

    /**
     * Sets the request id header.
     *
     * @param header the request id header
     */
    public void setRequestIdHeader(String header) {
        this.requestIdHeader = header;
    }

    /**
     * The filter's order.
     *
     * @return the filter's order
     */
    public int getFilterOrder() {
        return filterOrder;
    }

    /**
     * Sets the filter's order.
     *
     * @param filterOrder the filter's order
     */
    public void setFilterOrder(int filterOrder) {
        this.filterOrder = filterOrder;
    }

    /**
     * The Spring MVC settings.
     *
     * @return the Spring MVC settings
     */
    public Mvc getMvc() {
        return mvc;
    }

    /**
     * The logging settings.
     *
     * @return the logging settings
     */
    public Logging getLogging() {
        return logging;
    }

    /**
     * The security settings.
     *
     * @return the security settings
     */
    public Security getSecurity() {
        return security;
    }

    /**
     * The monitoring settings.
     *
     * @return the monitoring settings
     */
    public Monitoring getMonitoring() {
        return monitoring;
    }

    /**
     * The alerting settings.
     *
     * @return the alerting settings
     */
    public Alerting getAlerting() {
        return alerting;
    }

    /**
     * The recovery settings.
     *
     * @return the recovery settings
     */
    public Recovery getRecovery() {
        return recovery;
    }

    /** Who writes the body of a failure Spring MVC handles. */
    public enum Mode {
        /** Faultline writes its problem (with reason and field errors); Spring's resolvers do not run. */
        RENDER,
        /** Spring or the application writes the body; Faultline counts and logs it with the right type. */
        OBSERVE
    }

    /** {@code faultline.mvc.*}: how Faultline meets Spring MVC's exception handling. */
    public static class Mvc {

        /** Creates the Spring MVC settings with their defaults. */
        public Mvc() {
        }

        /**
         * RENDER: Faultline writes the problem; OBSERVE: Spring or the application writes the body and
         * Faultline adds request_id and error_type to its ProblemDetail. Unset: OBSERVE when the
         * application has a @ControllerAdvice (or spring.mvc.problemdetails.enabled=true), else RENDER.
         */
        private @Nullable Mode mode;

        /**
         * The mode, or {@code null} to decide from the application's own advice.
         *
         * @return the mode, or {@code null} to decide from the application's own advice
         */
        public @Nullable Mode getMode() {
            return mode;
        }

        /**
         * Sets the mode.
         *
         * @param mode the mode
         */
        public void setMode(@Nullable Mode mode) {
            this.mode = mode;
        }
    }

    /** {@code faultline.logging.*}: exchange logging; unset values follow the environment. */
    public static class Logging {

        /** Creates the logging settings with their defaults. */
        public Logging() {
        }

        /** Whether request bodies are logged (redacted). */
        private @Nullable Boolean requestBody;

        /** Whether response bodies are logged (redacted). */
        private @Nullable Boolean responseBody;

        /** Whether headers are logged (redacted). */
        private @Nullable Boolean headers;

        /** The most body bytes captured per direction. */
        private @Nullable Integer maxBodyBytes;

        /**
         * Whether request bodies are logged, or {@code null} for the default.
         *
         * @return whether request bodies are logged, or {@code null} for the default
         */
        public @Nullable Boolean getRequestBody() {
            return requestBody;
        }

        /**
         * Sets whether request bodies are logged.
         *
         * @param on whether request bodies are logged
         */
        public void setRequestBody(@Nullable Boolean on) {
            this.requestBody = on;
        }

        /**
         * Whether response bodies are logged, or {@code null} for the default.
         *
         * @return whether response bodies are logged, or {@code null} for the default
         */
        public @Nullable Boolean getResponseBody() {
            return responseBody;
        }

        /**
         * Sets whether response bodies are logged.
         *
         * @param on whether response bodies are logged
         */
        public void setResponseBody(@Nullable Boolean on) {
            this.responseBody = on;
        }

        /**
         * Whether headers are logged, or {@code null} for the default.
         *
         * @return whether headers are logged, or {@code null} for the default
         */
        public @Nullable Boolean getHeaders() {
            return headers;
        }

        /**
         * Sets whether headers are logged.
         *
         * @param on whether headers are logged
         */
        public void setHeaders(@Nullable Boolean on) {
            this.headers = on;
        }

        /**
         * The capture cap, or {@code null} for the default.
         *
         * @return the capture cap, or {@code null} for the default
         */
        public @Nullable Integer getMaxBodyBytes() {
            return maxBodyBytes;
        }

        /**
         * Sets the capture cap, at least 0.
         *
         * @param bytes the capture cap, at least 0
         */
        public void setMaxBodyBytes(@Nullable Integer bytes) {
            this.maxBodyBytes = bytes;
        }
    }

    /** {@code faultline.security.*}: rate limiting and attack detection; unset values keep Faultline's defaults. */
    public static class Security {

        /** Creates the security settings with their defaults. */
        public Security() {
        }

        /** Whether requests are rate limited per client. */
        private @Nullable Boolean rateLimit;

        /** The requests a client may make per minute. */
        private @Nullable Integer maxRequestsPerMinute;

        /** Whether requests are scanned for attack signatures. */
        private @Nullable Boolean signatures;

        /**
         * Whether rate limiting is on, or {@code null} for the default.
         *
         * @return whether rate limiting is on, or {@code null} for the default
         */
        public @Nullable Boolean getRateLimit() {
            return rateLimit;
        }

        /**
         * Sets whether rate limiting is on.
         *
         * @param on whether rate limiting is on
         */
        public void setRateLimit(@Nullable Boolean on) {
            this.rateLimit = on;
        }

        /**
         * The per-client rate, or {@code null} for the default.
         *
         * @return the per-client rate, or {@code null} for the default
         */
        public @Nullable Integer getMaxRequestsPerMinute() {
            return maxRequestsPerMinute;
        }

        /**
         * Sets the per-client rate, at least 1.
         *
         * @param max the per-client rate, at least 1
         */
        public void setMaxRequestsPerMinute(@Nullable Integer max) {
            this.maxRequestsPerMinute = max;
        }

        /**
         * Whether signatures are scanned, or {@code null} for the default.
         *
         * @return whether signatures are scanned, or {@code null} for the default
         */
        public @Nullable Boolean getSignatures() {
            return signatures;
        }

        /**
         * Sets whether signatures are scanned.
         *
         * @param on whether signatures are scanned
         */
        public void setSignatures(@Nullable Boolean on) {
            this.signatures = on;
        }
    }

    /** {@code faultline.monitoring.*}: Faultline's monitoring endpoints, served by its filter. */
    public static class Monitoring {

        /** Creates the monitoring settings with their defaults. */
        public Monitoring() {
        }

        /** Whether the monitoring endpoints are served. */
        private boolean enabled = true;

        /** The path the monitoring endpoints are served under, starting with a slash. */
        private @Nullable String basePath;

        /** The bearer token that opens the monitoring endpoints. */
        private @Nullable String token;

        /**
         * Whether the endpoints are served.
         *
         * @return whether the endpoints are served
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether the endpoints are served.
         *
         * @param enabled whether the endpoints are served
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * The base path, or {@code null} for Faultline's default.
         *
         * @return the base path, or {@code null} for Faultline's default
         */
        public @Nullable String getBasePath() {
            return basePath;
        }

        /**
         * Sets the base path, starting with a slash.
         *
         * @param basePath the base path, starting with a slash
         */
        public void setBasePath(@Nullable String basePath) {
            this.basePath = basePath;
        }

        /**
         * The token, or {@code null} when none.
         *
         * @return the token, or {@code null} when none
         */
        public @Nullable String getToken() {
            return token;
        }

        /**
         * Sets the bearer token.
         *
         * @param token the bearer token
         */
        public void setToken(@Nullable String token) {
            this.token = token;
        }
    }

    /** {@code faultline.alerting.*}: where alerts go. */
    public static class Alerting {

        /** Creates the alerting settings with their defaults. */
        public Alerting() {
        }

        /** Whether alerting is on; unset follows the environment. */
        private @Nullable Boolean enabled;

        /** A Slack incoming-webhook URL. */
        private @Nullable URI slackWebhook;

        /** A generic JSON webhook URL. */
        private @Nullable URI webhook;

        /**
         * Whether alerting is on, or {@code null} for the default.
         *
         * @return whether alerting is on, or {@code null} for the default
         */
        public @Nullable Boolean getEnabled() {
            return enabled;
        }

        /**
         * Sets whether alerting is on.
         *
         * @param enabled whether alerting is on
         */
        public void setEnabled(@Nullable Boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * The Slack webhook, or {@code null}.
         *
         * @return the Slack webhook, or {@code null}
         */
        public @Nullable URI getSlackWebhook() {
            return slackWebhook;
        }

        /**
         * Sets the Slack webhook (absolute https or http URL).
         *
         * @param slackWebhook the Slack webhook (absolute https or http URL)
         */
        public void setSlackWebhook(@Nullable URI slackWebhook) {
            this.slackWebhook = slackWebhook;
        }

        /**
         * The webhook, or {@code null}.
         *
         * @return the webhook, or {@code null}
         */
        public @Nullable URI getWebhook() {
            return webhook;
        }

        /**
         * Sets the webhook (absolute https or http URL).
         *
         * @param webhook the webhook (absolute https or http URL)
         */
        public void setWebhook(@Nullable URI webhook) {
            this.webhook = webhook;
        }
    }

    /** {@code faultline.recovery.*}: answering some failures without the application; unset values follow the environment. */
    public static class Recovery {

        /** Creates the recovery settings with their defaults. */
        public Recovery() {
        }

        /** Whether recovery runs (off in development by default). */
        private @Nullable Boolean enabled;

        /** Route patterns (like /videos/**) whose GETs are answered from their last good response when they fail retryably. */
        private java.util.List<String> staleIfError = new java.util.ArrayList<>();

        /**
         * Whether recovery runs.
         *
         * @return whether recovery runs, or {@code null} for the environment's default
         */
        public @Nullable Boolean getEnabled() {
            return enabled;
        }

        /**
         * Sets whether recovery runs.
         *
         * @param enabled whether recovery runs
         */
        public void setEnabled(@Nullable Boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * The stale-if-error route patterns.
         *
         * @return the route patterns
         */
        public java.util.List<String> getStaleIfError() {
            return staleIfError;
        }

        /**
         * Sets the stale-if-error route patterns.
         *
         * @param routes the route patterns
         */
        public void setStaleIfError(java.util.List<String> routes) {
            this.staleIfError = routes;
        }
    }
}
