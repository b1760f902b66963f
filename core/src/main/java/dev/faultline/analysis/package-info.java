/**
 * Error-pattern analysis: what {@code Faultline.insights()} returns ({@link dev.faultline.analysis.Insights},
 * the {@link dev.faultline.analysis.ErrorPattern}s that group errors with the same fingerprint, and
 * recommendations that cite their evidence), and the analyzer's settings and rules
 * ({@link dev.faultline.analysis.PatternAnalyzer}). The engine that fingerprints errors and keeps the
 * bounded pattern table is core's own.
 */
@NullMarked
package dev.faultline.analysis;

import org.jspecify.annotations.NullMarked;
