/**
 * Alerting: rules over error events and request outcomes ({@link dev.faultline.alert.PredicateRule},
 * {@link dev.faultline.alert.ThresholdRule}, {@link dev.faultline.alert.ErrorRatioRule}), delivery
 * channels ({@link dev.faultline.alert.LogChannel}, {@link dev.faultline.alert.SlackChannel},
 * {@link dev.faultline.alert.WebhookChannel}, {@link dev.faultline.alert.EmailChannel}, or any
 * {@link dev.faultline.alert.AlertChannel}), the settings {@link dev.faultline.alert.Alerting} of the
 * engine that evaluates the rules on the request thread in O(rules) without I/O and delivers on its own
 * threads with retries inside a budget, a circuit breaker per channel and a bounded history, and that
 * history's snapshot ({@link dev.faultline.alert.AlertHistory}). The engine itself is internal to core:
 * {@code Faultline} builds it from the settings, feeds it and closes it.
 */
@NullMarked
package dev.faultline.alert;

import org.jspecify.annotations.NullMarked;
