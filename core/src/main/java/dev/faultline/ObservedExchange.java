package dev.faultline;

import dev.faultline.error.Classification;
import dev.faultline.http.RequestView;
import org.jspecify.annotations.Nullable;

/**
 * An exchange that one or more {@link ExchangeObserver}s take part in: their observation is told the
 * exchange's first failure and adds to the MDC of every binding. Only exchanges an observer took
 * part in carry the extra field.
 */
final class ObservedExchange extends DefaultExchange {

    private final Observers.Guarded observation;

    ObservedExchange(Pipeline pipeline, RequestView request, @Nullable String requestId,
            Observers.Guarded observation) {
        super(pipeline, request, requestId);
        this.observation = observation;
    }

    @Override
    void observeFailure(@Nullable Throwable failure, Classification c, int status) {
        observation.failed(failure, c, status);
    }

    @Override
    @Nullable Scope observeBind() {
        return observation.bind();
    }
}
