package dev.faultline.error;

/**
 * Not shipped (architecture's tests only): a "core" class that imports a server API and, with
 * {@link dev.faultline.http.CycleFixture}, closes a package cycle, for {@code RulesCatchViolationsTest}.
 */
public final class CoreViolations {

    private CoreViolations() {
    }

    static Class<?> serverApi() {
        return org.springframework.core.Ordered.class;
    }

    static Class<?> cycle() {
        return dev.faultline.http.CycleFixture.class;
    }
}
