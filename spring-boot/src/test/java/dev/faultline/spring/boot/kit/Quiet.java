package dev.faultline.spring.boot.kit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Logback as Boot's own configuration would leave it, for the starts that keep Boot's logging system off. */
final class Quiet {

    private Quiet() {
    }

    /**
     * The root logger at INFO: without Boot's logging system Logback's own default is DEBUG, and
     * Spring's DEBUG lines inside a request would carry its request id, which the kit checks no
     * other logger holds after the request.
     */
    static void logback() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .setLevel(Level.INFO);
    }
}
