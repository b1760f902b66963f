/**
 * The analysis engine: the fingerprinter that groups throwables into patterns, the normaliser that
 * strips the variable parts of messages, and the bounded pattern table that turns recorded errors into
 * {@link dev.faultline.analysis.Insights}. Built from {@link dev.faultline.analysis.PatternAnalyzer}
 * and {@code Faultline.Builder.applicationPackages}; only core's pipeline records into it. Not
 * exported: not API, may change in any release.
 */
@NullMarked
package dev.faultline.internal.analysis;

import org.jspecify.annotations.NullMarked;
