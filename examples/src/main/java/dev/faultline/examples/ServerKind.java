package dev.faultline.examples;

import dev.faultline.Faultline;
import dev.faultline.servlet.FaultlineFilter;
import dev.faultline.undertow.FaultlineHandler;
import io.helidon.webserver.WebServer;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.GracefulShutdownHandler;
import jakarta.ws.rs.SeBootstrap;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.LoggerFactory;

/**
 * The HTTP servers the video API runs on ({@code --server}), each with its Faultline adapter. All
 * serve the same endpoints behind the same, already built, Faultline.
 *
 * <p><b>Stopping.</b> {@link Running#stop()} drains each server gracefully, so that the failures of the
 * requests in flight are recorded, and their alerts fired, before the caller closes Faultline: the
 * server stops taking new requests (new connections, or 503), answers the requests in flight (within {@link #DRAIN_TIMEOUT}),
 * then stops. Undertow: a {@code GracefulShutdownHandler} (outside Faultline's handler, so that the 503
 * it answers to requests arriving while it drains are not recorded as failures) waits for the requests
 * in flight ({@code ListenerInfo.suspend()} is no help: it closes the open connections, requests in
 * flight included). Jetty: a {@code GracefulHandler} and the server's stop
 * timeout. Jersey: Grizzly's {@code HttpServer.shutdown(grace)}, since {@code SeBootstrap}'s stop is
 * Grizzly's {@code shutdownNow}. Helidon: the listener's shutdown grace period (500 ms by default).
 */
public enum ServerKind {

