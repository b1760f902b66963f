/**
 * Faultline's request, error, security, recovery, alert and health figures as Micrometer meters
 * ({@link dev.faultline.micrometer.FaultlineMetrics}), a Prometheus scrape endpoint among Faultline's
 * monitoring endpoints ({@link dev.faultline.micrometer.PrometheusScrape}), and Prometheus alerting
 * rules equivalent to Faultline's default alert rules (the resource
 * {@code dev/faultline/micrometer/prometheus/faultline-rules.yml}).
 */
@NullMarked
package dev.faultline.micrometer;

import org.jspecify.annotations.NullMarked;
