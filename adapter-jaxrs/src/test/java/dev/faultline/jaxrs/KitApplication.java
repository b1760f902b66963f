package dev.faultline.jaxrs;

import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Feature;
import java.util.Map;
import java.util.Set;

/**
 * The kit's application: its resources, two filters of its own and Faultline, as any Jakarta REST runtime
 * takes them.
 */
final class KitApplication extends Application {

    private final Feature faultline;
    private final Map<String, Object> properties;

    KitApplication(Feature faultline, Map<String, Object> properties) {
        this.faultline = faultline;
        this.properties = properties;
    }

    @Override
    public Map<String, Object> getProperties() {
        return properties;
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(KitResource.class, JaxrsRoutes.class, KitFilters.User.class, KitFilters.Gate.class);
    }

    /**
     * Deprecated in Jakarta REST 4.0 in favour of CDI, yet the one portable way to hand a runtime
     * started with {@code SeBootstrap} a provider instance built with arguments.
     */
    @Override
    @SuppressWarnings("deprecation")
    public Set<Object> getSingletons() {
        return Set.of(faultline);
    }
}
