package dev.faultline.internal.alert;

import dev.faultline.alert.Alert;
import dev.faultline.alert.AlertRecord;
import dev.faultline.alert.DeliveryStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** An alert in the history and in delivery: the alert and one {@link DeliveryTask} per channel. */
final class Tracked {

    final long seq;
    final Alert alert;
    final DeliveryTask[] tasks;
    /** Tasks not final yet. */
    final AtomicInteger remaining;
    /** Whether it holds a place in the queue (counted in the dispatcher's pending count); set before it is queued. */
    volatile boolean accepted;

    Tracked(long seq, Alert alert, Dispatcher.Lane[] lanes) {
        this.seq = seq;
        this.alert = alert;
        this.tasks = new DeliveryTask[lanes.length];
        for (int i = 0; i < lanes.length; i++) {
            tasks[i] = new DeliveryTask(this, lanes[i]);
        }
        this.remaining = new AtomicInteger(lanes.length);
    }

    AlertRecord snapshot() {
        Map<String, DeliveryStatus> d = new LinkedHashMap<>();
        for (DeliveryTask t : tasks) {
            d.put(t.lane.name, t.status());
        }
        return new AlertRecord(alert, d);
    }
}
