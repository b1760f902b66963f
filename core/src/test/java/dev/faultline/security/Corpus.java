package dev.faultline.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The attack and benign corpora in {@code corpus/} beside this class (in the test resources): one case per line, the input is
 * the rest of the line after the leading fields, {@code #} starts a comment line. They live next to
 * the tests (not in {@code src/test/resources}) and are read from the module directory, which is
 * Surefire's working directory.
 */
final class Corpus {

    record Case(int line, @Nullable AttackCategory category, String location, String input) {
        @Override
        public String toString() {
            return "[" + (category == null ? "benign" : category.id()) + "] " + location + " " + input;
        }
    }

    private Corpus() {
    }

    static List<Case> attacks() {
        List<Case> out = new ArrayList<>();
        List<String> lines = read("attacks.txt");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (skip(line)) {
                continue;
            }
            String[] f = line.split(" ", 3);
            if (f.length < 3) {
                throw new IllegalStateException("attacks.txt:" + (i + 1) + ": want 'CATEGORY location input'");
            }
            out.add(new Case(i + 1, AttackCategory.valueOf(f[0]), f[1], f[2]));
        }
        return out;
    }

    static List<Case> benign() {
        List<Case> out = new ArrayList<>();
        List<String> lines = read("benign.txt");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (skip(line)) {
                continue;
            }
            String[] f = line.split(" ", 2);
            if (f.length < 2) {
                throw new IllegalStateException("benign.txt:" + (i + 1) + ": want 'location input'");
            }
            out.add(new Case(i + 1, null, f[0], f[1]));
        }
        return out;
    }

    private static boolean skip(String line) {
        return line.isBlank() || line.startsWith("#");
    }

    private static List<String> read(String name) {
        try (java.io.InputStream in = Corpus.class.getResourceAsStream("corpus/" + name)) {
            if (in == null) {
                throw new IllegalStateException("corpus/" + name + " is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
