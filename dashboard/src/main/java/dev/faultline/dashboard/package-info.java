/**
 * A live monitoring dashboard page served by Faultline's monitoring endpoints: {@link
 * dev.faultline.dashboard.Dashboard}.
 */
@NullMarked
package dev.faultline.dashboard;

import org.jspecify.annotations.NullMarked;
