package dev.faultline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
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
 * The boundaries between Faultline's published modules, on their compiled main classes. Only core has
 * a module descriptor (docs/DECISIONS.md says why), so these rules, not the module system, keep the
 * adapters and integrations apart and off core's internals; they fail the build.
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

    static final ArchRule ONLY_CORE_USES_INTERNAL = noClasses()
            .that().resideInAnyPackage(Modules.integrationPackages(Set.of()))
            .should().dependOnClassesThat().resideInAPackage("dev.faultline.internal..")
            .because("dev.faultline.internal is core's implementation, free to change in any release");

    static final ArchRule CORE_USES_NO_INTEGRATION = noClasses().that(inCore())
            .should().dependOnClassesThat(inIntegration())
            .because("adapters and integrations build on core, never the other way round");

    static final ArchRule CORE_IMPORTS_NO_SERVER_API = noClasses().that(inCore())
            .should().dependOnClassesThat().resideInAnyPackage(SERVER_AND_FRAMEWORK_APIS)
            .because("core runs under every adapter; what is specific to a server lives in its adapter");

    static final ArchRule NO_PACKAGE_CYCLES = SlicesRuleDefinition.slices()
            .assignedFrom(new SliceAssignment() {
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
            .should().beFreeOfCycles();

    /** No classes of {@code module} use an integration module other than itself and those it declares. */
    static ArchRule usesNoOtherIntegration(Modules module) {
        Set<Modules> allowed = EnumSet.of(module);
        allowed.addAll(DECLARED.getOrDefault(module, Set.of()));
        return noClasses().that().resideInAPackage(module.packages())
                .should().dependOnClassesThat().resideInAnyPackage(Modules.integrationPackages(allowed))
                .because("each adapter and integration builds on core alone, so a user takes only the ones they run");
    }

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
        ONLY_CORE_USES_INTERNAL.check(Modules.MAIN);
    }

    @ParameterizedTest(name = "{0} uses no other integration module than its POM declares")
    @EnumSource(value = Modules.class, names = "CORE", mode = EnumSource.Mode.EXCLUDE)
    void noIntegrationUsesAnother(Modules module) {
        usesNoOtherIntegration(module).check(Modules.MAIN);
    }

    @Test
    @DisplayName("core depends on no integration module")
    void coreUsesNoIntegration() {
        CORE_USES_NO_INTEGRATION.check(Modules.MAIN);
    }

    @Test
    @DisplayName("core imports no server or framework API")
    void coreImportsNoServerApi() {
        CORE_IMPORTS_NO_SERVER_API.check(Modules.MAIN);
    }

    @Test
    @DisplayName("no package takes part in a dependency cycle (slices: one per package, in every module)")
    void noPackageCycles() {
        NO_PACKAGE_CYCLES.check(Modules.MAIN);
    }

    private static DescribedPredicate<JavaClass> inCore() {
        return DescribedPredicate.describe("reside in core", c -> Modules.CORE.owns(c.getPackageName()));
    }

    private static DescribedPredicate<JavaClass> inIntegration() {
        return DescribedPredicate.describe("reside in an adapter or integration module",
                c -> Modules.INTEGRATIONS.stream().anyMatch(m -> m.owns(c.getPackageName())));
    }
}
