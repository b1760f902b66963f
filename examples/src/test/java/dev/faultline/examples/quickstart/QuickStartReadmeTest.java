package dev.faultline.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README shows each quick start's {@code tag::quickstart[]} region verbatim, in a {@code java} block
 * right after a line {@code <!-- quickstart: PATH -->} naming the file. A renamed method or class in a
 * quick start, or a README edited by hand, fails here rather than leaving the README behind the code.
 */
@DisplayName("The README's quick starts are the compiled quick-start files")
class QuickStartReadmeTest {

    private static final String MARKER = "<!-- quickstart: ";
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Path QUICK_STARTS = ROOT.resolve("examples/src/main/java/dev/faultline/examples/quickstart");

    @Test
    @DisplayName("each quick-start block in the README equals the tagged region of the file it names")
    void blocksEqualFiles() throws IOException {
        Map<String, String> blocks = readmeBlocks();
        assertFalse(blocks.isEmpty(), "no quick-start block in README.md");
        for (Map.Entry<String, String> block : blocks.entrySet()) {
            Path file = ROOT.resolve(block.getKey());
            assertTrue(Files.isRegularFile(file), () -> "README.md names a quick start that does not exist: " + block.getKey());
            assertEquals(region(file), block.getValue(), () -> "README.md's block for " + block.getKey()
                    + " differs from the file's tag::quickstart[] region: copy the region into the README");
        }
    }

    @Test
    @DisplayName("every quick-start file is shown in the README")
    void everyFileShown() throws IOException {
        Map<String, String> blocks = readmeBlocks();
        try (Stream<Path> files = Files.list(QUICK_STARTS)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("QuickStart.java")).toList()) {
                String relative = ROOT.relativize(file).toString().replace('\\', '/');
                assertTrue(blocks.containsKey(relative), () -> "README.md shows no block for " + relative);
            }
        }
    }

    /** The README's quick-start blocks by the path their marker names, in order. */
    private static Map<String, String> readmeBlocks() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        Map<String, String> blocks = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith(MARKER)) {
                continue;
            }
            String path = line.substring(MARKER.length(), line.length() - "-->".length()).strip();
            int at = i;
            assertEquals("```java", lines.get(i + 1).strip(), () -> "no java block after README.md line " + (at + 1));
            List<String> body = new ArrayList<>();
            int j = i + 2;
            while (!lines.get(j).strip().equals("```")) {
                body.add(lines.get(j++));
            }
            blocks.put(path, String.join("\n", body));
            i = j;
        }
        return blocks;
    }

    /** The lines between {@code // tag::quickstart[]} and {@code // end::quickstart[]}, their common indent removed. */
    static String region(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals("// tag::quickstart[]")) {
                start = i + 1;
            } else if (line.equals("// end::quickstart[]")) {
                end = i;
            }
        }
        assertTrue(start > 0 && end >= start, () -> file + " has no tag::quickstart[] ... end::quickstart[] region");
        List<String> region = lines.subList(start, end);
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }
}
