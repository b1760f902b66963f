package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.Environment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The command line and the choice of log format. */
class MainTest {

    @Test
    @DisplayName("listens on 127.0.0.1:8080 unless --host or --port say otherwise")
    void options() {
        assertEquals(new Main.Options("127.0.0.1", 8080, false), Main.Options.parse());
        assertEquals(new Main.Options("0.0.0.0", 0, false), Main.Options.parse("--port", "0", "--host", "0.0.0.0"));
        assertEquals(new Main.Options("127.0.0.1", 18080, false), Main.Options.parse("--port=18080"));
        assertTrue(Main.Options.parse("--help").help());
    }

    @Test
    @DisplayName("rejects bad arguments with a message that says what is wrong")
    void badOptions() {
        for (String[] args : new String[][] {{"--port"}, {"--port", "http"}, {"--port", "65536"},
                {"--port=-1"}, {"--host", ""}, {"--verbose"}, {"8080"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Main.Options.parse(args),
                    String.join(" ", args));
            assertTrue(e.getMessage().startsWith("--") || e.getMessage().startsWith("unknown argument"), e.getMessage());
        }
    }

    @Test
    @DisplayName("logs JSON in production and readable lines elsewhere, unless told which")
    void logFormat() {
        assertEquals("json", Main.logFormat(null, null, Environment.PRODUCTION));
        assertEquals("console", Main.logFormat(null, null, Environment.DEVELOPMENT));
        assertEquals("console", Main.logFormat(null, null, Environment.DEFAULT));
        assertEquals("console", Main.logFormat(null, "console", Environment.PRODUCTION));
        assertEquals("json", Main.logFormat("Json", "console", Environment.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> Main.logFormat(null, "xml", Environment.DEFAULT));
    }
}
