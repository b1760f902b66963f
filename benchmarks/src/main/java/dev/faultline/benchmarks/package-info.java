/** JMH benchmarks and the load harness (see BENCHMARKS.md). */
package dev.faultline.benchmarks;
