/**
 * A small video API on Undertow that shows Faultline's error handling: validation problems, a 404,
 * and database, upstream and timeout failures provoked for real; and its exchange logging: a demo
 * login with audit events for authentication and authorization, and business events. Start it with
 * {@code java -jar examples/target/faultline-examples.jar}; see {@link dev.faultline.examples.Main}.
 */
@NullMarked
package dev.faultline.examples;

import org.jspecify.annotations.NullMarked;
