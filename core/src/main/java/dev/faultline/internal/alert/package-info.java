/**
 * The alerting engine: evaluates the rules of a {@link dev.faultline.alert.Alerting} over the
 * pipeline's error events and request outcomes, delivers what fires to the channels on its own
 * threads and keeps the bounded history. Only core's facade builds, feeds and closes it. Not
 * exported: not API, may change in any release.
 */
@NullMarked
package dev.faultline.internal.alert;

import org.jspecify.annotations.NullMarked;
