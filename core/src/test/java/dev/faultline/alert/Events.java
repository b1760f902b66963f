package dev.faultline.alert;

import dev.faultline.error.ErrorEvent;
import dev.faultline.error.ErrorType;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/** Error events for tests. */
public final class Events {

    private static final AtomicLong SEQ = new AtomicLong();

    private Events() {
    }

    public static ErrorEvent of(Clock clock, ErrorType type, String endpoint) {
        return new ErrorEvent(clock.instant(), "req-" + SEQ.incrementAndGet(), type, type.severity(), type.status(),
                endpoint, "GET", "user-7", "203.0.113.9", "fp-" + type.label(), "java.sql.SQLException",
                "connection refused", "none");
    }

    public static ErrorEvent database(Clock clock) {
        return of(clock, ErrorType.DATABASE, "/videos/{id}");
    }

    public static ErrorEvent anonymous(Clock clock, ErrorType type, String endpoint) {
        return new ErrorEvent(clock.instant(), "req-" + SEQ.incrementAndGet(), type, type.severity(), type.status(),
                endpoint, "POST", null, null, "fp", "java.lang.IllegalStateException", null, "none");
    }
}
