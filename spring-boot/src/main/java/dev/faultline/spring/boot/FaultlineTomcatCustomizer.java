package dev.faultline.spring.boot;

import dev.faultline.Faultline;
import dev.faultline.servlet.FaultlineErrorReportValve;
import org.apache.catalina.Container;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Boot's embedded Tomcat answers the requests it refuses itself (a malformed request line or header,
 * an invalid character in the target, a bad chunk) with Faultline's problem instead of Tomcat's HTML
 * page: {@link FaultlineErrorReportValve} takes the place of the plain {@link ErrorReportValve} Boot
 * puts on the host ({@code server.error.include-stacktrace=never}). Such requests never reach a filter,
 * so without it they would get HTML, no request id, and would not be counted.
 *
 * <p>Runs after Boot's own Tomcat customizer, so that Boot's valve is there to be replaced.
 */
final class FaultlineTomcatCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final ObjectProvider<Faultline> faultline;

    FaultlineTomcatCustomizer(ObjectProvider<Faultline> faultline) {
        this.faultline = faultline;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            if (parent instanceof Host host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof FaultlineErrorReportValve)) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                FaultlineErrorReportValve.install(host, faultline.getObject());
            }
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
