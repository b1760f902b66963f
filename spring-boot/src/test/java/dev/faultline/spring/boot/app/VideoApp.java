package dev.faultline.spring.boot.app;

import dev.faultline.FaultlineListener;
import dev.faultline.error.Classification;
import dev.faultline.health.HealthResult;
import dev.faultline.recovery.RecoveryOutcome;
import dev.faultline.spring.boot.FaultlineCustomizer;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.Valid;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The test application: a small video API whose endpoints fail in every way Spring MVC handles. */
@SpringBootApplication
public class VideoApp {

    /** What Faultline reported at the close of each exchange. */
    public record Completed(String method, String endpoint, int status, @Nullable String type) {
    }

    /** Completed exchanges, in order. */
    public static final BlockingQueue<Completed> COMPLETED = new LinkedBlockingQueue<>();

    /** Whether the "catalogue" health check passes. */
    public static final AtomicBoolean CATALOGUE_UP = new AtomicBoolean(true);

    /** A new video. */
    public record NewVideo(@NotBlank String title, @Positive int minutes) {
    }

    @Bean
    FaultlineCustomizer testListener() {
        return b -> b.listener(new FaultlineListener() {
            @Override
            public void exchangeCompleted(String method, String endpoint, int status, @Nullable Classification error,
                    RecoveryOutcome recovery, long durationNanos) {
                COMPLETED.add(new Completed(method, endpoint, status, error == null ? null : error.type().label()));
            }
        }).health(h -> h.check("catalogue", () -> CATALOGUE_UP.get() ? HealthResult.up()
                : HealthResult.down("catalogue unreachable")));
    }

    /** Spring Security is on the test class path: this application secures nothing. */
    @Bean
    org.springframework.security.web.SecurityFilterChain openChain(
            org.springframework.security.config.annotation.web.builders.HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).csrf(c -> c.disable()).build();
    }

    @RestController
    static class Videos {

        private final Validator validator;

        Videos(Validator validator) {
            this.validator = validator;
        }

        @GetMapping("/videos/{id}")
        Map<String, Object> get(@PathVariable int id) {
            if (id == 404) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such video");
            }
            return Map.of("id", id);
        }

        @DeleteMapping("/videos/{id}/lock")
        Map<String, Object> unlock(@PathVariable int id) {
            throw new ErrorResponseException(HttpStatus.CONFLICT);
        }

        @PostMapping(value = "/videos", consumes = MediaType.APPLICATION_JSON_VALUE)
        Map<String, Object> create(@Valid @RequestBody NewVideo video) {
            return Map.of("title", video.title());
        }

        @PostMapping("/videos/checked")
        Map<String, Object> checked(@RequestBody Map<String, Object> body) {
            var violations = validator.validate(new NewVideo(String.valueOf(body.getOrDefault("title", "")), 1));
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
            return body;
        }

        @GetMapping("/search")
        Map<String, Object> search(@RequestParam String q, @RequestParam(defaultValue = "10") @Min(1) int limit) {
            return Map.of("q", q, "limit", limit);
        }

        @GetMapping("/async/videos/{id}")
        java.util.concurrent.Callable<Map<String, Object>> asyncGet(@PathVariable int id) {
            return () -> get(id);
        }

        /** As the JDK's HttpClient refuses: a ConnectException whose own cause is a ClosedChannelException. */
        @GetMapping("/upstream")
        Map<String, Object> upstream() throws java.net.ConnectException {
            java.net.ConnectException refused = new java.net.ConnectException("connection refused");
            refused.initCause(new java.nio.channels.ClosedChannelException());
            throw refused;
        }

        @GetMapping("/db")
        Map<String, Object> db() {
            throw new IllegalStateException("query failed", new SQLTransientConnectionException("connection refused"));
        }
    }
}
