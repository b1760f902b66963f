package dev.faultline.jaxrs;

import dev.faultline.Faultline;
import dev.faultline.RequestContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.WriterInterceptor;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Faultline for Jakarta REST: a {@link Feature} that drives the core's exchange lifecycle for every
 * request of the application it is registered with, on any Jakarta REST 4.0 runtime (checked on Jersey
 * and RESTEasy).
 *
 * <pre>{@code
 * Faultline faultline = Faultline.create();
 * application.register(FaultlineFeature.create(faultline));      // Jersey: new ResourceConfig(...).register(...)
 * }</pre>
 *
 * <p>With options: {@code FaultlineFeature.builder(faultline).clientAddress(resolver).build()}. The
 * application reaches the request it serves through {@link #requestContext(ContainerRequestContext)} or
 * {@link Faultline#current()}. Register the instance: the feature has no public constructor, since a
 * runtime that instantiated the class itself could not give it its {@link Faultline}.
 *
 * <p>It registers, as server-side providers:
 * <ul>
 *   <li>a {@code @PreMatching} request filter that runs first: opens the exchange (so unmatched 404
 *       and 405 requests are seen too), answers rejections (429, 403, shed 503) and the monitoring
 *       endpoints ({@code /metrics/...}, {@code /health...}) itself, tees the request body into the
 *       capture when bodies are logged, and binds the request id to the MDC;</li>
 *   <li>an {@code ExceptionMapper<Throwable>}: every throw that no more specific mapper of the
 *       application takes becomes a problem; a {@code WebApplicationException} keeps its status and
 *       its response's headers ({@code Allow}); one that is a redirect or carries its own entity goes
 *       out unchanged;</li>
 *   <li>a response filter that runs last: turns mapped throws and bare error statuses (a
 *       {@code Response.status(401)} without entity) into problems that keep the application's other
 *       headers, and sets {@code X-Request-Id} on every response;</li>
 *   <li>a writer interceptor that runs outermost: captures the response body within the cap and
 *       closes the exchange once the body is written (the response filter closes bodiless ones).</li>
 * </ul>
 *
 * <p>Asynchronous resources ({@code @Suspended AsyncResponse}, {@code CompletionStage} results) are
 * closed when their response is written, on whatever thread resumes them, and a failure they resume
 * with becomes the problem. The request id is in the MDC of the request thread and of the response
 * processing; for the application's own continuations, submit them through
 * {@code Faultline.current().map(r -> r.wrap(executor))} — Jakarta REST has no container
 * executor an adapter could wrap. A response that fails after something was flushed cannot be
 * replaced: the failure is recorded and the status already sent stands.
 *
 * <p>Immutable and thread-safe; one instance may configure several applications.
 */
public final class FaultlineFeature implements Feature {

    /** The request property under which the request's state lives (the adapter's own). */
    static final String STATE_PROPERTY = "dev.faultline.jaxrs.RequestState";

    /**
     * The priority of Faultline's filters and interceptor: far ahead of {@link Priorities#AUTHENTICATION},
     * so the request filter runs first, the response filter last and the writer interceptor outermost.
     */
    public static final int PRIORITY = -1_000_000;

    /**
     * The priority of Faultline's {@code ExceptionMapper<Throwable>}: behind the default
     * {@link Priorities#USER}, so that an application's own catch-all mapper, if it has one, wins.
     */
    public static final int MAPPER_PRIORITY = Priorities.USER + 1000;

    private final Faultline faultline;
    private final @Nullable Function<ContainerRequestContext, @Nullable String> clientAddress;
    private final boolean monitoringEndpoints;

    private FaultlineFeature(Builder b) {
        this.faultline = b.faultline;
        this.clientAddress = b.clientAddress;
        this.monitoringEndpoints = b.monitoringEndpoints;
    }

    /**
     * A feature with the default options that runs every request through {@code faultline}, with the
     * client address found the way the runtime allows (see {@link Builder#clientAddress}).
     *
     * @param faultline the pipeline every request runs through
     * @return the feature, to register with the application or the runtime
     */
    public static FaultlineFeature create(Faultline faultline) {
        return builder(faultline).build();
    }

    /** The Faultline this feature runs requests through (for the server-level pieces of a runtime's tests). */
    Faultline faultline() {
        return faultline;
    }

    /**
     * A builder for a feature with options.
     *
     * @param faultline the pipeline every request runs through
     * @return a builder with the default options
     */
    public static Builder builder(Faultline faultline) {
        return new Builder(Objects.requireNonNull(faultline, "faultline"));
    }

    /**
     * The request a Jakarta REST request is, when it passed through the feature's request filter: its
     * request id and user (an application's authentication filter records the user with
     * {@link RequestContext#userId(String)}), and {@code bind}/{@code wrap} for its own threads.
     *
     * @param request a Jakarta REST request
     * @return the application's handle on the request, or empty when it did not pass through the feature
     */
    public static Optional<RequestContext> requestContext(ContainerRequestContext request) {
        Objects.requireNonNull(request, "request");
        RequestState state = RequestState.of(request.getProperty(STATE_PROPERTY));
        return state == null ? Optional.empty() : Optional.of(Faultline.requestContext(state.exchange));
    }

    @Override
    public boolean configure(FeatureContext context) {
        if (context.getConfiguration().getRuntimeType() != RuntimeType.SERVER
                || context.getConfiguration().isRegistered(RequestFilter.class)) {
            return false; // client side, or Faultline is already there
        }
        Settings settings = new Settings(faultline, clientAddress != null ? clientAddress : ClientAddresses.detect(context),
                monitoringEndpoints);
        context.register(new RequestFilter(settings), Map.of(ContainerRequestFilter.class, PRIORITY));
        context.register(new ResponseFilter(settings), Map.of(ContainerResponseFilter.class, PRIORITY));
        context.register(new ResponseBodyInterceptor(), Map.of(WriterInterceptor.class, PRIORITY));
        context.register(new ThrowableMapper(), Map.of(ExceptionMapper.class, MAPPER_PRIORITY));
        context.register(new FailureWriter(), Map.of(MessageBodyWriter.class, Priorities.USER));
        return true;
    }

    /** Options of a {@link FaultlineFeature}. Not thread-safe; the feature it builds is. */
    public static final class Builder {
        private final Faultline faultline;
        private @Nullable Function<ContainerRequestContext, @Nullable String> clientAddress;
        private boolean monitoringEndpoints = true;

        private Builder(Faultline faultline) {
            this.faultline = faultline;
        }

        /**
         * Whether the feature's request filter answers the monitoring endpoints' paths
         * ({@code /metrics/...}, {@code /health...}) itself, before the runtime matches a resource;
         * default {@code true}.
         *
         * @param serve whether the feature serves the monitoring endpoints
         * @return this builder
         */
        public Builder monitoringEndpoints(boolean serve) {
            this.monitoringEndpoints = serve;
            return this;
        }

        /**
         * How to find the peer's IP address (the socket's, not forwarded headers: Faultline reads those
         * itself from trusted proxies). Jakarta REST has no API for it. Default: asks the runtime — on
         * RESTEasy the request's {@code HttpRequest.getRemoteAddress()}, on Jersey the container's
         * request (Grizzly, servlet or JDK HTTP server) — and leaves it unknown elsewhere. Called once
         * per request, in the pre-matching filter; a resolver that throws or returns {@code null} leaves
         * the address unknown.
         *
         * @param resolver the client address of a request, or {@code null} when unknown
         * @return this builder
         */
        public Builder clientAddress(Function<ContainerRequestContext, @Nullable String> resolver) {
            this.clientAddress = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * The feature, to register with the application or the runtime.
         *
         * @return the feature
         */
        public FaultlineFeature build() {
            return new FaultlineFeature(this);
        }
    }
}
