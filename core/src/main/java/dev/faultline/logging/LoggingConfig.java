package dev.faultline.logging;

import dev.faultline.internal.Preconditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.faultline.internal.PathPattern;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.Level;

/**
 * Exchange-logging settings. Immutable and thread-safe; built with {@link #builder()} and usually
 * through {@code Faultline.builder().logging(l -> ...)}, where switches left unset take the
 * environment preset (headers and bodies on in development only).
 */
public final class LoggingConfig {

    /** Default cap of a captured body. */
    public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024;
    /** The largest cap allowed. */
    public static final int MAX_MAX_BODY_BYTES = 1024 * 1024;
    /** Paths excluded by default: the monitoring and health endpoints. */
    public static final List<String> DEFAULT_EXCLUDES = List.of("/metrics/**", "/health/**");
    /** Default least time between two full stack traces of one failure pattern. */
    public static final Duration DEFAULT_STACK_TRACE_INTERVAL = Duration.ofMinutes(5);
    /** The longest interval allowed between two full stack traces of one failure pattern. */
    public static final Duration MAX_STACK_TRACE_INTERVAL = Duration.ofDays(1);

    private final @Nullable Boolean requestBody;
    private final @Nullable Boolean responseBody;
    private final @Nullable Boolean headers;
    private final int maxBodyBytes;
    private final int bodyMinStatus;
    private final List<PathPattern> include;
    private final List<PathPattern> exclude;
    private final Level successLevel;
    private final Level clientErrorLevel;
    private final Level serverErrorLevel;
    private final Redactor redactor;
    private final @Nullable Duration stackTraceInterval;

