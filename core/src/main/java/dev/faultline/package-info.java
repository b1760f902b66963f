/** Faultline's entry point {@link dev.faultline.Faultline}, its configuration and environment presets. */
@NullMarked
package dev.faultline;

import org.jspecify.annotations.NullMarked;
