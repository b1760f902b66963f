package dev.faultline.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
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
 * What {@link TeeWriter} accounts for the characters an application writes: exactly the bytes the
 * response charset gives them, however the text is cut into writes (surrogate pairs split across two
 * writes included), and the copy for the capture is those very bytes.
 */
class TeeWriterProperties {

    /** A sink that keeps what it is told. */
    static final class Recorder implements TeeWriter.Sink {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        long counted;

        @Override
        public void sent(byte[] b, int off, int len) {
            sent.write(b, off, len);
            counted += len;
        }

        @Override
        public void counted(long n) {
            counted += n;
        }
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
                Recorder sink = new Recorder();
                StringWriter container = new StringWriter();
                PrintWriter writer = new TeeWriter(new PrintWriter(container), charset, sink, capturing).printWriter();
                writeInPieces(writer, text, cuts);
                writer.flush();
                byte[] expected = text.getBytes(charset);
                assertEquals(text, container.toString(), "the container got every character");
                assertEquals(expected.length, sink.counted, () -> charset + " capturing=" + capturing);
                if (capturing || !charset.equals(StandardCharsets.UTF_8)) {
                    assertArrayEquals(expected, sink.sent.toByteArray(), () -> charset + " captured bytes");
                }
            }
        }
    }

    @Property
    void singleByteCharsetsCountOneBytePerCharacter(@ForAll("cuts") List<Integer> cuts) {
        String text = "caf\u00e9 na\u00efve \u00a3 \u00ff";
        Recorder sink = new Recorder();
        PrintWriter writer = new TeeWriter(new PrintWriter(new StringWriter()), StandardCharsets.ISO_8859_1, sink, false)
                .printWriter();
        writeInPieces(writer, text, cuts);
        assertEquals(text.getBytes(StandardCharsets.ISO_8859_1).length, sink.counted);
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
