package dev.faultline.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BodyCapture's tee streams")
class BodyCaptureTeeTest {

    private static final byte[] BODY = "{\"title\":\"a video\",\"script\":\"hello world\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    @DisplayName("an input tee passes every byte through and keeps at most the cap")
    void input() throws Exception {
        BodyCapture c = new BodyCapture(10);
        c.describe("application/json", null, BODY.length);
        InputStream in = c.tee(new ByteArrayInputStream(BODY));
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        seen.write(in.read());
        in.transferTo(seen);
        assertArrayEquals(BODY, seen.toByteArray(), "the application reads the whole body");
        assertEquals(BODY.length, c.totalBytes());
        assertEquals(10, c.keptBytes().length);
        assertTrue(c.truncated());
        assertEquals("{\"title\":\"", c.text());
    }

    @Test
    @DisplayName("an output tee passes every byte through and counts it")
    void output() throws Exception {
        BodyCapture c = new BodyCapture(1024);
        c.describe("application/json", null, -1);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = c.tee(sink)) {
            out.write(BODY, 0, 5);
            out.write(BODY[5]);
            out.write(BODY, 6, BODY.length - 6);
        }
        assertArrayEquals(BODY, sink.toByteArray());
        assertEquals(new String(BODY, StandardCharsets.UTF_8), c.text());
        assertEquals(BODY.length, c.totalBytes());
    }
}
