/**
 * A small video API on Undertow that shows Faultline's error handling: validation problems, a 404,
 * and database, upstream and timeout failures provoked for real; and its exchange logging: a demo
 * login with audit events for authentication and authorization, and business events; its health
 * checks ({@link dev.faultline.examples.AppHealth}), a slow endpoint for its slow-request warnings, its
 * alerts (channels from the environment: {@link dev.faultline.examples.AlertChannels}) and recovery
 * ({@link dev.faultline.examples.AppRecovery}) during a simulated database outage, and
 * {@link dev.faultline.examples.DemoTraffic}, which fills its monitoring endpoints. Start it with
 * {@code java -jar examples/target/faultline-examples.jar [--demo-traffic]}; see
 * {@link dev.faultline.examples.Main}.
 */
@NullMarked
package dev.faultline.examples;

import org.jspecify.annotations.NullMarked;
