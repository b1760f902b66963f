package dev.faultline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The boundaries between Faultline's published modules, on their compiled main classes. A module
 * descriptor cannot enforce them (docs/DECISIONS.md says why the jars keep Automatic-Module-Name), so
 * these rules fail the build instead.
 */
@DisplayName("Module boundaries")
class ModuleBoundariesTest {

    /**
     * The dependencies between integration modules that their POMs declare on purpose: the Spring Boot
     * starter wires the servlet filter and, when present, the Micrometer binder and the dashboard.
     */
    private static final Map<Modules, Set<Modules>> DECLARED = Map.of(
            Modules.SPRING_BOOT, EnumSet.of(Modules.SERVLET, Modules.MICROMETER, Modules.DASHBOARD));

    /** Server and framework APIs: only adapters and integrations may import them. */
    private static final String[] SERVER_AND_FRAMEWORK_APIS = {
        "io.undertow..", "org.xnio..", "jakarta.servlet..", "javax.servlet..", "jakarta.ws.rs..", "javax.ws.rs..",
        "io.helidon..", "org.eclipse.jetty..", "org.apache.catalina..", "org.apache.tomcat..", "org.apache.coyote..",
        "org.glassfish..", "org.jboss.resteasy..", "org.springframework..", "io.micrometer..", "io.opentelemetry..",
    };

    @Test
    @DisplayName("every published module has main classes on the classpath (else the rules below check nothing)")
    void everyModuleIsImported() {
        for (Modules m : Modules.values()) {
            assertTrue(Modules.MAIN.stream().anyMatch(c -> m.owns(c.getPackageName())),
                    "no main class of " + m.artifactId + " was imported");
        }
    }

    @Test
    @DisplayName("no module but core uses core's internal package")
    void onlyCoreUsesInternal() {
        noClasses().that().resideInAnyPackage(Modules.integrationPackages(Set.of()))
                .should().dependOnClassesThat().resideInAPackage("dev.faultline.internal..")
                .because("dev.faultline.internal is core's implementation, free to change in any release")
                .check(Modules.MAIN);
    }

    @ParameterizedTest(name = "{0} uses no other integration module than its POM declares")
    @EnumSource(value = Modules.class, names = "CORE", mode = EnumSource.Mode.EXCLUDE)
    void noIntegrationUsesAnother(Modules module) {
        Set<Modules> allowed = EnumSet.of(module);
        allowed.addAll(DECLARED.getOrDefault(module, Set.of()));
        noClasses().that().resideInAPackage(module.packages())
                .should().dependOnClassesThat().resideInAnyPackage(Modules.integrationPackages(allowed))
                .allowEmptyShould(true)
                .because("each adapter and integration builds on core alone, so a user takes only the ones they run")
                .check(Modules.MAIN);
    }

    @Test
    @DisplayName("core depends on no integration module")
    void coreUsesNoIntegration() {
        noClasses().that(inCore())
                .should().dependOnClassesThat(inIntegration())
                .because("adapters and integrations build on core, never the other way round")
                .check(Modules.MAIN);
    }

    @Test
    @DisplayName("core imports no server or framework API")
    void coreImportsNoServerApi() {
        noClasses().that(inCore())
                .should().dependOnClassesThat().resideInAnyPackage(SERVER_AND_FRAMEWORK_APIS)
                .because("core runs under every adapter; what is specific to a server lives in its adapter")
                .check(Modules.MAIN);
    }

    @Test
    @DisplayName("no package takes part in a dependency cycle (slices: one per package, in every module)")
    void noPackageCycles() {
        SlicesRuleDefinition.slices().assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                        String p = javaClass.getPackageName();
                        return p.startsWith("dev.faultline") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
                    }

                    @Override
                    public String getDescription() {
                        return "one slice per package";
                    }
                })
                .should().beFreeOfCycles()
                .check(Modules.MAIN);
    }

    private static DescribedPredicate<JavaClass> inCore() {
        return DescribedPredicate.describe("reside in core", c -> Modules.CORE.owns(c.getPackageName()));
    }

    private static DescribedPredicate<JavaClass> inIntegration() {
        return DescribedPredicate.describe("reside in an adapter or integration module",
                c -> Modules.INTEGRATIONS.stream().anyMatch(m -> m.owns(c.getPackageName())));
    }
}
