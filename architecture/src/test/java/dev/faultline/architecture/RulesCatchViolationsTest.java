package dev.faultline.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.faultline.error.CoreViolations;
import dev.faultline.http.CycleFixture;
import dev.faultline.undertow.ArchitectureViolations;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ModuleBoundariesTest} fail on classes that break them (test fixtures in the
 * packages of an adapter and of core), so a green run means the boundaries hold, not that a rule
 * matched nothing.
 */
@DisplayName("The boundary rules catch a violation")
class RulesCatchViolationsTest {

    private static final JavaClasses ADAPTER = new ClassFileImporter().importClasses(ArchitectureViolations.class);
    private static final JavaClasses CORE = new ClassFileImporter().importClasses(CoreViolations.class,
            CycleFixture.class);

    @Test
    @DisplayName("an adapter using dev.faultline.internal")
    void internalImport() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ModuleBoundariesTest.ONLY_CORE_USES_INTERNAL.check(ADAPTER));
        assertTrue(e.getMessage().contains("dev.faultline.internal.Json"), e.getMessage());
    }

    @Test
    @DisplayName("an adapter using another adapter")
    void crossAdapterImport() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ModuleBoundariesTest.usesNoOtherIntegration(Modules.UNDERTOW).check(ADAPTER));
        assertTrue(e.getMessage().contains("dev.faultline.servlet.FaultlineFilter"), e.getMessage());
    }

    @Test
    @DisplayName("core importing a server API")
    void serverApiInCore() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ModuleBoundariesTest.CORE_IMPORTS_NO_SERVER_API.check(CORE));
        assertTrue(e.getMessage().contains("org.springframework.core.Ordered"), e.getMessage());
    }

    @Test
    @DisplayName("two packages depending on each other")
    void packageCycle() {
        AssertionError e = assertThrows(AssertionError.class, () -> ModuleBoundariesTest.NO_PACKAGE_CYCLES.check(CORE));
        assertTrue(e.getMessage().contains("Slice dev.faultline.error") && e.getMessage().contains("Slice dev.faultline.http"),
                e.getMessage());
    }
}
