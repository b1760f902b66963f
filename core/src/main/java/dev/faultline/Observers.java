package dev.faultline;

import dev.faultline.error.Classification;
import dev.faultline.http.Exchange;
import dev.faultline.http.RequestView;
import dev.faultline.internal.RequestIds;
import dev.faultline.logging.LogFields;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered {@link ExchangeObserver}s (fixed when Faultline is built) and the guarded calls to
 * them. With none, {@link Faultline#open} never reaches this class. Thread-safe.
 */
final class Observers {

    private static final Logger LOG = LoggerFactory.getLogger(LogFields.LOGGER_ERROR);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long NEVER = Long.MIN_VALUE;

    private final ExchangeObserver[] all;
    private final LongSupplier ticker;
    private final LongAdder failures = new LongAdder();
    private final AtomicLong nextLog = new AtomicLong(NEVER);

    Observers(List<ExchangeObserver> observers, LongSupplier ticker) {
        this.all = observers.toArray(new ExchangeObserver[0]);
        this.ticker = ticker;
    }

    boolean none() {
        return all.length == 0;
    }

    long failures() {
        return failures.sum();
    }

    /**
     * Opens an exchange with the observers' observations (an exchange without any when none takes part).
     * Returns the interface type: the verifier then needs not load {@link ObservedExchange} along with
     * this class, so that Faultlines without observers never load it and calls on
     * {@link DefaultExchange}'s hooks stay monomorphic.
     */
    Exchange open(Pipeline pipeline, RequestView request) {
        String incoming = request.header(pipeline.requestIdHeader);
        if (!RequestIds.isValid(incoming)) {
            incoming = null;
        }
        ExchangeObserver.Observation[] taken = new ExchangeObserver.Observation[all.length];
        int n = 0;
        for (ExchangeObserver o : all) {
            try {
                ExchangeObserver.Observation x = o.open(request, incoming);
                if (x != null) {
                    taken[n++] = x;
                }
            } catch (Throwable t) {
                failed(o, "open", t);
            }
        }
        if (n == 0) {
            return new DefaultExchange(pipeline, request);
        }
        ExchangeObserver.Observation observation = n == 1 ? taken[0] : new Composite(this, java.util.Arrays.copyOf(taken, n));
        String proposed = null;
        try {
            proposed = observation.requestId();
        } catch (Throwable t) {
            failed(observation, "requestId", t);
        }
        return new ObservedExchange(pipeline, request, RequestIds.isValid(proposed) ? proposed : null,
                new Guarded(this, observation));
    }

    void failed(Object observer, String callback, Throwable t) {
        failures.increment();
        long now = ticker.getAsLong();
        long n = nextLog.get();
        if ((n == NEVER || now - n >= 0) && nextLog.compareAndSet(n, now + LOG_INTERVAL_NANOS)) {
            if (n == NEVER) {
                LOG.atError().setCause(t)
                        .addKeyValue("observer", observer.getClass().getName())
                        .addKeyValue("callback", callback)
                        .log("a Faultline exchange observer failed; ignored (later failures are counted, and logged at most once a minute)");
            } else {
                LOG.atError()
                        .addKeyValue("observer", observer.getClass().getName())
                        .addKeyValue("callback", callback)
                        .addKeyValue("exception", t.getClass().getName())
                        .addKeyValue("observer_failures", failures.sum())
                        .log("a Faultline exchange observer failed again; ignored");
            }
        }
    }

    /** An observation whose every call is guarded: never throws. */
    static final class Guarded {
        private final Observers owner;
        private final ExchangeObserver.Observation observation;

        Guarded(Observers owner, ExchangeObserver.Observation observation) {
            this.owner = owner;
            this.observation = observation;
        }

        Exchange.@Nullable Scope bind() {
            try {
                Exchange.Scope s = observation.bind();
                return s == null ? null : new GuardedScope(owner, observation, s);
            } catch (Throwable t) {
                owner.failed(observation, "bind", t);
                return null;
            }
        }

        void failed(@Nullable Throwable failure, Classification classification, int status) {
            try {
                observation.failed(failure, classification, status);
            } catch (Throwable t) {
                owner.failed(observation, "failed", t);
            }
        }
    }

    private record GuardedScope(Observers owner, Object observation, Exchange.Scope scope) implements Exchange.Scope {
        @Override
        public void close() {
            try {
                scope.close();
            } catch (Throwable t) {
                owner.failed(observation, "scope.close", t);
            }
        }
    }

    /** Several observations as one: the first proposed request id wins; each call guarded on its own. */
    private record Composite(Observers owner, ExchangeObserver.Observation[] parts) implements ExchangeObserver.Observation {

        @Override
        public @Nullable String requestId() {
            for (ExchangeObserver.Observation p : parts) {
                try {
                    String id = p.requestId();
                    if (RequestIds.isValid(id)) {
                        return id;
                    }
                } catch (Throwable t) {
                    owner.failed(p, "requestId", t);
                }
            }
            return null;
        }

        @Override
        public Exchange.@Nullable Scope bind() {
            Exchange.Scope[] scopes = new Exchange.Scope[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    scopes[i] = parts[i].bind();
                } catch (Throwable t) {
                    owner.failed(parts[i], "bind", t);
                }
            }
            return () -> {
                for (int i = scopes.length - 1; i >= 0; i--) { // undo in reverse order
                    Exchange.Scope s = scopes[i];
                    if (s != null) {
                        try {
                            s.close();
                        } catch (Throwable t) {
                            owner.failed(parts[i], "scope.close", t);
                        }
                    }
                }
            };
        }

        @Override
        public void failed(@Nullable Throwable failure, Classification classification, int status) {
            for (ExchangeObserver.Observation p : parts) {
                try {
                    p.failed(failure, classification, status);
                } catch (Throwable t) {
                    owner.failed(p, "failed", t);
                }
            }
        }
    }
}
