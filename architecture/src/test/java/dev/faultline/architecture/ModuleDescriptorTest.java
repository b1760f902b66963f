package dev.faultline.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.faultline.Faultline;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Core's module descriptor: on the module path it enforces what {@link ModuleBoundariesTest} checks on
 * the class path (docs/DECISIONS.md: why only core has one).
 */
@DisplayName("Core's module descriptor")
class ModuleDescriptorTest {

    @Test
    @DisplayName("exports every package of core but dev.faultline.internal, to everyone")
    void exportsTheApiPackagesOnly() throws URISyntaxException {
        ModuleDescriptor descriptor = ModuleFinder.of(jarOf(Faultline.class)).find("dev.faultline.core")
                .orElseThrow(() -> new AssertionError("core's jar is not the module dev.faultline.core"))
                .descriptor();
        assertFalse(descriptor.isAutomatic(), "core's jar has no module-info.class");

        Set<String> api = Modules.MAIN.stream()
                .filter(c -> Modules.CORE.owns(c.getPackageName()))
                .map(JavaClass::getPackageName)
                .filter(p -> !p.startsWith("dev.faultline.internal"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> exported = new TreeSet<>();
        for (ModuleDescriptor.Exports e : descriptor.exports()) {
            assertTrue(e.targets().isEmpty(), e.source() + " is exported to some modules only");
            exported.add(e.source());
        }
        assertEquals(api, exported);
        assertTrue(descriptor.packages().contains("dev.faultline.internal"), "the module holds internal, unexported");
    }

    @Test
    @DisplayName("resolves on the module path with the jars of its dependencies (their module names are stable)")
    void resolvesOnTheModulePath() throws URISyntaxException {
        Path[] jars = Stream.of(Faultline.class, com.fasterxml.jackson.databind.ObjectMapper.class,
                        com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.annotation.JsonProperty.class,
                        org.slf4j.Logger.class, com.github.benmanes.caffeine.cache.Caffeine.class,
                        io.github.resilience4j.circuitbreaker.CircuitBreaker.class,
                        io.github.resilience4j.core.IntervalFunction.class)
                .map(ModuleDescriptorTest::jarOfUnchecked)
                .toArray(Path[]::new);
        Configuration resolved = Configuration.resolve(ModuleFinder.of(jars), java.util.List.of(ModuleLayer.boot().configuration()),
                ModuleFinder.of(), Set.of("dev.faultline.core"));
        Set<String> names = resolved.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("dev.faultline.core", "com.fasterxml.jackson.databind", "org.slf4j",
                "com.github.benmanes.caffeine", "io.github.resilience4j.circuitbreaker")), names.toString());
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Path jarOfUnchecked(Class<?> type) {
        try {
            return jarOf(type);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
