package dev.faultline.logging;

/**
 * Where audit records go besides the {@code faultline.audit} logger: a tamper-evident file
 * ({@link JsonLinesAuditSink}), a database, a message queue. Called synchronously on the thread that
 * records the event, so that an audit record is never dropped: an implementation makes {@link #append}
 * durable before it returns, or throws. A throwing sink is logged and counted by Faultline and does
 * not fail the request.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AuditSink {

    /** Stores one record durably. */
    void append(AuditRecord record);
}
