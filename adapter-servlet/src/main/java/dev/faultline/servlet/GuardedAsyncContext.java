package dev.faultline.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * The {@link AsyncContext} the application gets from Faultline's request: the container's, except
 * that {@link #start(Runnable)} runs the task bound to the exchange (MDC, current exchange) and
 * turns a throw into a problem and completes, where containers would leave the request hanging
 * until the async timeout.
 */
final class GuardedAsyncContext implements AsyncContext {

    private final AsyncContext context;
    private final RequestState state;

    GuardedAsyncContext(AsyncContext context, RequestState state) {
        this.context = context;
        this.state = state;
    }

    @Override
    public void start(Runnable run) {
        context.start(state.guard(run, context));
    }

    @Override
    public ServletRequest getRequest() {
        return context.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
        return context.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return context.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
        context.dispatch();
    }

    @Override
    public void dispatch(String path) {
        context.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext servletContext, String path) {
        context.dispatch(servletContext, path);
    }

    @Override
    public void complete() {
        context.complete();
    }

    @Override
    public void addListener(AsyncListener listener) {
        context.addListener(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
        context.addListener(listener, request, response);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
        return context.createListener(clazz);
    }

    @Override
    public void setTimeout(long timeout) {
        context.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
        return context.getTimeout();
    }

    @Override
    public String toString() {
        return "GuardedAsyncContext[" + context + "]";
    }
}
