package dev.faultline;

import dev.faultline.internal.alert.AlertEngine;
import dev.faultline.internal.analysis.Fingerprinter;
import dev.faultline.internal.analysis.PatternTable;
import dev.faultline.error.ErrorClassifier;
import dev.faultline.monitoring.MonitoringEndpoints;
import dev.faultline.internal.metrics.ErrorMetrics;
import dev.faultline.internal.metrics.PerformanceMonitor;
import dev.faultline.internal.recovery.Recovery;
import dev.faultline.internal.security.SecurityMonitor;
import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * The subsystems an exchange reports to, assembled once by {@link Faultline.Builder#build()}: what
 * {@link DefaultExchange} reads, and nothing that knows about exchanges or about {@link Faultline}, so
 * that the exchange depends on the pipeline and the facade on both, never the other way round.
 * Immutable; every part is thread-safe.
 */
final class Pipeline {

    final Clock clock;
    final LongSupplier ticker;
    final ErrorClassifier classifier;
    final Problems problems;
    final ExchangeEvents events;
    final String requestIdHeader;
    final PerformanceMonitor performance;
    final ErrorMetrics errorMetrics;
    final Fingerprinter fingerprinter;
    final PatternTable analyzer;
    final SecurityMonitor security;
    final MonitoringEndpoints monitoring;
    final Recovery recovery;
    final AlertEngine alerting;
    final Listeners listeners;

    Pipeline(Clock clock, LongSupplier ticker, ErrorClassifier classifier, Problems problems, ExchangeEvents events,
            String requestIdHeader, PerformanceMonitor performance, ErrorMetrics errorMetrics,
            Fingerprinter fingerprinter, PatternTable analyzer, SecurityMonitor security,
            MonitoringEndpoints monitoring, Recovery recovery, AlertEngine alerting, Listeners listeners) {
        this.clock = clock;
        this.ticker = ticker;
        this.classifier = classifier;
        this.problems = problems;
        this.events = events;
        this.requestIdHeader = requestIdHeader;
        this.performance = performance;
        this.errorMetrics = errorMetrics;
        this.fingerprinter = fingerprinter;
        this.analyzer = analyzer;
        this.security = security;
        this.monitoring = monitoring;
        this.recovery = recovery;
        this.alerting = alerting;
        this.listeners = listeners;
    }
}
