package dev.faultline.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.Faultline;
import dev.faultline.servlet.FaultlineFilter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The auto-configuration's beans, switches and start-up validation, without a server. */
class FaultlineAutoConfigurationTest {

    /** Spring Security's DelegatingFilterProxyRegistrationBean default (SecurityProperties.DEFAULT_FILTER_ORDER). */
    private static final int SECURITY_FILTER_ORDER = -100;

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FaultlineAutoConfiguration.class));

    @Test
    void theFilterRunsAfterCharacterEncodingAndBeforeSecurity() {
        runner.run(context -> {
            FilterRegistrationBean<?> registration = context.getBean(FaultlineAutoConfiguration.FILTER_REGISTRATION,
                    FilterRegistrationBean.class);
            assertThat(registration.getFilter()).isInstanceOf(FaultlineFilter.class);
            // OrderedCharacterEncodingFilter is HIGHEST_PRECEDENCE: no tie any more
            assertThat(registration.getOrder()).isGreaterThan(Ordered.HIGHEST_PRECEDENCE)
                    .isLessThan(SECURITY_FILTER_ORDER);
            assertThat(registration.isAsyncSupported()).isTrue();
            assertThat(registration.getUrlPatterns()).containsExactly("/*");
            assertThat(context.getBean(FaultlineExceptionResolver.class).mode()).isEqualTo(FaultlineProperties.Mode.RENDER);
        });
    }

    @Test
    void propertiesReachFaultline() {
        runner.withPropertyValues("faultline.environment=development", "faultline.request-id-header=X-Trace",
                "faultline.filter-order=5", "faultline.mvc.mode=observe", "faultline.recovery.enabled=true",
                "faultline.recovery.stale-if-error=/videos/**").run(context -> {
                    Faultline faultline = context.getBean(Faultline.class);
                    assertThat(faultline.recovery().enabled()).isTrue(); // development's preset is off
                    assertThat(faultline.environment()).isEqualTo(dev.faultline.Environment.DEVELOPMENT);
                    assertThat(faultline.requestIdHeader()).isEqualTo("X-Trace");
                    assertThat(context.getBean(FaultlineAutoConfiguration.FILTER_REGISTRATION,
                            FilterRegistrationBean.class).getOrder()).isEqualTo(5);
                    assertThat(context.getBean(FaultlineExceptionResolver.class).mode())
                            .isEqualTo(FaultlineProperties.Mode.OBSERVE);
                });
    }

    @Test
    void anAdviceOfTheApplicationsMakesTheModeObserve() {
        runner.withUserConfiguration(OwnAdvice.class).run(context -> assertThat(
                context.getBean(FaultlineExceptionResolver.class).mode()).isEqualTo(FaultlineProperties.Mode.OBSERVE));
    }

    @Test
    void anExplicitModeWinsOverTheAdvice() {
        runner.withUserConfiguration(OwnAdvice.class).withPropertyValues("faultline.mvc.mode=render").run(context ->
                assertThat(context.getBean(FaultlineExceptionResolver.class).mode())
                        .isEqualTo(FaultlineProperties.Mode.RENDER));
    }

    @Test
    void theApplicationsOwnFaultlineWins() {
        runner.withUserConfiguration(OwnFaultline.class).run(context -> {
            assertThat(context).hasSingleBean(Faultline.class);
            assertThat(context.getBean(Faultline.class)).isSameAs(context.getBean(OwnFaultline.class).mine);
        });
    }

    @Test
    void tomcatsOwnRefusalsGoToFaultlinesValveUnlessSwitchedOff() {
        // the valve's answers over HTTP: SpringBootHostileTest
        runner.run(context -> assertThat(context).hasBean("faultlineTomcatCustomizer").hasBean("faultlineAsyncSupport"));
        runner.withPropertyValues("faultline.tomcat.error-report-valve=false").run(context ->
                assertThat(context).doesNotHaveBean("faultlineTomcatCustomizer").hasBean("faultlineAsyncSupport"));
    }

    @Test
    void offWhenDisabled() {
        runner.withPropertyValues("faultline.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(Faultline.class);
            assertThat(context).doesNotHaveBean(FaultlineExceptionResolver.class);
        });
    }

    @Test
    void aBadRateFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("faultline.security.max-requests-per-minute=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .contains("Property faultline.security.max-requests-per-minute with value '0' is invalid: must be at least 1");
        });
    }

    @Test
    void aShortTokenFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("faultline.monitoring.token=short").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("faultline.monitoring.token")
                    .contains("at least 16").doesNotContain("short");
        });
    }

    @Test
    void aBadBasePathFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("faultline.monitoring.base-path=ops/").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("faultline.monitoring.base-path");
        });
    }

    /**
     * Every other setting with a bad value: start-up fails, and the message names the property, whether
     * Faultline's check refused it or Boot's binding could not convert it; a webhook's value (its path is
     * its secret) is never repeated.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}={1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "faultline.request-id-header|' '",
        "faultline.logging.max-body-bytes|-1",
        "faultline.alerting.slack-webhook|ftp://hooks.example/T000/SECRET-PATH",
        "faultline.alerting.webhook|hooks.example/SECRET-PATH",
        "faultline.environment|staging",
        "faultline.mvc.mode|sometimes",
        "faultline.filter-order|first",
        "faultline.security.max-requests-per-minute|many",
        "faultline.recovery.stale-if-error|videos/**"})
    void aBadValueFailsStartUpNamingTheProperty(String property, String value) {
        runner.withPropertyValues(property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains(property).doesNotContain("SECRET-PATH");
        });
    }

    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append('\n');
        }
        return b.toString();
    }

    @org.springframework.web.bind.annotation.RestControllerAdvice
    static class OwnAdvice {
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFaultline {

        final Faultline mine = Faultline.builder().settings(name -> null).build();

        @Bean
        Faultline myFaultline() {
            return mine;
        }
    }
}
