package dev.faultline.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.http.BodyCapture;
import dev.faultline.http.BodyTee;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What {@link CapturingWriter} accounts for the characters an application writes: exactly the bytes the
 * response charset gives them, however the text is cut into writes (surrogate pairs split across two
 * writes included), and the copy for the capture is those very bytes.
 */
class CapturingWriterProperties {

    /** A tee into a capture large enough for any text here, or a counting one. */
    private static BodyTee tee(boolean capturing) {
        return capturing ? new BodyTee(new BodyCapture(4096), c -> c.describe("text/plain", null, -1))
                : BodyTee.counting();
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ascii().ofMaxLength(200),
                Arbitraries.strings().withCharRange('\u0080', '\u07ff').withCharRange('a', 'z').ofMaxLength(200),
                // well-formed text with supplementary characters (emoji), BMP symbols and ASCII
                Arbitraries.integers().between(0x20, 0x1FAFF)
                        .filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                        .list().ofMaxSize(120)
                        .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size())));
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 7).list().ofMinSize(1).ofMaxSize(20);
    }

    @Property
    void countsTheBytesOfTheCharset(@ForAll("text") String text, @ForAll("cuts") List<Integer> cuts) {
        for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE)) {
            for (boolean capturing : new boolean[] {false, true}) {
                BodyTee sink = tee(capturing);
                StringWriter container = new StringWriter();
                PrintWriter writer = new CapturingWriter(new PrintWriter(container), charset, sink, capturing).printWriter();
                writeInPieces(writer, text, cuts);
                writer.flush();
                byte[] expected = text.getBytes(charset);
                assertEquals(text, container.toString(), "the container got every character");
                assertEquals(expected.length, sink.count(), () -> charset + " capturing=" + capturing);
                if (capturing) {
                    assertArrayEquals(expected, sink.capture().keptBytes(), () -> charset + " captured bytes");
                }
            }
        }
    }

    @Property
    void singleByteCharsetsCountOneBytePerCharacter(@ForAll("cuts") List<Integer> cuts) {
        String text = "caf\u00e9 na\u00efve \u00a3 \u00ff";
        BodyTee sink = tee(false);
        PrintWriter writer = new CapturingWriter(new PrintWriter(new StringWriter()), StandardCharsets.ISO_8859_1, sink, false)
                .printWriter();
        writeInPieces(writer, text, cuts);
        assertEquals(text.getBytes(StandardCharsets.ISO_8859_1).length, sink.count());
    }

    private static void writeInPieces(PrintWriter writer, String text, List<Integer> cuts) {
        int at = 0;
        int i = 0;
        while (at < text.length()) {
            int len = Math.min(cuts.get(i++ % cuts.size()), text.length() - at);
            switch (i % 3) {
                case 0 -> writer.write(text, at, len);
                case 1 -> writer.write(text.substring(at, at + len).toCharArray());
                default -> {
                    for (int k = at; k < at + len; k++) {
                        writer.write(text.charAt(k));
                    }
                }
            }
            at += len;
        }
    }
}
