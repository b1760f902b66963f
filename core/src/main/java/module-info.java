/**
 * Faultline's core: error handling, exchange logging and error monitoring, independent of any server.
 * Exports every API package; {@code dev.faultline.internal} stays inside the module. Resilience4j has
 * no descriptor but a stable Automatic-Module-Name, hence the suppressed warning.
 */
@SuppressWarnings("requires-automatic")
module dev.faultline.core {
    requires transitive org.slf4j;
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.core;
    requires com.github.benmanes.caffeine;
    requires io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.core;
    requires transitive java.net.http;
    requires static transitive org.jspecify;
    // optional: only EmailChannel's default transport uses it, and says so when it is absent
    requires static jakarta.mail;

    exports dev.faultline;
    exports dev.faultline.alert;
    exports dev.faultline.analysis;
    exports dev.faultline.error;
    exports dev.faultline.health;
    exports dev.faultline.http;
    exports dev.faultline.logging;
    exports dev.faultline.metrics;
    exports dev.faultline.monitoring;
    exports dev.faultline.recovery;
    exports dev.faultline.security;
}
