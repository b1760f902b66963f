package dev.faultline.benchmarks.jmh;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.read.ListAppender;
import java.io.OutputStream;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback (the SLF4J backend of the benchmarks) in code, so that no configuration file on
 * the class path changes what is measured. Each JMH fork runs one benchmark, so each sets the
 * configuration it needs in its trial setup.
 */
final class Logging {

    private Logging() {
    }

    /** Every logger off: Faultline's log events are skipped at their level check. */
    static void off() {
        LoggerContext ctx = reset();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
    }

    /**
     * Everything off except {@code faultline.http} at INFO, whose events (the {@code request completed}
     * line) go to an appender that drops them: the cost of building the event, not of writing it.
     */
    static NoopAppender completionLineToNoop() {
        LoggerContext ctx = reset();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
        NoopAppender appender = new NoopAppender();
        appender.setContext(ctx);
        appender.start();
        attach(ctx, appender);
        return appender;
    }

    /**
     * As {@link #completionLineToNoop()}, but the event is rendered by Logback's {@link JsonEncoder}
     * into a stream that discards the bytes: the cost of a JSON log line short of the I/O.
     */
    static OutputStreamAppender<ILoggingEvent> completionLineAsJson() {
        LoggerContext ctx = reset();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(ctx);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(ctx);
        appender.setEncoder(encoder);
        appender.setOutputStream(OutputStream.nullOutputStream());
        appender.setImmediateFlush(false);
        appender.start();
        attach(ctx, appender);
        return appender;
    }

    /**
     * Everything off except {@code faultline.http} and {@code faultline.error} at INFO, whose events
     * are kept in a list: the real events Faultline logs, for {@code EncoderBenchmark} to encode.
     */
    static ListAppender<ILoggingEvent> capture() {
        LoggerContext ctx = reset();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(ctx);
        appender.start();
        attach(ctx, appender);
        ch.qos.logback.classic.Logger error = ctx.getLogger("faultline.error");
        error.setLevel(Level.INFO);
        error.setAdditive(false);
        error.addAppender(appender);
        return appender;
    }

    private static void attach(LoggerContext ctx, ch.qos.logback.core.Appender<ILoggingEvent> appender) {
        ch.qos.logback.classic.Logger http = ctx.getLogger("faultline.http");
        http.setLevel(Level.INFO);
        http.setAdditive(false);
        http.addAppender(appender);
    }

    static LoggerContext reset() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        return ctx;
    }

    /** An appender that only counts what it receives (so that the benchmark can check lines were logged). */
    static final class NoopAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
        private long events;

        @Override
        protected void append(ILoggingEvent event) {
            events++;
        }

        long events() {
            return events;
        }
    }
}
