package dev.faultline.spring.boot.quickstart;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The README's Spring Boot quick start: a plain Spring MVC application. With {@code faultline-spring-boot}
 * on the class path there is nothing to wire: the auto-configuration registers Faultline's filter and
 * exception resolver, so {@code GET /fail} becomes a 500 problem. Kept here, with the module's tests,
 * so that the examples module need not import Spring Boot's dependency management.
 */
@SpringBootApplication
public class SpringBootQuickStart {

    public static void main(String[] args) {
        SpringApplication.run(SpringBootQuickStart.class, args); // faultline.* properties configure it
    }

    @RestController
    static class Hello {

        @GetMapping("/hello")
        String hello() {
            return "hello";
        }

        @GetMapping("/fail")
        String fail() {
            throw new IllegalStateException("the database said no"); // a 500 problem
        }
    }
}
