/**
 * The monitoring endpoints ({@code /metrics/*}, {@code /health*}, the dashboard): who may read them
 * ({@link dev.faultline.monitoring.MonitoringConfig}), where their figures come from
 * ({@link dev.faultline.monitoring.MonitoringSources}, the same typed snapshots {@link dev.faultline.Faultline}'s
 * getters return) and how a request to one is answered ({@link dev.faultline.monitoring.MonitoringEndpoints},
 * which adapters mount). Each snapshot has one JSON mapping, in this package. Kept apart from the
 * adapter SPI in {@code dev.faultline.http} because it reads every subsystem, while the subsystems
 * read the SPI's request view: together they would form a package cycle.
 */
@NullMarked
package dev.faultline.monitoring;

import org.jspecify.annotations.NullMarked;
