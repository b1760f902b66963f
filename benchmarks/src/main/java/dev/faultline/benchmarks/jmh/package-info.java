/**
 * JMH microbenchmarks of the core's hot paths: an exchange's open and close (logging off, and with one
 * completion line), cached error classification, metric-window recording under two threads, JSON body
 * redaction, the security scan of query strings, and the log encoders Faultline's events are written
 * with ({@code EncoderBenchmark}; {@code EncoderCpuTime} the same in thread CPU time). Run them with
 * {@code benchmarks/jmh.sh}; the results and what they mean are in {@code BENCHMARKS.md}. {@link dev.faultline.benchmarks.jmh.JmhReport}
 * turns JMH's JSON results into the markdown table.
 */
package dev.faultline.benchmarks.jmh;
