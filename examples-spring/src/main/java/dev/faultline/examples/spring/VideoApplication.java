package dev.faultline.examples.spring;

import dev.faultline.health.HealthResult;
import dev.faultline.spring.boot.FaultlineCustomizer;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The examples' video API as a Spring Boot application. Faultline comes from {@code faultline-spring-boot}
 * and {@code application.properties}: the filter, problem bodies for every failure Spring MVC handles,
 * route templates, {@code /health} and {@code /metrics/*} behind the monitoring token, Faultline under
 * {@code /actuator/health}. The one {@link FaultlineCustomizer} adds what only the application knows: its
 * health checks, its stale copies and shedding, and its own package for error patterns.
 *
 * <pre>
 * java -jar examples-spring/target/faultline-examples-spring.jar [--server.port=8080] [--server.address=127.0.0.1]
 * </pre>
 */
@SpringBootApplication
public class VideoApplication {

    /** Starts the API. */
    public static void main(String[] args) {
        SpringApplication.run(VideoApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    VideoStore videoStore(Clock clock) throws Exception {
        return VideoStore.open("jdbc:h2:mem:spring-videos;DB_CLOSE_DELAY=-1", clock);
    }

    @Bean(destroyMethod = "close")
    Failures failures() throws Exception {
        return Failures.start();
    }

    @Bean
    Tokens tokens(Clock clock) {
        return new Tokens(clock);
    }

    /** The application's part of Faultline's configuration: what properties cannot say. */
    @Bean
    FaultlineCustomizer videoFaultline(VideoStore videos, Tokens tokens, Failures failures) {
        return b -> b
                .applicationPackages(VideoApplication.class.getPackageName())
                .health(h -> h
                        .check("database", () -> {
                            videos.ping();
                            return HealthResult.up();
                        }, o -> o.critical(true).timeout(Duration.ofMillis(500)))
                        .check("cache", () -> tokens.size() >= Tokens.CAPACITY
                                ? HealthResult.degraded("full: the oldest logins are being dropped")
                                : HealthResult.up().withDetail("entries", tokens.size()),
                                o -> o.critical(false).timeout(Duration.ofMillis(200)))
                        .check("video-cdn", () -> failures.pingCdn() == 200 ? HealthResult.up()
                                : HealthResult.down("the CDN stand-in did not answer 200"),
                                o -> o.critical(false).timeout(Duration.ofMillis(1_000))))
                .recovery(r -> r.staleIfError("/videos/**")
                        .shedding("/videos", s -> s.minimumCalls(5).window(10).failureRatePercent(50)
                                .openFor(Duration.ofSeconds(10)).probes(2)));
    }
}
