/** A live monitoring dashboard page served by Faultline's monitoring endpoints. */
package dev.faultline.dashboard;
