package dev.faultline.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A channel that keeps what it is given. */
public final class Recorder implements AlertChannel {

    private final String name;
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();

    public Recorder(String name) {
        this.name = name;
    }

    public Recorder() {
        this("recorder");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) {
        alerts.add(alert);
    }

    public List<Alert> alerts() {
        return new ArrayList<>(alerts);
    }

    /** Waits until it holds {@code n} alerts and returns them. */
    public List<Alert> await(int n) {
        Await.until(n + " alerts delivered to " + name + " (have " + alerts.size() + ")", () -> alerts.size() >= n);
        return alerts();
    }
}
