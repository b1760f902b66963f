package dev.faultline.jaxrs;

import dev.faultline.Faultline;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.HttpReply;
import dev.faultline.http.RequestView;
import dev.faultline.http.ResponseView;
import dev.faultline.http.ServerRefusal;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ErrorPage;
import io.undertow.servlet.api.ServletStackTraces;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.function.BiConsumer;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;
import org.jboss.resteasy.spi.ResteasyDeployment;
import org.jspecify.annotations.Nullable;

/**
 * RESTEasy on Undertow set up as the module's README shows ("RESTEasy on Undertow"): RESTEasy's
 * {@link UndertowJaxrsServer} with a {@link DeploymentInfo} of our own instead of {@code SeBootstrap},
 * which exposes none. What the deployment adds to RESTEasy's servlet:
 *
 * <ul>
 *   <li>{@link ServletStackTraces#NONE}: Undertow-servlet's default ({@code LOCAL_ONLY}) puts the stack
 *       trace in its error page for a client on the same machine;</li>
 *   <li>{@link OriginFormOnly}, an initial handler (before Undertow-servlet matches a servlet path): a target
 *       that does not start with {@code /} matches no servlet path, and Undertow-servlet answers it with a
 *       bare 500 ({@code UT000068}); Undertow 2.3.26's parser already refuses {@code GET *} and
 *       {@code GET kit/ok} with a bare 400, which leaves {@code OPTIONS *} (and any older Undertow);</li>
 *   <li>{@link ErrorPages}, a servlet that is the deployment's error page for every status and exception:
 *       what RESTEasy refuses before any Jakarta REST provider runs (a path it cannot decode: its
 *       {@code sendError(400)}; an escaped CR LF in the path: an exception while it builds the request)
 *       would otherwise get Undertow-servlet's HTML page;</li>
 *   <li>the listener's {@link UndertowOptions#ALLOW_UNESCAPED_CHARACTERS_IN_URL} stated ({@code false}, the
 *       default): raw bytes outside ASCII in the target are refused by the parser with a bare 400.</li>
 * </ul>
 *
 * Each of these answers is an {@code application/problem+json} body with a request id, recorded by
 * Faultline as a refused request (endpoint {@code _rejected}).
 *
 * <p>The listener's {@link UndertowOptions#MAX_ENTITY_SIZE} is raised for the kit only (the README leaves
 * it to the user): Undertow 2.3.26 refuses a body over 2 MiB by default, and the conformance kit sends
 * 10 MiB.
 */
final class RestEasyUndertow implements AutoCloseable {

    /** Where the error page servlet is mapped (an exact mapping, preferred to RESTEasy's {@code /*}). */
    static final String ERROR_PAGE = "/faultline-error";

    private final UndertowJaxrsServer server;
    private final ResteasyDeployment deployment;

    private RestEasyUndertow(UndertowJaxrsServer server, ResteasyDeployment deployment) {
        this.server = server;
        this.deployment = deployment;
    }

