package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's two commands stay the ones that work: the example app is built where the command runs
 * it from, and CI ({@code .ci/run}) runs the README's test command, so a newcomer runs what CI runs.
 */
@DisplayName("The README's two commands are the ones the build and CI use")
class ReadmeCommandsTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

    @Test
    @DisplayName("the test command is ./mvnw verify, and .ci/run runs it")
    void testCommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.contains("```sh\n./mvnw verify\n```"), "README.md shows the test command ./mvnw verify");
        String ci = Files.readString(ROOT.resolve(".ci/run"));
        assertTrue(ci.lines().anyMatch(l -> l.strip().matches("\\./mvnw( -B)?( -ntp)? verify")),
                ".ci/run runs the README's test command (./mvnw verify, in batch mode)");
    }

    @Test
    @DisplayName("the run command builds the examples module and runs its jar")
    void runCommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.contains("./mvnw -q -pl examples -am -DskipTests package\n"), "README.md builds the example app");
        assertTrue(readme.contains("java -jar examples/target/faultline-examples.jar\n"), "README.md runs the example app's jar");
        String pom = Files.readString(ROOT.resolve("examples/pom.xml"));
        assertTrue(pom.contains("<finalName>faultline-examples</finalName>"), "the jar the README runs is the one the build makes");
    }
}
