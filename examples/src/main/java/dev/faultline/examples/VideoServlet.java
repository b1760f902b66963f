package dev.faultline.examples;

import dev.faultline.servlet.FaultlineFilter;
import dev.faultline.servlet.RouteResolver;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The video API as one servlet mapped at {@code /} behind {@link FaultlineFilter} (the {@code --server
 * jetty} of {@link Main}): it matches the routes of {@link VideoApi}, names the route template to
 * Faultline (request attribute {@value RouteResolver#ROUTE_ATTRIBUTE}) and calls {@link VideoService}.
 * Throws are left to the filter, which writes the problem responses; unknown paths and methods are
 * bare 404 and 405 statuses that it turns into problems.
 */
final class VideoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient VideoService service;

    VideoServlet(VideoService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() != null ? req.getPathInfo() : "");
        String method = req.getMethod();
        Call call = new Call(req, res);
        VideoService.Reply reply;
        try {
            reply = switch (path) {
                case "/" -> route(req, "/", method, res, "GET") ? service.index() : null;
                case "/login" -> route(req, path, method, res, "POST") ? service.login(call) : null;
                case "/videos" -> switch (method) {
                    case "GET" -> route(req, path) ? service.list(call) : null;
                    case "POST" -> route(req, path) ? service.create(call) : null;
                    default -> notAllowed(res, "GET, POST");
                };
                case "/slow" -> route(req, path, method, res, "GET") ? service.slow(call) : null;
                case "/admin/database" -> switch (method) {
                    case "GET" -> route(req, path) ? service.databaseState() : null;
                    case "POST" -> route(req, path) ? service.setDatabaseState(call) : null;
                    default -> notAllowed(res, "GET, POST");
                };
                default -> {
                    String id = videoId(path);
                    if (id == null) {
                        res.setStatus(404);
                        yield null;
                    }
                    req.setAttribute(RouteResolver.ROUTE_ATTRIBUTE, "/videos/{id}");
                    yield switch (method) {
                        case "GET" -> service.get(call, id);
                        case "DELETE" -> service.delete(call, id);
                        default -> notAllowed(res, "GET, DELETE");
                    };
                }
            };
        } catch (Exception e) {
            throw VideoServlet.<RuntimeException>sneaky(e); // as thrown: the filter classifies it
        }
        if (reply != null) {
            write(res, reply);
        }
    }

    private static boolean route(HttpServletRequest req, String template) {
        req.setAttribute(RouteResolver.ROUTE_ATTRIBUTE, template);
        return true;
    }

    private static boolean route(HttpServletRequest req, String template, String method, HttpServletResponse res,
            String allowed) {
        route(req, template);
        if (!allowed.equals(method)) {
            notAllowed(res, allowed);
            return false;
        }
        return true;
    }

    private static VideoService.@Nullable Reply notAllowed(HttpServletResponse res, String allow) {
        res.setHeader("Allow", allow);
        res.setStatus(405);
        return null;
    }

    /** The {@code id} of {@code /videos/{id}}, or {@code null}. */
    static @Nullable String videoId(String path) {
        String prefix = "/videos/";
        if (!path.startsWith(prefix) || path.length() == prefix.length()) {
            return null;
        }
        String id = path.substring(prefix.length());
        return id.indexOf('/') >= 0 ? null : id;
    }

    private static void write(HttpServletResponse res, VideoService.Reply reply) throws IOException {
        res.setStatus(reply.status());
        reply.headers().forEach(res::setHeader);
        if (reply.body() != null) {
            byte[] bytes = Json.bytes(reply.body());
            res.setContentType("application/json");
            res.setContentLength(bytes.length);
            res.getOutputStream().write(bytes);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** A servlet request as the service sees it. */
    private static final class Call implements VideoService.Call {
        private final HttpServletRequest req;
        private final HttpServletResponse res;

        Call(HttpServletRequest req, HttpServletResponse res) {
            this.req = req;
            this.res = res;
        }

        @Override
        public List<String> headers(String name) {
            return Collections.list(req.getHeaders(name));
        }

        @Override
        public @Nullable String query(String name) {
            Map<String, String[]> params = req.getParameterMap(); // a GET's query; no form body is read here
            String[] values = params.get(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        @Override
        public byte[] body() throws IOException {
            return VideoService.readBody(req.getInputStream(), req.getContentLengthLong(), this);
        }

        @Override
        public void responseHeader(String name, String value) {
            res.setHeader(name, value);
        }

        @Override
        public void actsFor(String user) {
            FaultlineFilter.requestContext(req).ifPresent(r -> r.userId(user));
        }
    }
}
