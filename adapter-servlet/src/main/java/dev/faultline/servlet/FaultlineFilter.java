package dev.faultline.servlet;

import dev.faultline.Faultline;
import dev.faultline.RequestContext;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.monitoring.MonitoringEndpoints;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faultline for Jakarta Servlet 6: a {@link Filter} that drives the core's exchange lifecycle for
 * every request, synchronous or asynchronous. Map it first, on {@code /*}, async-supported, for the
 * {@linkplain #DISPATCHER_TYPES REQUEST, ASYNC and ERROR} dispatches.
 *
 * <p>Jetty 12 ({@code org.eclipse.jetty.ee10.servlet}):
 * <pre>{@code
 * Faultline faultline = Faultline.create();
 * ServletContextHandler context = new ServletContextHandler("/");
 * FilterHolder holder = new FilterHolder(FaultlineFilter.create(faultline));
 * holder.setAsyncSupported(true);
 * context.addFilter(holder, "/*", EnumSet.copyOf(FaultlineFilter.DISPATCHER_TYPES));
 * context.addServlet(new ServletHolder(new VideoServlet()), "/videos/*").setAsyncSupported(true);
 * }</pre>
 *
 * <p>Tomcat 11 embedded ({@code org.apache.tomcat.util.descriptor.web}):
 * <pre>{@code
 * Context context = tomcat.addContext("", null);
 * FilterDef def = new FilterDef();
 * def.setFilterName("faultline");
 * def.setFilter(FaultlineFilter.create(faultline));
 * def.setAsyncSupported("true");
 * context.addFilterDef(def);
 * FilterMap map = new FilterMap();
 * map.setFilterName("faultline");
 * map.addURLPattern("/*");
 * FaultlineFilter.DISPATCHER_TYPES.forEach(type -> map.setDispatcher(type.name()));
 * context.addFilterMapBefore(map);
 * }</pre>
 *
 * <p>Any container, from a {@code ServletContainerInitializer} or {@code ServletContextListener}:
 * {@code FaultlineFilter.create(faultline).register(servletContext)}; with options,
 * {@code FaultlineFilter.builder(faultline).routeResolver(resolver).build()}. From {@code web.xml}:
 * declare the class (it has a public no-argument constructor for that) and put the {@link Faultline}
 * in the servlet context attribute {@value #FAULTLINE_ATTRIBUTE} before the filter starts.
 *
 * <p>What it does, per request:
 * <ol>
 *   <li>opens the exchange (request id, also in the response header; security verdict; route
 *       shedding) and writes the rejection if there is one;</li>
 *   <li>serves the monitoring endpoints when the path is theirs (unless
 *       {@linkplain Builder#monitoringEndpoints(boolean) turned off});</li>
 *   <li>runs the application with the request bound (MDC {@code request_id}, {@link Faultline#current()},
 *       {@link #requestContext(ServletRequest)}), through a request and a response wrapper that count
 *       and capture the bodies within the cap;</li>
 *   <li>answers a throw with a problem ({@code reset()} first; the headers the application set stay,
 *       except those that described its body); a throw after the response was committed is recorded
 *       and rethrown, so that the container closes the connection: the client cannot take a cut
 *       response for a whole one, and the status logged is the one sent;</li>
 *   <li>answers {@code sendError(4xx/5xx)}, a bare error status without a body, and unmatched URLs
 *       (the default servlet's {@code sendError(404)}) with problems;</li>
 *   <li>closes the exchange once the response is finished: after the chain for a synchronous request,
 *       in {@code AsyncListener.onComplete} for an asynchronous one.</li>
 * </ol>
 *
 * <p>Asynchronous requests:
 * <ul>
 *   <li>{@code request.startAsync()} is started with Faultline's request and response (as
 *       {@code startAsync(request, response)}), so that asynchronous writes are counted, captured and
 *       can be answered with problems. An application that starts async on the container's own
 *       request (by unwrapping it) writes past Faultline: the status is still logged, the byte count
 *       is unknown (-1) and the body is not captured.</li>
 *   <li>Tasks run through {@link AsyncContext#start(Runnable)} on the context the request returns are
 *       bound to the exchange, and a throw in them is answered with a problem and completes the
 *       request (containers would leave it hanging until the async timeout).</li>
 *   <li>Tasks the application runs on its own executor cannot be intercepted: bind them with
 *       {@code Faultline.propagating(executor)} (submit from the request thread), or
 *       {@code FaultlineFilter.requestContext(request).map(r -> r.wrap(task))}, and end a failure with
 *       {@link #fail(AsyncContext, Throwable)}, or the container's way: keep the
 *       throwable, {@code asyncContext.dispatch()}, and rethrow it in the dispatched request; the filter
 *       sees the ASYNC dispatch and answers it.</li>
 *   <li>An async timeout is answered with a 504 problem unless the application's own listener wrote a
 *       response; an async error ({@code onError}) with the problem of its throwable.</li>
 * </ul>
 *
 * <p>Paths: the path logged and matched (monitoring endpoints, stale-if-error and shedding routes) is
 * the raw request URI within the application, without the context path. Route templates come from a
 * {@link RouteResolver}, by default the request attribute {@value RouteResolver#ROUTE_ATTRIBUTE} or
 * the servlet mapping.
 *
 * <p>One exchange per request: later dispatches of the same request, and a second
 * {@code FaultlineFilter} in the same chain, find it in a request attribute and never open another,
 * so nothing is logged twice.
 *
 * <p>Thread-safe: one instance serves all requests.
 */
@SuppressWarnings("try") // try (Exchange.Scope ignored = x.bind()): the scope is held for its effect
public final class FaultlineFilter implements Filter {

    /** The servlet context attribute a filter built by its no-argument constructor takes its {@link Faultline} from. */
    public static final String FAULTLINE_ATTRIBUTE = "dev.faultline.Faultline";

    /** The dispatches to map the filter for: REQUEST, ASYNC and ERROR. */
    public static final Set<DispatcherType> DISPATCHER_TYPES =
            Collections.unmodifiableSet(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));

    /** The filter name {@link #register(ServletContext)} uses. */
    public static final String NAME = "faultline";

    private static final Logger LOG = LoggerFactory.getLogger(FaultlineFilter.class);

    private volatile @Nullable Faultline faultline;
    private final RouteResolver routes;
    private final boolean monitoringEndpoints;
    private final LongAdder routeFailures = new LongAdder();

    /**
     * Only for containers that instantiate the filters declared in {@code web.xml} (or by
     * {@code @WebFilter}) themselves, which needs a public no-argument constructor: takes the
     * {@link Faultline} from the servlet context attribute {@value #FAULTLINE_ATTRIBUTE} in
     * {@link #init(FilterConfig)}, with the default options of {@link Builder}. In code, use
     * {@link #create(Faultline)} or {@link #builder(Faultline)}.
     */
    public FaultlineFilter() {
        this.faultline = null;
        this.routes = guard(RouteResolver.standard());
        this.monitoringEndpoints = true;
    }

    private FaultlineFilter(Builder b) {
        this.faultline = b.faultline;
        this.routes = guard(b.routes);
        this.monitoringEndpoints = b.monitoringEndpoints;
    }

    /**
     * A filter with the default options (standard route resolver, monitoring endpoints served).
     *
     * @param faultline the pipeline every request runs through
     * @return the filter, to register with the servlet context
     */
    public static FaultlineFilter create(Faultline faultline) {
        return builder(faultline).build();
    }

    /**
     * A builder of a filter for {@code faultline}.
     *
     * @param faultline the pipeline every request runs through
     * @return a builder with the default settings
     */
    public static Builder builder(Faultline faultline) {
        return new Builder(faultline);
    }

    /**
     * The request a servlet request is, when it passed through a {@code FaultlineFilter}: its request id
     * and user, {@code wrap(task)} to bind work on other threads, {@code userId(id)} to record the user.
     *
     * @param request a servlet request
     * @return the application's handle on the request, or empty outside a {@code FaultlineFilter}
     */
    public static Optional<RequestContext> requestContext(ServletRequest request) {
        Objects.requireNonNull(request, "request");
        RequestState state = RequestState.of(request);
        return state == null ? Optional.empty() : Optional.of(Faultline.requestContext(state.exchange()));
    }

    /**
     * Adapter SPI, for integrations that extend this filter (the Spring Boot starter's exception
     * resolver and error controller): the exchange of a request that passed through a
     * {@code FaultlineFilter}, which can fail and record the request. Application code uses
     * {@link #requestContext(ServletRequest)}.
     *
     * @param request a servlet request
     * @return its exchange, or empty outside a {@code FaultlineFilter}
     */
    public static Optional<Exchange> exchange(ServletRequest request) {
        Objects.requireNonNull(request, "request");
        RequestState state = RequestState.of(request);
        return state == null ? Optional.empty() : Optional.of(state.exchange());
    }

    /**
     * Ends an asynchronous request with a failure from a thread Faultline does not see (the
     * application's own executor): records it, writes its problem if the response is not committed,
     * and completes {@code asyncContext}. Without a {@code FaultlineFilter} in front, the failure is
     * logged and the container's 500 is sent.
     *
     * @param asyncContext the asynchronous request to end
     * @param failure what went wrong
     */
    public static void fail(AsyncContext asyncContext, Throwable failure) {
        Objects.requireNonNull(asyncContext, "asyncContext");
        Objects.requireNonNull(failure, "failure");
        RequestState state = RequestState.of(asyncContext.getRequest());
        if (state != null) {
            state.asyncFailure(failure, asyncContext);
            return;
        }
        LOG.error("asynchronous request failed (no FaultlineFilter in front of it)", failure);
        try {
            if (asyncContext.getResponse() instanceof HttpServletResponse r && !r.isCommitted()) {
                r.sendError(500);
            }
        } catch (IOException | RuntimeException ignored) {
            // the client is gone
        } finally {
            RequestState.completeQuietly(asyncContext);
        }
    }

    /**
     * Registers this filter with {@code context} under the name {@value #NAME}: async-supported,
     * mapped to {@code /*} for the {@link #DISPATCHER_TYPES}, before the filters declared in
     * {@code web.xml}. Call it while the context initialises (a {@code ServletContainerInitializer}
     * or {@code ServletContextListener}).
     *
     * @param context the servlet context being initialised
     * @return the registration, to add mappings or init parameters to
     * @throws IllegalStateException if a filter named {@value #NAME} is registered already, or the
     *     context has started
     */
    public FilterRegistration.Dynamic register(ServletContext context) {
        Objects.requireNonNull(context, "context");
        FilterRegistration.Dynamic registration = context.addFilter(NAME, this);
        if (registration == null) {
            throw new IllegalStateException("a filter named '" + NAME + "' is already registered with " + context.getContextPath());
        }
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.copyOf(DISPATCHER_TYPES), false, "/*");
        return registration;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (faultline == null) {
            Object f = config.getServletContext().getAttribute(FAULTLINE_ATTRIBUTE);
            if (!(f instanceof Faultline given)) {
                throw new ServletException("FaultlineFilter '" + config.getFilterName() + "' has no Faultline: build it with "
                        + "FaultlineFilter.create(faultline), or set the servlet context attribute '" + FAULTLINE_ATTRIBUTE
                        + "' to a Faultline before the filter starts");
            }
            faultline = given;
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        Faultline f = faultline;
        if (f == null) {
            throw new ServletException("FaultlineFilter was not initialised (init(FilterConfig) not called) and has no Faultline");
        }
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        RequestState state = RequestState.of(req);
        if (state != null) {
            switch (req.getDispatcherType()) {
                case ASYNC -> state.asyncDispatch(chain, req, res);
                case ERROR -> state.errorDispatch(chain, req, res);
                default -> chain.doFilter(req, res); // FORWARD, INCLUDE, or a second Faultline filter
            }
            return;
        }
        boolean errorDispatch = req.getDispatcherType() == DispatcherType.ERROR;
        try {
            state = RequestState.open(f, errorDispatch ? null : routes, request, response, errorDispatch);
        } catch (RuntimeException openFailed) {
            // Faultline must never take the application down with it
            LOG.error("could not open the exchange; the request goes on without Faultline", openFailed);
            chain.doFilter(req, res);
            return;
        }
        if (errorDispatch) {
            // an error the container raised before any REQUEST dispatch reached this filter (no servlet
            // matched and an error page is configured, a malformed request)
            try {
                state.errorDispatch(chain, req, res);
            } finally {
                state.finish();
            }
            return;
        }
        request(f, state, chain);
    }

    private void request(Faultline f, RequestState state, FilterChain chain) throws IOException, ServletException {
        Exchange x = state.exchange();
        boolean async = false;
        try (Exchange.Scope ignored = x.bind()) {
            Optional<ErrorReply> rejection = x.rejection();
            if (rejection.isPresent()) {
                state.response().reply(rejection.get(), false);
                return;
            }
            MonitoringEndpoints monitoring = f.monitoring();
            if (monitoringEndpoints && monitoring.owns(state.view().path())) {
                state.response().reply(monitoring.handle(x, state.view()), false);
                return;
            }
            async = state.run(chain, state.request(), state.response());
        } finally {
            if (!async) {
                state.finish();
            }
        }
    }

    private RouteResolver guard(RouteResolver resolver) {
        Objects.requireNonNull(resolver, "routeResolver");
        return request -> {
            try {
                return resolver.route(request);
            } catch (Throwable failure) {
                routeFailures.increment();
                if (routeFailures.sum() == 1) {
                    LOG.warn("the route resolver failed; the route is taken as unknown (later failures are logged at DEBUG)",
                            failure);
                } else {
                    LOG.debug("the route resolver failed", failure);
                }
                return null;
            }
        };
    }

    /**
     * How many times the route resolver has thrown (each time, the route was taken as unknown).
     *
     * @return the number of times, since the filter was made
     */
    public long routeResolverFailures() {
        return routeFailures.sum();
    }

    @Override
    public void destroy() {
        // the Faultline belongs to the application, which closes it
    }

    @Override
    public String toString() {
        return "FaultlineFilter[monitoringEndpoints=" + monitoringEndpoints + "]";
    }

    /** Builds a {@link FaultlineFilter}. Not thread-safe. */
    public static final class Builder {
        private final Faultline faultline;
        private RouteResolver routes = RouteResolver.standard();
        private boolean monitoringEndpoints = true;

        private Builder(Faultline faultline) {
            this.faultline = Objects.requireNonNull(faultline, "faultline");
        }

        /**
         * How route templates are found; default {@link RouteResolver#standard()} (the request attribute
         * {@value RouteResolver#ROUTE_ATTRIBUTE}, else the servlet mapping of an exact or path mapping).
         *
         * @param resolver the route resolver
         * @return this builder
         */
        public Builder routeResolver(RouteResolver resolver) {
            this.routes = Objects.requireNonNull(resolver, "routeResolver");
            return this;
        }

        /**
         * Whether the filter answers the monitoring endpoints' paths itself, before the application;
         * default {@code true}. Turn it off to serve them only through a
         * {@link FaultlineMonitoringServlet} mapped where the application wants them.
         *
         * @param serve whether the filter serves the monitoring endpoints
         * @return this builder
         */
        public Builder monitoringEndpoints(boolean serve) {
            this.monitoringEndpoints = serve;
            return this;
        }

        /**
         * The filter.
         *
         * @return the filter, to register with the servlet context
         */
        public FaultlineFilter build() {
            return new FaultlineFilter(this);
        }
    }
}