    private LoggingConfig(Builder b) {
        this.requestBody = b.requestBody;
        this.responseBody = b.responseBody;
        this.headers = b.headers;
        this.maxBodyBytes = b.maxBodyBytes;
        this.bodyMinStatus = b.bodyMinStatus;
        this.include = List.copyOf(b.include);
        this.exclude = List.copyOf(b.exclude);
        this.successLevel = b.successLevel;
        this.clientErrorLevel = b.clientErrorLevel;
        this.serverErrorLevel = b.serverErrorLevel;
        this.redactor = b.redactor != null ? b.redactor : Redactor.create();
        this.stackTraceInterval = b.stackTraceInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The configuration with every switch resolved: a switch set in code stays; else the named setting
     * when given; else {@code presetPayloads}.
     */
    public LoggingConfig resolve(boolean presetPayloads, @Nullable Boolean headersSetting,
            @Nullable Boolean requestBodySetting, @Nullable Boolean responseBodySetting) {
        return resolve(presetPayloads, headersSetting, requestBodySetting, responseBodySetting, null);
    }

    /**
     * As {@link #resolve(boolean, Boolean, Boolean, Boolean)}, and the stack-trace interval: the one set
     * in code stays; else {@code stackTraceIntervalSetting} when given; else
     * {@link #DEFAULT_STACK_TRACE_INTERVAL}.
     */
    public LoggingConfig resolve(boolean presetPayloads, @Nullable Boolean headersSetting,
            @Nullable Boolean requestBodySetting, @Nullable Boolean responseBodySetting,
            @Nullable Duration stackTraceIntervalSetting) {
        Builder b = toBuilder();
        if (b.stackTraceInterval == null && stackTraceIntervalSetting != null) {
            b.stackTraceInterval(stackTraceIntervalSetting);
        }
        b.headers = pick(b.headers, headersSetting, presetPayloads);
        b.requestBody = pick(b.requestBody, requestBodySetting, presetPayloads);
        b.responseBody = pick(b.responseBody, responseBodySetting, presetPayloads);
        return b.build();
    }

    private static Boolean pick(@Nullable Boolean code, @Nullable Boolean setting, boolean preset) {
        return code != null ? code : setting != null ? setting : preset;
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        b.requestBody = requestBody;
        b.responseBody = responseBody;
        b.headers = headers;
        b.maxBodyBytes = maxBodyBytes;
        b.bodyMinStatus = bodyMinStatus;
        b.include.clear();
        b.include.addAll(include);
        b.exclude.clear();
        b.exclude.addAll(exclude);
        b.successLevel = successLevel;
        b.clientErrorLevel = clientErrorLevel;
        b.serverErrorLevel = serverErrorLevel;
        b.redactor = redactor;
        b.stackTraceInterval = stackTraceInterval;
        return b;
    }

    /** Whether request bodies are captured and logged ({@code log_request_body}). */
    public boolean logRequestBody() {
        return Boolean.TRUE.equals(requestBody);
    }

    /** Whether response bodies are captured and logged ({@code log_response_body}). */
    public boolean logResponseBody() {
        return Boolean.TRUE.equals(responseBody);
    }

    /** Whether request and response headers are logged ({@code log_headers}). */
    public boolean logHeaders() {
        return Boolean.TRUE.equals(headers);
    }

    /** The cap of each captured body. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Bodies are logged only for exchanges whose status is at least this. */
    public int bodyMinStatus() {
        return bodyMinStatus;
    }

    /** The redactor applied to everything logged. */
    public Redactor redactor() {
        return redactor;
    }

    /** Whether exchanges on this path are logged (completion events and bodies). */
    public boolean logs(String path) {
        for (PathPattern p : exclude) {
            if (p.matches(path)) {
                return false;
            }
        }
        if (include.isEmpty()) {
            return true;
        }
        for (PathPattern p : include) {
            if (p.matches(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The least time between two {@code request failed} lines of one failure pattern that carry the
     * full stack trace; {@link Duration#ZERO} when every line carries it.
     */
    public Duration stackTraceInterval() {
        return stackTraceInterval != null ? stackTraceInterval : DEFAULT_STACK_TRACE_INTERVAL;
    }

    /** The level of a completion event for a status. */
    public Level levelFor(int status) {
        return status >= 500 ? serverErrorLevel : status >= 400 ? clientErrorLevel : successLevel;
    }

    /** Builds a {@link LoggingConfig}. Not thread-safe. */
    public static final class Builder {
        private @Nullable Boolean requestBody;
        private @Nullable Boolean responseBody;
        private @Nullable Boolean headers;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int bodyMinStatus;
        private final List<PathPattern> include = new ArrayList<>();
        private final List<PathPattern> exclude = new ArrayList<>();
        private Level successLevel = Level.INFO;
        private Level clientErrorLevel = Level.WARN;
        private Level serverErrorLevel = Level.ERROR;
        private @Nullable Redactor redactor;
        private @Nullable Duration stackTraceInterval;

        private Builder() {
            DEFAULT_EXCLUDES.forEach(p -> exclude.add(PathPattern.parse(p, "logging.exclude")));
        }

        /** Capture and log request bodies (redacted, capped); default: the environment preset. */
        public Builder logRequestBody(boolean on) {
            this.requestBody = on;
            return this;
        }

        /** Capture and log response bodies (redacted, capped); default: the environment preset. */
        public Builder logResponseBody(boolean on) {
            this.responseBody = on;
            return this;
        }

        /** Log request and response headers (redacted); default: the environment preset. */
        public Builder logHeaders(boolean on) {
            this.headers = on;
            return this;
        }

        /**
         * The most bytes of each body kept for the log; default {@value LoggingConfig#DEFAULT_MAX_BODY_BYTES}.
         *
         * @throws IllegalArgumentException outside 1..1 MiB (names {@code logging.max_body_bytes})
         */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1 || bytes > MAX_MAX_BODY_BYTES) {
                throw Preconditions.invalid("logging.max_body_bytes", "must be between 1 and "
                        + MAX_MAX_BODY_BYTES + ", was " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * Log bodies only for exchanges whose status is at least this (400: only failed exchanges);
         * default 0, all.
         *
         * @throws IllegalArgumentException outside 0..599 (names {@code logging.body_min_status})
         */
        public Builder bodyMinStatus(int status) {
            if (status < 0 || status > 599) {
                throw Preconditions.invalid("logging.body_min_status", "must be between 0 and 599, was " + status);
            }
            this.bodyMinStatus = status;
            return this;
        }

        /** Log only paths matching one of these patterns; default all paths. */
        public Builder include(String... patterns) {
            for (String p : patterns) {
                include.add(PathPattern.parse(p, "logging.include"));
            }
            return this;
        }

        /**
         * Never log paths matching these patterns (added to the defaults,
         * {@link LoggingConfig#DEFAULT_EXCLUDES}; see {@link #clearExcludes()}).
         */
        public Builder exclude(String... patterns) {
            for (String p : patterns) {
                exclude.add(PathPattern.parse(p, "logging.exclude"));
            }
            return this;
        }

        /** Drops every exclusion, the defaults included. */
        public Builder clearExcludes() {
            exclude.clear();
            return this;
        }

        /** Levels of completion events by outcome; default INFO, WARN, ERROR. */
        public Builder levels(Level success, Level clientError, Level serverError) {
            this.successLevel = Objects.requireNonNull(success, "success");
            this.clientErrorLevel = Objects.requireNonNull(clientError, "clientError");
            this.serverErrorLevel = Objects.requireNonNull(serverError, "serverError");
            return this;
        }

        /** The redactor; default {@link Redactor#create()}. */
        public Builder redactor(Redactor redactor) {
            this.redactor = Objects.requireNonNull(redactor, "redactor");
            return this;
        }

        /**
         * The least time between two full stack traces of one failure pattern on
         * {@code faultline.error}: the first {@code request failed} line of a fingerprint carries the
         * trace, the lines after it within the interval carry the fingerprint, how many failures of it
         * there have been since the trace ({@code occurrences_since_trace}) and the request id of the
         * line with the trace ({@code trace_request_id}). {@link Duration#ZERO} turns this off: every
         * line carries its trace. Default {@link LoggingConfig#DEFAULT_STACK_TRACE_INTERVAL} (5 minutes),
         * or the setting {@code faultline.logging.stack-trace-interval} when the code sets none.
         *
         * @throws IllegalArgumentException if negative or longer than a day (names
         *     {@code logging.stack_trace_interval})
         */
        public Builder stackTraceInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.compareTo(MAX_STACK_TRACE_INTERVAL) > 0) {
                throw Preconditions.invalid("logging.stack_trace_interval", "must be from 0 to "
                        + MAX_STACK_TRACE_INTERVAL + ", was " + interval);
            }
            this.stackTraceInterval = interval;
            return this;
        }

        public LoggingConfig build() {
            return new LoggingConfig(this);
        }
    }
}
