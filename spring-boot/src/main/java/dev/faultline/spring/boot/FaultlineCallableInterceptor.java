package dev.faultline.spring.boot;

import dev.faultline.RequestContext;
import dev.faultline.servlet.FaultlineFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;

/**
 * Makes the request's exchange current on the thread where Spring MVC runs a controller's
 * {@code Callable} (or {@code WebAsyncTask}): the MDC's {@code request_id} and
 * {@code Faultline.current()} are there for the application's code and its log lines, as on
 * the request thread, and are taken away when the task ends. Spring runs {@link #preProcess} and
 * {@link #postProcess} on that thread, around the task.
 *
 * <p>A {@code DeferredResult} is completed on a thread of the application's own: wrap that work with
 * {@code FaultlineFilter.requestContext(request).map(c -> c.wrap(task))}.
 */
public final class FaultlineCallableInterceptor implements CallableProcessingInterceptor {

    private final ThreadLocal<RequestContext.@Nullable Scope> scope = new ThreadLocal<>();

    /** The interceptor. */
    public FaultlineCallableInterceptor() {
    }

    @Override
    public <T> void preProcess(NativeWebRequest request, Callable<T> task) {
        HttpServletRequest servletRequest = request.getNativeRequest(HttpServletRequest.class);
        if (servletRequest != null) {
            FaultlineFilter.requestContext(servletRequest).ifPresent(c -> scope.set(c.bind()));
        }
    }

    @Override
    public <T> void postProcess(NativeWebRequest request, Callable<T> task, @Nullable Object concurrentResult) {
        RequestContext.Scope bound = scope.get();
        if (bound != null) {
            scope.remove();
            bound.close();
        }
    }
}