    /** Undertow with {@code faultline-undertow}: {@link VideoApi}'s routes in a {@code FaultlineHandler}. */
    UNDERTOW("undertow") {
        @Override
        Running start(String host, int port, Faultline faultline, VideoRepository videos, FailureSimulator failures,
                TokenStore tokens) {
            VideoApi api = new VideoApi(faultline, videos, failures, tokens);
            GracefulShutdownHandler graceful = Handlers.gracefulShutdown(FaultlineHandler.create(faultline, api.routes()));
            Undertow undertow = Undertow.builder()
                    .addHttpListener(port, host)
                    .setHandler(graceful)
                    .build();
            undertow.start();
            InetSocketAddress bound = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
            return new Running(bound, () -> {
                try {
                    // not ListenerInfo.suspend(): it closes the open connections, requests in flight included
                    graceful.shutdown(); // from now on every new request is answered 503, connection closed
                    if (!graceful.awaitShutdown(DRAIN_TIMEOUT.toMillis())) { // the requests in flight finish
                        LoggerFactory.getLogger(ServerKind.class).warn("requests still in flight after {}", DRAIN_TIMEOUT);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    undertow.stop();
                }
            });
        }
    },

    /** Jetty 12 (EE10) with {@code faultline-servlet}: {@link VideoServlet} behind {@code FaultlineFilter}. */
    JETTY("jetty") {
        @Override
        Running start(String host, int port, Faultline faultline, VideoRepository videos, FailureSimulator failures,
                TokenStore tokens) throws Exception {
            org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server();
            try {
                ServerConnector connector = new ServerConnector(server);
                connector.setHost(host);
                connector.setPort(port);
                server.addConnector(connector);
                // what Jetty refuses before the filter (bad request line, illegal characters...) as problems
                dev.faultline.servlet.FaultlineErrorHandler.install(server, faultline);
                ServletContextHandler context = new ServletContextHandler("/");
                FilterHolder filter = new FilterHolder(FaultlineFilter.create(faultline));
                filter.setAsyncSupported(true);
                context.addFilter(filter, "/*", EnumSet.copyOf(FaultlineFilter.DISPATCHER_TYPES));
                ServletHolder api = new ServletHolder("videos",
                        new VideoServlet(new VideoService(faultline, videos, failures, tokens)));
                api.setAsyncSupported(true);
                context.addServlet(api, "/");
                // on stop: the connector stops accepting, requests in flight finish within the stop timeout
                GracefulHandler graceful = new GracefulHandler();
                graceful.setHandler(context);
                server.setHandler(graceful);
                server.setStopTimeout(DRAIN_TIMEOUT.toMillis());
                server.start();
                InetSocketAddress bound = new InetSocketAddress(InetAddress.getByName(host), connector.getLocalPort());
                return new Running(bound, () -> stopJetty(server));
            } catch (Exception | Error e) {
                stopJetty(server);
                throw e;
            }
        }
    },

    /** Jersey on Grizzly (Jakarta REST, {@code SeBootstrap}) with {@code faultline-jaxrs}: {@link VideoResource}. */
    JERSEY("jersey") {
        @Override
        Running start(String host, int port, Faultline faultline, VideoRepository videos, FailureSimulator failures,
                TokenStore tokens) throws Exception {
            VideoResource.VideoApplication application = new VideoResource.VideoApplication(
                    new VideoService(faultline, videos, failures, tokens),
                    dev.faultline.jaxrs.FaultlineFeature.create(faultline));
            InetAddress address = InetAddress.getByName(host);
            for (int attempt = 1; ; attempt++) {
                // SeBootstrap does not say which port it picked for 0: pick a free one first
                int chosen = port != 0 ? port : freePort(address);
                try {
                    SeBootstrap.Instance instance = SeBootstrap.start(application, SeBootstrap.Configuration.builder()
                                    .protocol("HTTP").host(host).port(chosen).rootPath("/").build())
                            .toCompletableFuture().get(60, TimeUnit.SECONDS);
                    // Grizzly's own error pages (an HTML 500 with a stack trace for /videos/%zz) as problems
                    dev.faultline.jaxrs.FaultlineErrorPages.install(
                            instance.unwrap(org.glassfish.grizzly.http.server.HttpServer.class), faultline);
                    return new Running(new InetSocketAddress(address, chosen), () -> {
                        try {
                            // SeBootstrap's stop is Grizzly's shutdownNow, which cuts the requests in flight:
                            // stop accepting and let them finish first
                            instance.unwrap(org.glassfish.grizzly.http.server.HttpServer.class)
                                    .shutdown(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                                    .get(DRAIN_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
                            instance.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                            throw new IllegalStateException("cannot stop Jersey", e);
                        }
                    });
                } catch (ExecutionException bindFailure) {
                    if (port != 0 || attempt == 5) { // with 0, another process may have taken the probed port
                        throw bindFailure;
                    }
                }
            }
        }
    },

    /** Helidon 4 SE with {@code faultline-helidon}: {@link HelidonRoutes}. */
    HELIDON("helidon") {
        @Override
        Running start(String host, int port, Faultline faultline, VideoRepository videos, FailureSimulator failures,
                TokenStore tokens) throws Exception {
            HelidonRoutes routes = new HelidonRoutes(new VideoService(faultline, videos, failures, tokens));
            dev.faultline.helidon.FaultlineFeature feature = dev.faultline.helidon.FaultlineFeature.create(faultline);
            WebServer server = WebServer.builder()
                    .host(host)
                    .port(port)
                    // what Helidon refuses before routing (bad request line or header...) as problems
                    .directHandlers(feature.directHandlers())
                    // the response stream filter of body capture; see faultline-helidon's FaultlineFeature
                    .connectionOptions(o -> o.tcpNoDelay(true))
                    .shutdownGracePeriod(DRAIN_TIMEOUT) // on stop, the requests in flight finish first
                    .routing(r -> routes.register(r.addFeature(feature)))
                    .build()
                    .start();
            return new Running(new InetSocketAddress(InetAddress.getByName(host), server.port()), () -> {
                if (server.isRunning()) {
                    server.stop();
                }
            });
        }
    };

    /**
     * How long stopping a server waits for the requests in flight: 10 s. With Faultline's alert close
     * deadline (5 s) it fits Kubernetes' default grace period of 30 s.
     */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final String label;

    ServerKind(String label) {
        this.label = label;
    }

    /** The name on the command line: {@code undertow}, {@code jetty}, {@code jersey} or {@code helidon}. */
    public String label() {
        return label;
    }

    /**
     * The server named {@code value} on the command line.
     *
     * @throws IllegalArgumentException naming the choices
     */
    static ServerKind parse(String value) {
        String name = value.strip().toLowerCase(Locale.ROOT);
        for (ServerKind kind : values()) {
            if (kind.label.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("--server must be undertow, jetty, jersey or helidon, was '" + value + "'");
    }

    /** Starts the API on this server; the caller owns what it is given and closes it after {@link Running#stop()}. */
    abstract Running start(String host, int port, Faultline faultline, VideoRepository videos,
            FailureSimulator failures, TokenStore tokens) throws Exception;

    /** A started server: where it listens and how to stop it. */
    record Running(InetSocketAddress address, Runnable stopper) {
        void stop() {
            stopper.run();
        }
    }

    private static void stopJetty(org.eclipse.jetty.server.Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop Jetty", e);
        }
    }

    private static int freePort(InetAddress address) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, address)) {
            return probe.getLocalPort();
        }
    }
}
