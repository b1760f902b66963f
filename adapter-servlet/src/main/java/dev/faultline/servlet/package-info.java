/**
 * Faultline for Jakarta Servlet 6: {@link dev.faultline.servlet.FaultlineFilter} drives the exchange
 * lifecycle for every request, synchronous or asynchronous, and
 * {@link dev.faultline.servlet.FaultlineMonitoringServlet} serves the monitoring endpoints wherever an
 * application maps it.
 */
@NullMarked
package dev.faultline.servlet;

import org.jspecify.annotations.NullMarked;
