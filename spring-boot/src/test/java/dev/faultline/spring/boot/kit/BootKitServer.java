package dev.faultline.spring.boot.kit;

import dev.faultline.Faultline;
import dev.faultline.testkit.KitServer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link KitBootApp} started as a Spring Boot application on its embedded Tomcat, on 127.0.0.1 and a
 * free port.
 *
 * <p>The kit hands every server the {@link Faultline} it must use (its clock, health checks and alert
 * channels cannot be written as properties), so that instance is put in the context before the
 * auto-configuration runs, as an application that builds its own Faultline does; the
 * auto-configuration then steps aside for that one bean and wires everything else: the filter and its
 * order, the exception resolver, the route templates, the error controller, Actuator.
 */
public final class BootKitServer implements KitServer {

    /**
     * Spring Security is on this module's test class path (for the security ordering test); the kit's
     * application secures nothing, so its auto-configuration is left out, by property.
     */
    static final String NO_SECURITY = String.join(",",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration");

    private final ConfigurableApplicationContext context;
    private final URI base;

    private BootKitServer(ConfigurableApplicationContext context) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Starts the application behind {@code faultline}.
     *
     * @param faultline the kit's Faultline
     * @param properties more properties ({@code faultline.*}, {@code server.*}), over the defaults
     */
    public static BootKitServer start(Faultline faultline, Map<String, Object> properties) {
        SpringApplication app = new SpringApplication(KitBootApp.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.addInitializers(context -> context.getBeanFactory().registerSingleton("faultline", faultline));
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("server.address", "127.0.0.1");
        defaults.put("server.port", "0");
        defaults.put("spring.autoconfigure.exclude", NO_SECURITY);
        defaults.put("spring.main.register-shutdown-hook", "false");
        // the DispatcherServlet starts with the server, so that its "Initializing Servlet" line is not
        // logged inside the first request (with that request's id in the MDC)
        defaults.put("spring.mvc.servlet.load-on-startup", "1");
        defaults.putAll(properties);
        app.setDefaultProperties(defaults);
        // The kit reads log events through its own appender on Logback's root logger; Boot's logging
        // system would reset Logback at every start and take it away. Boot's logging is tested elsewhere
        // (StructuredLoggingTest); here it stays off, for these starts only.
        String before = System.getProperty(LoggingSystem.SYSTEM_PROPERTY);
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        try {
            return new BootKitServer(app.run());
        } finally {
            if (before == null) {
                System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
            } else {
                System.setProperty(LoggingSystem.SYSTEM_PROPERTY, before);
            }
        }
    }

    /** Starts the application behind {@code faultline} with the default properties. */
    public static BootKitServer start(Faultline faultline) {
        return start(faultline, Map.of());
    }

    /** The application context (for the test's own checks). */
    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public URI baseUri() {
        return base;
    }

    @Override
    public void close() {
        context.close();
    }
}
