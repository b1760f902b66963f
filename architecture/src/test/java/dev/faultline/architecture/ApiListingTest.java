package dev.faultline.architecture;

import static org.junit.jupiter.api.Assertions.fail;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each published module's public API, as the JDK's {@code javap -protected} prints its compiled
 * classes (every public type that code outside the module can reach, with its public and protected
 * members and their generic signatures), compared with the listing committed at
 * {@code MODULE/api/ARTIFACT.txt}. A change to the API therefore shows in a pull request as a diff of
 * that file. {@code -Dfaultline.api.update=true} writes the listings instead of comparing
 * (docs/VERSIONING.md). {@code dev.faultline.internal} is left out: it is not API, and
 * {@link ModuleBoundariesTest} keeps other modules off it.
 */
@DisplayName("Public API listings")
class ApiListingTest {

    private static final Path ROOT = Path.of(System.getProperty("faultline.root", ".."));
    private static final boolean UPDATE = Boolean.getBoolean("faultline.api.update");
    private static final String REGENERATE = "./mvnw -B -ntp test -pl architecture -am -Dfaultline.api.update=true"
            + " -Dtest=ApiListingTest -Dsurefire.failIfNoSpecifiedTests=false";

    @ParameterizedTest(name = "{0}: the public API is the committed listing")
    @EnumSource(Modules.class)
    void publicApiMatchesTheListing(Modules module) throws IOException {
        String actual = listing(module);
        Path file = ROOT.resolve(module.directory).resolve("api").resolve(module.artifactId + ".txt");
        if (UPDATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        String expected = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        if (!expected.equals(actual)) {
            fail(module.artifactId + "'s public API differs from " + ROOT.relativize(file) + " (a change to the"
                    + " API must be deliberate: regenerate the listing with\n  " + REGENERATE + "\nand commit it"
                    + " with the change)\n" + difference(expected, actual));
        }
    }

    /** The module's API: javap's output for its API types, in name order, without the source file lines. */
    private static String listing(Modules module) {
        List<String> names = Modules.MAIN.stream()
                .filter(c -> module.owns(c.getPackageName()))
                .filter(c -> !c.getPackageName().startsWith("dev.faultline.internal"))
                .filter(ApiListingTest::reachable)
                .map(JavaClass::getName)
                .sorted()
                .toList();
        List<String> args = new ArrayList<>(List.of("-protected", "-cp", System.getProperty("java.class.path")));
        args.addAll(names);
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow(() -> new IllegalStateException("no javap"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = javap.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("javap failed (" + status + "): " + err);
        }
        StringBuilder b = new StringBuilder();
        out.toString().lines().filter(l -> !l.startsWith("Compiled from ")).forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    /** A public or protected type whose enclosing types are too: code outside its package can use it. */
    private static boolean reachable(JavaClass c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.getSimpleName().isEmpty()) {
            return false;
        }
        Set<JavaModifier> m = c.getModifiers();
        if (!m.contains(JavaModifier.PUBLIC) && !(c.isNestedClass() && m.contains(JavaModifier.PROTECTED))) {
            return false;
        }
        Optional<JavaClass> enclosing = c.getEnclosingClass();
        return enclosing.isEmpty() || reachable(enclosing.get());
    }

    /** The lines only in one of the two listings, for the failure message. */
    private static String difference(String expected, String actual) {
        Set<String> was = new LinkedHashSet<>(expected.lines().toList());
        Set<String> is = new LinkedHashSet<>(actual.lines().toList());
        StringBuilder b = new StringBuilder();
        was.stream().filter(l -> !is.contains(l)).limit(50).forEach(l -> b.append("- ").append(l).append('\n'));
        is.stream().filter(l -> !was.contains(l)).limit(50).forEach(l -> b.append("+ ").append(l).append('\n'));
        return b.toString();
    }
}
