package dev.faultline.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;

/**
 * The published modules, each named by its directory, its artifact and its packages (one package per
 * module, core's subpackages aside), and the main classes of all of them, imported once.
 */
enum Modules {

    CORE("core", "faultline-core", "dev.faultline"),
    UNDERTOW("adapter-undertow", "faultline-undertow", "dev.faultline.undertow"),
    HELIDON("adapter-helidon", "faultline-helidon", "dev.faultline.helidon"),
    SERVLET("adapter-servlet", "faultline-servlet", "dev.faultline.servlet"),
    JAXRS("adapter-jaxrs", "faultline-jaxrs", "dev.faultline.jaxrs"),
    DASHBOARD("dashboard", "faultline-dashboard", "dev.faultline.dashboard"),
    MICROMETER("micrometer", "faultline-micrometer", "dev.faultline.micrometer"),
    OPENTELEMETRY("opentelemetry", "faultline-opentelemetry", "dev.faultline.opentelemetry"),
    SPRING_BOOT("spring-boot", "faultline-spring-boot", "dev.faultline.spring.boot");

    /** Every module but core: adapters and integrations. */
    static final List<Modules> INTEGRATIONS = List.of(UNDERTOW, HELIDON, SERVLET, JAXRS, DASHBOARD, MICROMETER,
            OPENTELEMETRY, SPRING_BOOT);

    /** The main classes of every published module (no test classes, no test-jar). */
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TEST_FIXTURES)
            .importPackages("dev.faultline");

    final String directory;
    final String artifactId;
    final String rootPackage;

    Modules(String directory, String artifactId, String rootPackage) {
        this.directory = directory;
        this.artifactId = artifactId;
        this.rootPackage = rootPackage;
    }

    /** The ArchUnit package pattern of this module's classes. */
    String packages() {
        return rootPackage + "..";
    }

    /** Whether {@code packageName} belongs to this module. */
    boolean owns(String packageName) {
        if (this != CORE) {
            return packageName.equals(rootPackage) || packageName.startsWith(rootPackage + ".");
        }
        return (packageName.equals(rootPackage) || packageName.startsWith(rootPackage + "."))
                && INTEGRATIONS.stream().noneMatch(m -> m.owns(packageName));
    }

    /** The packages of every integration module, as ArchUnit patterns. */
    static String[] integrationPackages(Set<Modules> except) {
        return INTEGRATIONS.stream().filter(m -> !except.contains(m)).map(Modules::packages).toArray(String[]::new);
    }
}