    /** Deploys {@code application} at {@code /} and starts Undertow on {@code host:port}. */
    static RestEasyUndertow start(Application application, Faultline faultline, String host, int port) {
        UndertowJaxrsServer server = new UndertowJaxrsServer();
        ResteasyDeployment deployment = new ResteasyDeploymentImpl();
        deployment.setApplication(application);
        DeploymentInfo info = server.undertowDeployment(deployment, "/")
                .setClassLoader(application.getClass().getClassLoader())
                .setContextPath("/")
                .setDeploymentName("faultline-kit")
                .setServletStackTraces(ServletStackTraces.NONE)
                .addInitialHandlerChainWrapper(next -> new OriginFormOnly(next, faultline))
                .addServlet(Servlets.servlet("faultline-error-page", ErrorPages.class,
                        new ImmediateInstanceFactory<>(new ErrorPages(faultline))).addMapping(ERROR_PAGE))
                .addErrorPage(new ErrorPage(ERROR_PAGE));
        server.deploy(info);
        try {
            server.start(Undertow.builder().addHttpListener(port, host)
                    .setServerOption(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, false)
                    // the kit's only: Undertow 2.3.26 refuses a body over 2 MiB by default (a 413), and the
                    // conformance kit sends 10 MiB
                    .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 64L * 1024 * 1024));
        } catch (RuntimeException bindFailed) {
            undeploy(server.getManager(), deployment);
            throw bindFailed;
        }
        return new RestEasyUndertow(server, deployment);
    }

    @Override
    public void close() {
        server.stop();
        undeploy(server.getManager(), deployment);
    }

    private static void undeploy(DeploymentManager manager, ResteasyDeployment deployment) {
        try {
            manager.stop();
        } catch (jakarta.servlet.ServletException e) {
            throw new IllegalStateException("could not stop the deployment", e);
        }
        manager.undeploy();
        deployment.stop();
    }

    /**
     * Answers a target that is not in origin form (no leading {@code /}) with a 400 problem before
     * Undertow-servlet looks for a servlet path (it finds none, and throws). Everything else goes on.
     */
    static final class OriginFormOnly implements HttpHandler {

        private final HttpHandler next;
        private final Faultline faultline;

        OriginFormOnly(HttpHandler next, Faultline faultline) {
            this.next = next;
            this.faultline = faultline;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            String path = exchange.getRelativePath();
            if (path.isEmpty() || path.charAt(0) == '/') {
                next.handleRequest(exchange);
                return;
            }
            if (exchange.isInIoThread()) { // Faultline logs and counts: off the I/O thread
                exchange.dispatch(this);
                return;
            }
            Exchange x = faultline.open(view(exchange));
            ErrorReply reply = x.reject(ServerRefusal.failure(400, "a request target that is not in origin form", null));
            exchange.setStatusCode(reply.status());
            reply.writeHeaders(new HttpReply.HeaderWriter() {
                @Override
                public void set(String name, String value) {
                    exchange.getResponseHeaders().put(HttpString.tryFromString(name), value);
                }

                @Override
                public void add(String name, String value) {
                    exchange.getResponseHeaders().add(HttpString.tryFromString(name), value);
                }
            });
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, reply.body().length);
            exchange.getResponseSender().send(ByteBuffer.wrap(reply.body()));
            x.close(ResponseView.of(reply.status(), reply.body().length));
        }

        private static RequestView view(HttpServerExchange exchange) {
            return new ServerRefusal.RefusedRequest(exchange.getRequestMethod().toString(), exchange.getRequestPath(),
                    exchange.getQueryString(), exchange.getSourceAddress() == null ? null
                            : exchange.getSourceAddress().getAddress().getHostAddress(),
                    new ServerRefusal.RefusedRequest.Headers() {
                        @Override
                        public @Nullable String get(String name) {
                            return exchange.getRequestHeaders().getFirst(name);
                        }

                        @Override
                        public void forEach(BiConsumer<String, String> action) {
                            for (HeaderValues values : exchange.getRequestHeaders()) {
                                for (String value : values) {
                                    action.accept(values.getHeaderName().toString(), value);
                                }
                            }
                        }
                    });
        }
    }

    /**
     * The deployment's error page: what Undertow-servlet would answer with its own page becomes a problem.
     * A request that reached Jakarta REST carries Faultline's request property (RESTEasy keeps request
     * properties as servlet request attributes): Faultline recorded and answered it, and nothing more is
     * written. Any other request failed while RESTEasy built it from the client's bytes, before any
     * provider ran: a client fault (400, or the 4xx RESTEasy chose), recorded under {@code _rejected}.
     */
    static final class ErrorPages extends HttpServlet {

        private static final long serialVersionUID = 1L;

        private final transient Faultline faultline;

        ErrorPages(Faultline faultline) {
            this.faultline = faultline;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getAttribute(FaultlineFeature.STATE_PROPERTY) != null || response.isCommitted()) {
                return;
            }
            int status;
            String reason;
            Throwable cause;
            String path;
            if (request.getDispatcherType() == DispatcherType.ERROR) {
                Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
                status = code instanceof Integer i ? i : 500;
                cause = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
                reason = "refused before Jakarta REST: " + status
                        + (request.getAttribute(RequestDispatcher.ERROR_MESSAGE) instanceof String m ? " " + m : "");
                path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri : null;
            } else { // requested directly: no such resource
                status = 404;
                cause = null;
                reason = "the error page requested directly";
                path = request.getRequestURI();
            }
            Exchange x = faultline.open(view(request, path));
            // a bare 5xx without an exception would be RESTEasy's own failure, classified as usual; anything
            // else came from building the request out of the client's bytes
            ErrorReply reply = x.reject(status >= 500 && cause == null ? new IllegalStateException(reason)
                    : ServerRefusal.failure(ServerRefusal.clientStatus(status), reason, cause));
            response.reset();
            response.setStatus(reply.status());
            reply.writeHeaders(new HttpReply.HeaderWriter() {
                @Override
                public void set(String name, String value) {
                    response.setHeader(name, value);
                }

                @Override
                public void add(String name, String value) {
                    response.addHeader(name, value);
                }
            });
            response.setContentLength(reply.body().length);
            response.getOutputStream().write(reply.body());
            x.close(ResponseView.of(reply.status(), reply.body().length));
        }

        private static RequestView view(HttpServletRequest request, @Nullable String path) {
            return new ServerRefusal.RefusedRequest(request.getMethod(), path, null, request.getRemoteAddr(),
                    new ServerRefusal.RefusedRequest.Headers() {
                        @Override
                        public @Nullable String get(String name) {
                            return request.getHeader(name);
                        }

                        @Override
                        public void forEach(BiConsumer<String, String> action) {
                            for (String name : Collections.list(request.getHeaderNames())) {
                                for (String value : Collections.list(request.getHeaders(name))) {
                                    action.accept(name, value);
                                }
                            }
                        }
                    });
        }
    }
}
