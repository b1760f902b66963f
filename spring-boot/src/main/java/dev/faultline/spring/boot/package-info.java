/**
 * Spring Boot auto-configuration for Faultline on the servlet stack (Spring MVC): the
 * {@link dev.faultline.servlet.FaultlineFilter} registered in a known order, a
 * {@link org.springframework.web.servlet.HandlerExceptionResolver} that tells Faultline about every
 * failure Spring MVC handles, route templates from Spring's handler mappings, and Actuator health and
 * Micrometer meters. Settings under {@code faultline.*}: {@link dev.faultline.spring.boot.FaultlineProperties}.
 */
@NullMarked
package dev.faultline.spring.boot;

import org.jspecify.annotations.NullMarked;
