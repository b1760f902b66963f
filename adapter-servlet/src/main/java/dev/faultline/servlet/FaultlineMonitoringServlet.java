package dev.faultline.servlet;

import dev.faultline.Faultline;
import dev.faultline.http.Exchange;
import dev.faultline.http.HttpReply;
import dev.faultline.monitoring.MonitoringEndpoints;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The monitoring endpoints ({@code /metrics/errors}, {@code /metrics/trends?hours=N},
 * {@code /metrics/insights}, {@code /metrics/alerts?hours=N}, {@code /metrics/performance},
 * {@code /health}, {@code /health/live}, {@code /health/ready}) as a servlet, for applications that
 * want them somewhere else than where {@link FaultlineFilter} serves them by default. The same core
 * handler answers, with the same access rules (token, access predicate).
 *
 * <p>The endpoint is the path below the servlet's mapping: mapped to {@code /ops/*}, it answers
 * {@code /ops/metrics/errors} and {@code /ops/health/live}. Mapped exactly ({@code /health}) or as
 * the default servlet, the servlet path is the endpoint.
 * <pre>{@code
 * FaultlineMonitoringServlet.create(faultline).register(servletContext, "/ops/*");
 * }</pre>
 *
 * <p>Behind a {@link FaultlineFilter}, the request's exchange answers (one exchange, one request id).
 * Note that the core exempts from rate limits, and leaves out of the performance figures, only the
 * paths it {@linkplain dev.faultline.monitoring.MonitoringConfig#owns owns} (its base plus the endpoints):
 * to keep probes exempt under another prefix, set {@code monitoring(m -> m.base("/ops"))} and let the
 * filter serve them. Without a filter in front, the servlet opens and closes an exchange of its own.
 *
 * <p>Thread-safe.
 */
@SuppressWarnings("try") // try (Exchange.Scope ignored = x.bind()): the scope is held for its effect
public final class FaultlineMonitoringServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private transient volatile @Nullable Faultline faultline;

    /**
     * For {@code web.xml}: takes the {@link Faultline} from the servlet context attribute
     * {@value FaultlineFilter#FAULTLINE_ATTRIBUTE} in {@link #init(ServletConfig)}. In code, prefer
     * {@link #create(Faultline)}.
     */
    public FaultlineMonitoringServlet() {
        this.faultline = null;
    }

    private FaultlineMonitoringServlet(Faultline faultline) {
        this.faultline = Objects.requireNonNull(faultline, "faultline");
    }

    /**
     * The monitoring servlet of {@code faultline}.
     *
     * @param faultline the pipeline whose monitoring endpoints to serve
     * @return the servlet
     */
    public static FaultlineMonitoringServlet create(Faultline faultline) {
        return new FaultlineMonitoringServlet(faultline);
    }

    /**
     * Registers this servlet with {@code context} under the name {@code faultline-monitoring},
     * mapped to {@code urlPatterns} (such as {@code /ops/*}). Call it while the context initialises.
     *
     * @param context the servlet context being initialised
     * @param urlPatterns where to map the servlet
     * @return the registration
     * @throws IllegalArgumentException if no pattern is given
     * @throws IllegalStateException if a servlet of that name is registered already, or the context has started
     */
    public ServletRegistration.Dynamic register(ServletContext context, String... urlPatterns) {
        Objects.requireNonNull(context, "context");
        if (urlPatterns.length == 0) {
            throw new IllegalArgumentException("urlPatterns: give at least one, such as /ops/*");
        }
        ServletRegistration.Dynamic registration = context.addServlet("faultline-monitoring", this);
        if (registration == null) {
            throw new IllegalStateException("a servlet named 'faultline-monitoring' is already registered");
        }
        registration.setAsyncSupported(true);
        registration.addMapping(urlPatterns);
        return registration;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        if (faultline == null) {
            Object f = config.getServletContext().getAttribute(FaultlineFilter.FAULTLINE_ATTRIBUTE);
            if (!(f instanceof Faultline given)) {
                throw new ServletException("FaultlineMonitoringServlet '" + config.getServletName() + "' has no Faultline: "
                        + "build it with FaultlineMonitoringServlet.create(faultline), or set the servlet context attribute '"
                        + FaultlineFilter.FAULTLINE_ATTRIBUTE + "' to a Faultline before it starts");
            }
            faultline = given;
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Faultline f = faultline;
        if (f == null) {
            throw new ServletException("FaultlineMonitoringServlet was not initialised and has no Faultline");
        }
        MonitoringEndpoints monitoring = f.monitoring();
        String endpoint = monitoring.config().base() + belowMapping(request);
        RequestState state = RequestState.of(request);
        if (state != null) {
            try (Exchange.Scope ignored = state.exchange().bind()) {
                state.response().reply(monitoring.handle(state.exchange(), state.view().withPath(endpoint)), false);
            }
            return;
        }
        ServletRequestView view = new ServletRequestView(request, null, false);
        Exchange x = f.open(view);
        response.setHeader(f.requestIdHeader(), x.requestId());
        long bytes = -1;
        try (Exchange.Scope ignored = x.bind()) {
            HttpReply reply = x.rejection().map(r -> (HttpReply) r).orElseGet(() -> monitoring.handle(x, view.withPath(endpoint)));
            if (!response.isCommitted()) {
                Replies.write(response, reply);
                bytes = reply.body().length;
            }
        } finally {
            x.close(new ServletResponseView(response, bytes));
        }
    }

    /** The path below the servlet's mapping: the path info of a {@code /prefix/*} mapping, else the servlet path. */
    static String belowMapping(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        String info = request.getPathInfo();
        if (mapping != null && mapping.getMappingMatch() == MappingMatch.PATH) {
            return info == null ? "" : info;
        }
        String servletPath = request.getServletPath();
        return (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
    }
}
