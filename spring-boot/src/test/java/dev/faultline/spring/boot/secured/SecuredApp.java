package dev.faultline.spring.boot.secured;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application behind Spring Security: /private/** needs HTTP Basic, the rest is open. */
@SpringBootApplication
public class SecuredApp {

    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a.requestMatchers("/private/**").authenticated().anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults()).csrf(c -> c.disable()).build();
    }

    @RestController
    static class Private {

        @GetMapping("/private/report")
        Map<String, Object> report() {
            return Map.of("ok", true);
        }
    }
}
