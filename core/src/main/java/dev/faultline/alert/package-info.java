/**
 * Alerting: rules over error events and request outcomes ({@link dev.faultline.alert.PredicateRule},
 * {@link dev.faultline.alert.ThresholdRule}, {@link dev.faultline.alert.ErrorRatioRule}), delivery
 * channels ({@link dev.faultline.alert.LogChannel}, {@link dev.faultline.alert.SlackChannel},
 * {@link dev.faultline.alert.WebhookChannel}, {@link dev.faultline.alert.EmailChannel}, or any
 * {@link dev.faultline.alert.AlertChannel}), and the facade {@link dev.faultline.alert.Alerting} that
 * evaluates the rules on the request thread in O(rules) without I/O and delivers on its own threads with
 * retries inside a budget, a circuit breaker per channel and a bounded history.
 */
@NullMarked
package dev.faultline.alert;

import org.jspecify.annotations.NullMarked;
