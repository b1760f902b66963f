package dev.faultline.jaxrs;

import dev.faultline.http.Exchange;
import org.jspecify.annotations.Nullable;

/**
 * Which exchange the request filter bound to the current thread (MDC, {@code Faultline.current()}).
 *
 * <p>A synchronous request is processed on one thread from the request filter to the writer
 * interceptor, and the binding made by the request filter is undone when the exchange closes there.
 * An asynchronous resource ({@code @Suspended AsyncResponse}, a {@code CompletionStage}) returns
 * the request thread to the container before the response exists, and Jakarta REST offers no
 * callback at that moment: the binding stays on that thread until the next request the request filter
 * sees on it, which undoes it first. The response filter and the writer interceptor bind the exchange
 * on whatever other thread they run, for their own duration only.
 */
final class Bindings {

    private static final ThreadLocal<@Nullable Bound> BOUND = new ThreadLocal<>();

    private static final Exchange.Scope NOTHING = () -> { };

    private Bindings() {
    }

    private record Bound(RequestState state, Exchange.Scope scope) {
    }

    /** Binds a new request's exchange on the request thread, undoing what an earlier one left behind. */
    static void enter(RequestState state) {
        Bound left = BOUND.get();
        if (left != null) {
            if (left.state() == state) {
                return;
            }
            BOUND.remove();
            left.scope().close();
        }
        BOUND.set(new Bound(state, state.exchange.bind()));
    }

    /**
     * Binds the exchange for the duration of one callback, unless the request filter's binding of it
     * is still in place on this thread; close the returned scope when the callback ends.
     */
    static Exchange.Scope visit(RequestState state) {
        Bound bound = BOUND.get();
        if (bound != null && bound.state() == state) {
            return NOTHING;
        }
        return state.exchange.bind();
    }

    /** Undoes the request filter's binding of this exchange if it is on this thread. */
    static void leave(RequestState state) {
        Bound bound = BOUND.get();
        if (bound != null && bound.state() == state) {
            BOUND.remove();
            bound.scope().close();
        }
    }
}
