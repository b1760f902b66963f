package dev.faultline.spring.boot;

import dev.faultline.Faultline;
import dev.faultline.micrometer.FaultlineMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Faultline under Actuator: its health checks as the {@code faultline} health indicator (with
 * {@code spring-boot-health} on the class path), and its meters in the application's
 * {@link MeterRegistry} (with {@code faultline-micrometer} on the class path and a registry bean).
 * {@code faultline.actuator.health.enabled} and {@code faultline.actuator.metrics.enabled} turn them off.
 */
@AutoConfiguration(after = FaultlineAutoConfiguration.class,
        afterName = {"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration"})
@ConditionalOnBean(Faultline.class)
public class FaultlineActuatorAutoConfiguration {

    /** The auto-configuration. */
    public FaultlineActuatorAutoConfiguration() {
    }

    /** The health indicator, when Boot's health support is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnProperty(prefix = "faultline.actuator.health", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "faultlineHealthIndicator")
        FaultlineHealthIndicator faultlineHealthIndicator(Faultline faultline) {
            return new FaultlineHealthIndicator(faultline);
        }
    }

    /**
     * Faultline's meters, bound to the application's registry: Boot binds every {@code MeterBinder}
     * bean to it.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({FaultlineMetrics.class, MeterRegistry.class})
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnProperty(prefix = "faultline.actuator.metrics", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    static class Metrics {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        FaultlineMetrics faultlineMetrics(Faultline faultline) {
            return FaultlineMetrics.create(faultline);
        }
    }
}
