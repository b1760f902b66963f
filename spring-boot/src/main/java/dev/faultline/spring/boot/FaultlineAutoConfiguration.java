package dev.faultline.spring.boot;

import dev.faultline.Faultline;
import dev.faultline.alert.SlackChannel;
import dev.faultline.alert.WebhookChannel;
import dev.faultline.dashboard.Dashboard;
import dev.faultline.servlet.FaultlineFilter;
import dev.faultline.servlet.RouteResolver;
import java.util.EnumSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Faultline for a Spring Boot application on the servlet stack: a {@link Faultline} built from
 * {@link FaultlineProperties}, its {@link FaultlineFilter} registered at
 * {@link FaultlineProperties#getFilterOrder()} with Spring MVC's route templates, the
 * {@link FaultlineExceptionResolver} and the {@link FaultlineProblemDetailAdvice}. Every bean steps
 * aside for one of the application's own; {@code faultline.enabled=false} turns it all off.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({FaultlineFilter.class, DispatcherServlet.class})
@ConditionalOnProperty(prefix = "faultline", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(FaultlineProperties.class)
public class FaultlineAutoConfiguration {

    private static final boolean DASHBOARD = ClassUtils.isPresent("dev.faultline.dashboard.Dashboard",
            FaultlineAutoConfiguration.class.getClassLoader());

    /** The bean name of the filter's registration. */
    public static final String FILTER_REGISTRATION = "faultlineFilterRegistration";

    /** The auto-configuration. */
    public FaultlineAutoConfiguration() {
    }

    /**
     * The Faultline, from the properties, then the application's customizers.
     *
     * @param properties {@code faultline.*}
     * @param customizers the application's changes to the builder, in order
     * @param environment the environment ({@code faultline.dashboard.enabled})
     * @return the Faultline
     */
    @Bean
    @ConditionalOnMissingBean
    public Faultline faultline(FaultlineProperties properties, ObjectProvider<FaultlineCustomizer> customizers,
            Environment environment) {
        Faultline.Builder b = Faultline.builder().environment(properties.getEnvironment())
                .requestIdHeader(properties.getRequestIdHeader());
        if (properties.getExposeExceptionDetails() != null) {
            b.exposeExceptionDetails(properties.getExposeExceptionDetails());
        }
        FaultlineProperties.Logging logging = properties.getLogging();
        b.logging(l -> {
            if (logging.getRequestBody() != null) {
                l.logRequestBody(logging.getRequestBody());
            }
            if (logging.getResponseBody() != null) {
                l.logResponseBody(logging.getResponseBody());
            }
            if (logging.getHeaders() != null) {
                l.logHeaders(logging.getHeaders());
            }
            if (logging.getMaxBodyBytes() != null) {
                l.maxBodyBytes(logging.getMaxBodyBytes());
            }
        });
        FaultlineProperties.Security security = properties.getSecurity();
        b.security(s -> {
            if (security.getRateLimit() != null) {
                s.rateLimit(security.getRateLimit());
            }
            if (security.getMaxRequestsPerMinute() != null) {
                s.maxRequestsPerMinute(security.getMaxRequestsPerMinute());
            }
            if (security.getSignatures() != null) {
                s.signatures(security.getSignatures());
            }
        });
        FaultlineProperties.Monitoring monitoring = properties.getMonitoring();
        b.monitoring(m -> {
            m.enabled(monitoring.isEnabled());
            if (monitoring.getBasePath() != null) {
                m.base(monitoring.getBasePath());
            }
            if (monitoring.getToken() != null) {
                m.token(monitoring.getToken());
            }
        });
        if (DASHBOARD && environment.getProperty("faultline.dashboard.enabled", Boolean.class, true)) {
            // under the monitoring base path, behind the same guard as the other endpoints
            b.monitoring(m -> m.resource(Dashboard.create()));
        }
        FaultlineProperties.Recovery recovery = properties.getRecovery();
        b.recovery(r -> {
            if (recovery.getEnabled() != null) {
                r.enabled(recovery.getEnabled());
            }
            for (String pattern : recovery.getStaleIfError()) {
                try {
                    r.staleIfError(pattern);
                } catch (IllegalArgumentException e) { // core names its own setting: name the property
                    throw new InvalidConfigurationPropertyValueException("faultline.recovery.stale-if-error", pattern,
                            e.getMessage());
                }
            }
        });
        FaultlineProperties.Alerting alerting = properties.getAlerting();
        if (alerting.getEnabled() != null) {
            b.alertingEnabled(alerting.getEnabled());
        }
        if (alerting.getSlackWebhook() != null || alerting.getWebhook() != null) {
            b.alerting(a -> {
                if (alerting.getSlackWebhook() != null) {
                    a.channel(SlackChannel.create(alerting.getSlackWebhook()));
                }
                if (alerting.getWebhook() != null) {
                    a.channel(WebhookChannel.builder(alerting.getWebhook()).build());
                }
            });
        }
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }

    /**
     * The route templates: Spring MVC's matched pattern, else the standard resolver.
     *
     * @return the resolver
     */
    @Bean
    @ConditionalOnMissingBean
    public RouteResolver faultlineRouteResolver() {
        return new SpringRoutes().orElse(RouteResolver.standard());
    }

    /**
     * The filter, on {@code /*}, async-supported, for REQUEST, ASYNC and ERROR dispatches, at
     * {@code faultline.filter-order} (by default just after Boot's character-encoding filter, so that
     * the request's charset is set before Faultline reads parameters, and before Spring Security's
     * chain, so that rate limiting and attack detection run first and Security's own rejections get
     * a request id).
     *
     * @param faultline the Faultline
     * @param routes the route resolver
     * @param properties {@code faultline.*}
     * @return the registration
     */
    @Bean(name = FILTER_REGISTRATION)
    @ConditionalOnMissingBean(name = FILTER_REGISTRATION)
    public FilterRegistrationBean<FaultlineFilter> faultlineFilterRegistration(Faultline faultline, RouteResolver routes,
            FaultlineProperties properties) {
        FaultlineFilter filter = FaultlineFilter.builder(faultline).routeResolver(routes)
                .monitoringEndpoints(properties.getMonitoring().isEnabled()).build();
        FilterRegistrationBean<FaultlineFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName(FaultlineFilter.NAME);
        registration.setAsyncSupported(true);
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(EnumSet.copyOf(FaultlineFilter.DISPATCHER_TYPES));
        registration.setOrder(properties.getFilterOrder());
        return registration;
    }

    /**
     * The resolver that tells Faultline about the failures Spring MVC handles.
     *
     * @param faultline the Faultline
     * @param properties {@code faultline.*}
     * @param context the application context (for its own {@code @ControllerAdvice}s)
     * @param environment the environment ({@code spring.mvc.problemdetails.enabled})
     * @return the resolver
     */
    @Bean
    @ConditionalOnMissingBean
    public FaultlineExceptionResolver faultlineExceptionResolver(Faultline faultline, FaultlineProperties properties,
            ApplicationContext context, Environment environment) {
        FaultlineProperties.Mode mode = properties.getMvc().getMode();
        if (mode == null) {
            mode = hasOwnAdvice(context, environment) ? FaultlineProperties.Mode.OBSERVE : FaultlineProperties.Mode.RENDER;
        }
        return new FaultlineExceptionResolver(faultline, mode);
    }

    private static boolean hasOwnAdvice(ApplicationContext context, Environment environment) {
        if (environment.getProperty("spring.mvc.problemdetails.enabled", Boolean.class, false)) {
            return true;
        }
        for (String name : context.getBeanNamesForAnnotation(ControllerAdvice.class)) {
            Class<?> type = context.getType(name, false);
            if (type != null && !FaultlineProblemDetailAdvice.class.isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The advice that adds {@code request_id} and {@code error_type} to Spring's problem details.
     *
     * @return the advice
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "faultline.mvc", name = "problem-detail-properties", havingValue = "true",
            matchIfMissing = true)
    public FaultlineProblemDetailAdvice faultlineProblemDetailAdvice() {
        return new FaultlineProblemDetailAdvice();
    }

    /**
     * Spring MVC's asynchronous handlers ({@code Callable}, {@code WebAsyncTask}) run bound to the
     * request's exchange: the MDC's {@code request_id} and {@code Faultline.current()} are there
     * on the MVC task executor's thread too ({@link FaultlineCallableInterceptor}).
     *
     * @return the configurer that registers the interceptor
     */
    @Bean
    @ConditionalOnMissingBean(name = "faultlineAsyncSupport")
    public WebMvcConfigurer faultlineAsyncSupport() {
        return new WebMvcConfigurer() {
            @Override
            public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
                configurer.registerCallableInterceptors(new FaultlineCallableInterceptor());
            }
        };
    }

    /**
     * On Boot's embedded Tomcat, the requests Tomcat refuses before any filter runs are answered with
     * Faultline's problem, with a request id, and counted ({@link FaultlineTomcatCustomizer});
     * {@code faultline.tomcat.error-report-valve=false} leaves Boot's error report valve in place.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.apache.catalina.startup.Tomcat",
        "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory"})
    @ConditionalOnProperty(prefix = "faultline.tomcat", name = "error-report-valve", havingValue = "true",
            matchIfMissing = true)
    static class TomcatRefusals {

        @Bean
        @ConditionalOnMissingBean(name = "faultlineTomcatCustomizer")
        FaultlineTomcatCustomizer faultlineTomcatCustomizer(ObjectProvider<Faultline> faultline) {
            return new FaultlineTomcatCustomizer(faultline);
        }
    }

    /** Boot's error path answered by Faultline, unless the application has its own error controller. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ErrorController.class)
    @ConditionalOnProperty(prefix = "faultline.mvc", name = "error-controller", havingValue = "true",
            matchIfMissing = true)
    static class ErrorPath {

        @Bean
        @ConditionalOnMissingBean(ErrorController.class)
        FaultlineErrorController faultlineErrorController() {
            return new FaultlineErrorController();
        }
    }
}
