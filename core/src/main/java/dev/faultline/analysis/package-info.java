/**
 * Error-pattern analysis: the {@link dev.faultline.analysis.Fingerprinter} that groups throwables
 * into patterns, a normaliser that strips the variable parts of
 * messages, and the {@link dev.faultline.analysis.PatternAnalyzer} that keeps a bounded table of
 * patterns and turns it into {@link dev.faultline.analysis.Insights} with recommendations that cite
 * their evidence.
 */
@NullMarked
package dev.faultline.analysis;

import org.jspecify.annotations.NullMarked;
