/**
 * The load harness of {@code benchmarks/load.sh}: the servers it compares ({@link
 * dev.faultline.benchmarks.load.LoadServer}, one configuration each: Undertow and Jetty 12, bare, with
 * Faultline, and Jetty with Logbook's filter) and the report it writes ({@link
 * dev.faultline.benchmarks.load.LoadReport}). Not published; see {@code BENCHMARKS.md}.
 */
package dev.faultline.benchmarks.load;
