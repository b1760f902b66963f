package dev.faultline.undertow;

import dev.faultline.internal.Json;
import dev.faultline.servlet.FaultlineFilter;

/**
 * Not shipped (architecture's tests only): an "adapter" class that breaks two boundaries, so that
 * {@code RulesCatchViolationsTest} can show the rules fail on them.
 */
public final class ArchitectureViolations {

    private ArchitectureViolations() {
    }

    /** Uses core's internal package. */
    static String internal(String s) {
        return Json.safe(s);
    }

    /** Uses another adapter. */
    static Class<?> otherAdapter() {
        return FaultlineFilter.class;
    }
}
