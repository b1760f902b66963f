package dev.faultline.servlet;

import dev.faultline.Faultline;
import dev.faultline.testkit.KitApp;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The conformance kit's application ({@link KitApp}) as one servlet, mapped by {@link #MAPPINGS}, plus
 * the servlet-specific routes under {@code /servlet/*}. Exact mappings name their route through the
 * mapping itself (the standard resolver's fallback); routes with a parameter set the route attribute,
 * as a framework routing inside a servlet would.
 */
final class KitServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Servlet mapping patterns of this servlet; the default servlet ({@code /}) is mapped separately. */
    static final String[] MAPPINGS = {KitApp.OK, "/kit/fail/*", "/kit/async/fail/*", KitApp.BOOM, KitApp.COMMITTED,
        KitApp.MDC, KitApp.ASYNC_MDC, "/kit/items/*", KitApp.ECHO, KitApp.JSON, KitApp.FORM, KitApp.BIG, KitApp.BARE_401,
        KitApp.STALE, KitApp.SHED, KitApp.SECRET_JSON, "/servlet/*"};

    /** Route templates of the path mappings. */
    private static final Map<String, String> TEMPLATES = Map.of(
            "/kit/fail/*", KitApp.FAIL_TEMPLATE,
            "/kit/async/fail/*", KitApp.ASYNC_FAIL_TEMPLATE,
            "/kit/items/*", KitApp.ITEM_TEMPLATE);

    /** Where an asynchronous task leaves its failure for the ASYNC dispatch to rethrow. */
    static final String FAILURE = "kit.failure";

    /** The application's own executor (tasks Faultline cannot see). */
    static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kit-app-executor");
        t.setDaemon(true);
        return t;
    });

    /** The methods the kit's routes know; any other is answered 405. */
    private static final java.util.Set<String> KNOWN_METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE",
            "OPTIONS", "PATCH");

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String pattern = req.getHttpServletMapping().getPattern();
        String template = TEMPLATES.get(pattern);
        if (template != null) {
            req.setAttribute(RouteResolver.ROUTE_ATTRIBUTE, template);
        }
        String param = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
        if (!KNOWN_METHODS.contains(req.getMethod())) {
            // as a servlet application's router does: a method it has no handler for is the client's error
            res.setHeader("Allow", "GET, HEAD, POST");
            res.sendError(405);
            return;
        }
        switch (pattern) {
            case KitApp.OK -> text(res, "ok");
            case "/kit/fail/*" -> throw KitApp.failure(param);
            case "/kit/async/fail/*" -> asyncFailThroughDispatch(req, param);
            case KitApp.BOOM -> throw new IllegalStateException(KitApp.NASTY_MESSAGE);
            case KitApp.COMMITTED -> {
                OutputStream out = res.getOutputStream();
                out.write(KitApp.PARTIAL_BODY.getBytes(StandardCharsets.UTF_8));
                res.flushBuffer();
                throw new IllegalStateException("failed after commit " + KitApp.SECRET);
            }
            case KitApp.MDC -> text(res, KitApp.mdcReport());
            case KitApp.ASYNC_MDC -> {
                AsyncContext async = req.startAsync();
                async.start(() -> {
                    text(async.getResponse(), KitApp.mdcReport());
                    async.complete();
                });
            }
            case "/kit/items/*" -> text(res, "item " + param);
            case KitApp.ECHO -> {
                if (!"POST".equals(req.getMethod())) {
                    res.sendError(405);
                    return;
                }
                String type = req.getContentType();
                if (type != null) {
                    res.setContentType(type);
                }
                byte[] body = req.getInputStream().readAllBytes();
                res.getOutputStream().write(body);
            }
            case KitApp.JSON -> text(res, KitApp.json(req.getContentType(), req.getInputStream().readAllBytes()));
            case KitApp.FORM -> text(res, "name=" + req.getParameter("name"));
            case KitApp.BIG -> {
                long n = Long.parseLong(req.getParameter("bytes"));
                res.setContentType("text/plain");
                OutputStream out = res.getOutputStream();
                byte[] chunk = new byte[65536];
                for (long written = 0; written < n; ) {
                    int len = (int) Math.min(chunk.length, n - written);
                    for (int i = 0; i < len; i++) {
                        chunk[i] = KitApp.bigByte(written + i);
                    }
                    out.write(chunk, 0, len);
                    written += len;
                }
            }
            case KitApp.BARE_401 -> {
                res.setHeader("WWW-Authenticate", KitApp.CHALLENGE);
                res.setStatus(401);
            }
            case KitApp.STALE -> {
                String body = KitApp.stale();
                res.setContentType("application/json");
                res.getWriter().write(body);
            }
            case KitApp.SHED -> text(res, KitApp.shed());
            case KitApp.SECRET_JSON -> {
                res.setContentType("application/json");
                res.getWriter().write(KitApp.SECRET_JSON_BODY);
            }
            case "/servlet/*" -> servletRoute(req, res, param);
            default -> res.sendError(404);
        }
    }

    /**
     * The kit's asynchronous failure, the container's way: the application's own executor does the
     * work, keeps the throwable and dispatches; the ASYNC dispatch rethrows it, where the filter sees
     * it like any synchronous throw.
     */
    private static void asyncFailThroughDispatch(HttpServletRequest req, String type) {
        if (req.getDispatcherType() == DispatcherType.ASYNC) {
            Object failure = req.getAttribute(FAILURE);
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            throw new IllegalStateException("no failure to rethrow");
        }
        AsyncContext async = req.startAsync();
        EXECUTOR.execute(() -> {
            try {
                throw KitApp.failure(type);
            } catch (RuntimeException failure) {
                req.setAttribute(FAILURE, failure);
                async.dispatch();
            }
        });
    }

    private static void servletRoute(HttpServletRequest req, HttpServletResponse res, String route) throws IOException {
        String[] parts = route.split("/", 2);
        String name = parts[0];
        String arg = parts.length > 1 ? parts[1] : "";
        if (!arg.isEmpty()) {
            req.setAttribute(RouteResolver.ROUTE_ATTRIBUTE, "/servlet/" + name + "/{arg}");
        }
        switch (name) {
            case "send-error-401" -> {
                res.setHeader("WWW-Authenticate", KitApp.CHALLENGE);
                res.sendError(401, "no session for user 7 " + KitApp.SECRET);
                res.getWriter().write("written after sendError"); // dropped, as after any sendError
            }
            case "start-fail" -> {
                AsyncContext async = req.startAsync();
                async.start(() -> {
                    throw KitApp.failure(arg);
                });
            }
            case "executor-fail" -> {
                AsyncContext async = req.startAsync();
                Faultline.propagating(EXECUTOR).execute(() -> {
                    try {
                        throw KitApp.failure(arg);
                    } catch (RuntimeException failure) {
                        FaultlineFilter.fail(async, failure);
                    }
                });
            }
            case "executor-mdc" -> {
                AsyncContext async = req.startAsync();
                Runnable task = () -> {
                    text(async.getResponse(), KitApp.mdcReport());
                    async.complete();
                };
                EXECUTOR.execute(FaultlineFilter.requestContext(req).map(r -> r.wrap(task)).orElse(task));
            }
            case "dispatch-ok" -> {
                if (req.getDispatcherType() == DispatcherType.ASYNC) {
                    text(res, "dispatched " + KitApp.mdcReport());
                    return;
                }
                AsyncContext async = req.startAsync();
                EXECUTOR.execute(async::dispatch);
            }
            case "timeout" -> {
                AsyncContext async = req.startAsync();
                async.setTimeout(200);
            }
            case "timeout-handled" -> {
                AsyncContext async = req.startAsync();
                async.setTimeout(200);
                async.addListener(new AsyncListener() {
                    @Override
                    public void onTimeout(AsyncEvent event) throws IOException {
                        HttpServletResponse r = (HttpServletResponse) event.getAsyncContext().getResponse();
                        r.setStatus(503);
                        r.setContentType("text/plain");
                        r.getWriter().write("busy, says the application");
                        event.getAsyncContext().complete();
                    }

                    @Override
                    public void onComplete(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            }
            case "async-send-error" -> {
                AsyncContext async = req.startAsync();
                async.start(() -> {
                    try {
                        ((HttpServletResponse) async.getResponse()).sendError(404);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    async.complete();
                });
            }
            case "async-app-wrapper" -> {
                HttpServletResponseWrapper mine = new HttpServletResponseWrapper(res);
                AsyncContext async = req.startAsync(req, mine);
                async.start(() -> {
                    text(async.getResponse(), "through the application's wrapper");
                    async.complete();
                });
            }
            case "async-original" -> {
                ServletRequest original = req;
                while (original instanceof ServletRequestWrapper w) {
                    original = w.getRequest();
                }
                AsyncContext async = original.startAsync();
                async.start(() -> {
                    text(async.getResponse(), "written past the filter");
                    async.complete();
                });
            }
            case "writer-fail" -> {
                res.setContentType("text/plain");
                res.getWriter().write("partial body that must not reach the client");
                throw KitApp.failure("conflict");
            }
            case "headers-fail" -> {
                res.addCookie(new Cookie("kit", "kept"));
                res.setHeader("Access-Control-Allow-Origin", "https://kit.example");
                res.setHeader("ETag", "\"v1\"");
                res.setHeader("Content-Disposition", "attachment; filename=x.csv");
                res.setContentType("text/csv");
                throw KitApp.failure("not-found");
            }
            case "utf8" -> {
                res.setContentType("text/plain; charset=UTF-8");
                PrintWriter w = res.getWriter();
                w.print("h\u00e9llo ");
                w.print('\uD83D'); // a surrogate pair split across two writes
                w.print('\uDE00');
                w.println(" \u20ac");
            }
            case "reader-echo" -> {
                res.setContentType("text/plain; charset=UTF-8");
                StringBuilder b = new StringBuilder();
                char[] buf = new char[1024];
                for (int n; (n = req.getReader().read(buf)) > 0; ) {
                    b.append(buf, 0, n);
                }
                res.getWriter().write(b.toString());
            }
            case "form" -> text(res, "name=" + req.getParameter("name") + ";q=" + req.getParameter("q"));
            case "resolver-boom" -> text(res, "still served");
            case "upload" -> {
                try {
                    text(res, "parts=" + req.getParts().size());
                } catch (jakarta.servlet.ServletException e) {
                    throw new IOException(e);
                }
            }
            case "app-reset" -> {
                res.setContentType("text/plain");
                res.setHeader("X-Discarded", "yes");
                res.getWriter().write("first, thrown away");
                res.reset();
                res.setContentType("text/plain");
                res.getWriter().write("second");
            }
            default -> res.sendError(404);
        }
    }

    static void text(ServletResponse res, String body) {
        res.setContentType("text/plain; charset=UTF-8");
        try {
            res.getWriter().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default servlet ({@code /}): everything no other mapping matched. */
    static final class NotFound extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.sendError(404);
        }
    }

    /** An error page that Faultline answers in place of. */
    static final class ErrorPage extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/html");
            res.getWriter().write("<html>the container's error page</html>");
        }
    }
}
