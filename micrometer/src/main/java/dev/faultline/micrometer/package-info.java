/** Faultline's request, error, security, recovery, alert and health figures as Micrometer meters. */
package dev.faultline.micrometer;
