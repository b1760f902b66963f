/**
 * Spring Boot auto-configuration for Faultline on the servlet stack (Spring MVC): the
 * {@link dev.faultline.servlet.FaultlineFilter} registered in a known order, a
 * {@link org.springframework.web.servlet.HandlerExceptionResolver} that tells Faultline about every
 * failure Spring MVC handles, route templates from Spring's handler mappings, a controller's
 * {@code Callable} bound to its exchange, Tomcat's own refusals answered as problems, and Actuator health
 * and Micrometer meters. Settings under {@code faultline.*}: {@link dev.faultline.spring.boot.FaultlineProperties}.
 *
 * <p><b>Spring Boot 4.x only; 3.5.x is not supported.</b> Built and tested against Boot 4.0 (Spring
 * Framework 7). Boot 4 moved two packages this module implements: the health indicator's
 * ({@code org.springframework.boot.health.contributor}, in Boot 3.5
 * {@code org.springframework.boot.actuate.health}) and the error controller's
 * ({@code org.springframework.boot.webmvc.error.ErrorController}, in Boot 3.5
 * {@code org.springframework.boot.web.servlet.error.ErrorController}), and it split the embedded
 * servers into their own modules ({@code org.springframework.boot.tomcat}). One jar cannot implement
 * both lines' interfaces without reflection, so on Boot 3.5 the auto-configuration fails to load.
 */
@NullMarked
package dev.faultline.spring.boot;

import org.jspecify.annotations.NullMarked;
