package dev.faultline.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Jakarta Mail is optional")
class OptionalMailTest {

    /** The class path of the core without Jakarta Mail: core, tests and the core's own dependencies. */
    static URL[] classPathWithoutMail() {
        Class<?>[] anchors = {Alerting.class, OptionalMailTest.class, org.slf4j.LoggerFactory.class,
            com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.core.JsonFactory.class,
            com.fasterxml.jackson.annotation.JsonProperty.class, com.github.benmanes.caffeine.cache.Caffeine.class,
            io.github.resilience4j.circuitbreaker.CircuitBreaker.class,
            io.github.resilience4j.core.EventConsumer.class, org.jspecify.annotations.NullMarked.class,
            ch.qos.logback.classic.Logger.class, ch.qos.logback.core.Appender.class};
        Set<URL> urls = new LinkedHashSet<>();
        for (Class<?> c : anchors) {
            urls.add(c.getProtectionDomain().getCodeSource().getLocation());
        }
        List<URL> out = new ArrayList<>(urls);
        out.removeIf(u -> u.toString().contains("mail"));
        return out.toArray(new URL[0]);
    }

    @Test
    @DisplayName("every other channel works without it, and building an e-mail channel says what to add")
    void withoutJakartaMail() throws Exception {
        try (URLClassLoader loader = new URLClassLoader("no-mail", classPathWithoutMail(),
                ClassLoader.getPlatformClassLoader())) {
            Class<?> scenario = loader.loadClass(NoMailScenario.class.getName());
            assertEquals(loader, scenario.getClassLoader());
            Thread current = Thread.currentThread();
            ClassLoader previous = current.getContextClassLoader();
            current.setContextClassLoader(loader);
            String result;
            try {
                @SuppressWarnings("unchecked")
                Callable<String> c = (Callable<String>) scenario.getDeclaredConstructor().newInstance();
                result = c.call();
            } finally {
                current.setContextClassLoader(previous);
            }
            assertTrue(result.startsWith("ok: EmailChannel needs Jakarta Mail on the class path"), result);
            assertTrue(result.contains("angus-mail"), result);
        }
    }
}
