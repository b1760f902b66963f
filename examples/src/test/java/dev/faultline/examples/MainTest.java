package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.Environment;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
                {"--port=-1"}, {"--host", ""}, {"--verbose"}, {"8080"}, {"--demo-traffic=abc"}, {"--demo-traffic=0"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Main.Options.parse(args),
                    String.join(" ", args));
            assertTrue(e.getMessage().startsWith("--") || e.getMessage().startsWith("unknown argument"), e.getMessage());
        }
    }

    @Test
    @DisplayName("--server picks undertow (the default), jetty, jersey or helidon; anything else is a usage error")
    void server() {
        assertEquals(ServerKind.UNDERTOW, Main.Options.parse().server());
        assertEquals(new Main.Options("127.0.0.1", 18083, false, 0, ServerKind.JETTY),
                Main.Options.parse("--server", "jetty", "--port", "18083"));
        assertEquals(ServerKind.JERSEY, Main.Options.parse("--server=jersey").server());
        assertEquals(ServerKind.HELIDON, Main.Options.parse("--server", "Helidon").server());
        assertEquals(ServerKind.UNDERTOW, Main.Options.parse("--server", "undertow").server());
        for (String[] args : new String[][] {{"--server"}, {"--server", "tomcat"}, {"--server="}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Main.Options.parse(args),
                    String.join(" ", args));
            assertTrue(e.getMessage().startsWith("--server"), e.getMessage());
        }
        for (ServerKind kind : ServerKind.values()) {
            assertTrue(Main.USAGE.contains(kind.label()), kind.label());
        }
    }

    @Test
    @DisplayName("--demo-traffic drives 60 s of traffic, --demo-traffic=SECONDS 1 to 600 s")
    void demoTraffic() {
        assertEquals(0, Main.Options.parse().demoTrafficSeconds(), "off unless asked for");
        assertEquals(new Main.Options("127.0.0.1", 8080, false, 60), Main.Options.parse("--demo-traffic"));
        assertEquals(new Main.Options("127.0.0.1", 18082, false, 20),
                Main.Options.parse("--demo-traffic=20", "--port", "18082"));
        assertEquals(600, Main.Options.parse("--demo-traffic=600").demoTrafficSeconds());
        assertEquals(1, Main.Options.parse("--demo-traffic= 1").demoTrafficSeconds());
        assertTrue(Main.USAGE.contains("--demo-traffic[=SECONDS]"), Main.USAGE);
    }

    @Test
    @DisplayName("rejects a --demo-traffic duration that is not 1 to 600 seconds: a usage error (exit status 2)")
    void badDemoTraffic() {
        for (String arg : new String[] {"--demo-traffic=abc", "--demo-traffic=0", "--demo-traffic=-5",
                "--demo-traffic=601", "--demo-traffic=", "--demo-traffic=1.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Main.Options.parse(arg), arg);
            assertTrue(e.getMessage().startsWith("--demo-traffic must be a number of seconds from 1 to 600"),
                    e.getMessage());
        }
    }

    @Test
    @DisplayName("sends demo traffic to 127.0.0.1 only: the server must listen there or on every address")
    void demoTarget() throws Exception {
        assertEquals(URI.create("http://127.0.0.1:8080/"),
                Main.demoTarget(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080)));
        assertEquals(URI.create("http://127.0.0.1:9000/"),
                Main.demoTarget(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 9000)));
        assertNull(Main.demoTarget(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 8080)));
        assertNull(Main.demoTarget(new InetSocketAddress(InetAddress.getByName("::1"), 8080)));
    }

    @Test
    @DisplayName("--help documents the alert channel variables")
    void helpNamesTheAlertVariables() {
        for (String variable : List.of("SLACK_WEBHOOK_URL", "ALERT_WEBHOOK_URL", "ALERT_WEBHOOK_TOKEN", "SMTP_HOST",
                "SMTP_PORT", "SMTP_FROM", "SMTP_TO", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_STARTTLS")) {
            assertTrue(Main.USAGE.contains(variable), variable + " in " + Main.USAGE);
        }
        assertTrue(Main.USAGE.contains("default 587 with STARTTLS, else 25"), Main.USAGE);
    }

    @Test
    @DisplayName("a bad alert variable stops the app before it listens: exit status 2, the variable named, its value not shown")
    void badAlertVariable() throws Exception {
        ProcessBuilder java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--port", "0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        java.environment().keySet().removeIf(name -> name.startsWith("SMTP_") || name.startsWith("ALERT_")
                || name.startsWith("SLACK_") || name.startsWith("FAULTLINE_"));
        java.environment().put("SLACK_WEBHOOK_URL", "hooks.slack.com/services/T0/B0/s3cr3t");
        Process process = java.start();
        String stderr;
        try (InputStream err = process.getErrorStream()) {
            stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running");
        assertEquals(2, process.exitValue(), stderr);
        assertTrue(stderr.contains("faultline-examples: SLACK_WEBHOOK_URL must be an http:// or https:// URL"), stderr);
        assertFalse(stderr.contains("s3cr3t"), stderr);
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

    @Test
    @DisplayName("prints how to read the monitoring endpoints: with FAULTLINE_MONITORING_TOKEN, closed without, loopback in development; never the token")
    void monitoringHelp() {
        URI url = URI.create("http://127.0.0.1:8080/");
        try (dev.faultline.Faultline guarded = dev.faultline.Faultline.builder().environment(Environment.PRODUCTION)
                .settings(name -> name.equals("faultline.monitoring.token") ? TestToken.TOKEN : null).build();
                dev.faultline.Faultline closed = dev.faultline.Faultline.builder().environment(Environment.PRODUCTION)
                        .settings(name -> null).build();
                dev.faultline.Faultline development = dev.faultline.Faultline.builder().environment(Environment.DEVELOPMENT)
                        .settings(name -> null).build()) {
            String withToken = Main.monitoringHelp(guarded, url);
            assertTrue(withToken.contains("curl -s -H \"Authorization: Bearer $FAULTLINE_MONITORING_TOKEN\" "
                    + "'http://127.0.0.1:8080/metrics/errors'"), withToken);
            assertFalse(withToken.contains(TestToken.TOKEN), withToken);
            assertTrue(Main.monitoringHelp(closed, url).contains("closed (401)"));
            assertTrue(Main.monitoringHelp(development, url).contains("this machine only"));
        }
        assertTrue(Main.USAGE.contains("FAULTLINE_MONITORING_TOKEN"), Main.USAGE);
    }
}
