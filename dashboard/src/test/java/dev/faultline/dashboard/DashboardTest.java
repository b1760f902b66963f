package dev.faultline.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.error.NotFoundException;
import dev.faultline.http.HttpReply;
import dev.faultline.monitoring.MonitoringConfig;
import dev.faultline.http.RequestView;
import dev.faultline.testkit.TestRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The dashboard")
class DashboardTest {

    /** A GET of {@code path} without headers. */
    static RequestView get(String path) {
        return TestRequest.get(path);
    }

    static String text(Dashboard d, String name) {
        byte[] b = d.content(name);
        assertNotNull(b, () -> name + " is not one of " + d.files());
        return new String(b, StandardCharsets.UTF_8);
    }

    static String page(Dashboard d) {
        return text(d, "");
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {

        @Test
        @DisplayName("has the documented defaults")
        void defaults() {
            Dashboard d = Dashboard.create();
            assertEquals("/metrics/dashboard/", d.path());
            assertEquals(Duration.ofSeconds(5), d.refresh());
            assertEquals(24, d.trendHours());
            assertEquals("Faultline", d.title());
            String html = page(d);
            assertTrue(html.contains("data-refresh-ms=\"5000\""), html);
            assertTrue(html.contains("data-trend-hours=\"24\""), html);
            assertTrue(html.contains("data-root=\"../../\""), html);
        }

        @Test
        @DisplayName("renders its settings into the page")
        void settings() {
            Dashboard d = Dashboard.create(b -> b.path("/metrics/ops/board").refresh(Duration.ofMillis(2500))
                    .trendHours(6).title("Videos EU"));
            assertEquals("/metrics/ops/board/", d.path(), "the final slash is added");
            String html = page(d);
            assertTrue(html.contains("data-refresh-ms=\"2500\""), html);
            assertTrue(html.contains("data-trend-hours=\"6\""), html);
            assertTrue(html.contains("data-root=\"../../../\""), "three segments back to the base: " + html);
            assertTrue(html.contains("<h1>Videos EU</h1>"), html);
        }

        @Test
        @DisplayName("shows the title as text, never as markup")
        void titleEscaped() {
            String html = page(Dashboard.create(b -> b.title("<script>alert('x')</script> & \"co\"")));
            assertFalse(html.contains("<script>alert"), html);
            assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;"), html);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/dashboard/", "/metrics/", "/metrics", "metrics/dashboard/", "/metrics/a/../b/",
                "/metrics/./x/", "/metrics//x/", "/metrics/a b/", "/metrics/x?y/", "/metrics/x#y/", "/metrics/%2e%2e/",
                "/metrics/errors", "/metrics/trends/", "/metrics/é/"})
        @DisplayName("refuses a path that is not a plain path under /metrics/, naming dashboard.path")
        void badPath(String path) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dashboard.builder().path(path));
            assertTrue(e.getMessage().startsWith("dashboard.path"), e.getMessage());
        }

        @ParameterizedTest(name = "{0} ms")
        @ValueSource(longs = {0, 999, 300_001, -1})
        @DisplayName("refuses a refresh outside 1 s to 5 min, naming dashboard.refresh")
        void badRefresh(long millis) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Dashboard.builder().refresh(Duration.ofMillis(millis)));
            assertTrue(e.getMessage().startsWith("dashboard.refresh"), e.getMessage());
        }

        @Test
        @DisplayName("refuses a refresh with a fraction of a millisecond and accepts the bounds")
        void refreshBounds() {
            assertThrows(IllegalArgumentException.class, () -> Dashboard.builder().refresh(Duration.ofNanos(1_500_000_001L)));
            assertEquals(Duration.ofSeconds(1), Dashboard.create(b -> b.refresh(Dashboard.MIN_REFRESH)).refresh());
            assertEquals(Duration.ofMinutes(5), Dashboard.create(b -> b.refresh(Dashboard.MAX_REFRESH)).refresh());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(ints = {0, -1, 721})
        @DisplayName("refuses trend hours outside 1..720, naming dashboard.trend_hours")
        void badTrendHours(int hours) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Dashboard.builder().trendHours(hours));
            assertTrue(e.getMessage().startsWith("dashboard.trend_hours"), e.getMessage());
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"", "   ", "a\nb", "0123456789012345678901234567890123456789012345678901234567890123456789012345678901"})
        @DisplayName("refuses a blank, long or multi-line title, naming dashboard.title")
        void badTitle(String title) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dashboard.builder().title(title));
            assertTrue(e.getMessage().startsWith("dashboard.title"), e.getMessage());
        }

        @Test
        @DisplayName("is accepted by the monitoring configuration, once per path")
        void registers() {
            MonitoringConfig.Builder m = MonitoringConfig.builder().resource(Dashboard.create());
            assertThrows(IllegalArgumentException.class, () -> m.resource(Dashboard.create()));
            m.resource(Dashboard.create(b -> b.path("/metrics/dashboard-eu/")));
            assertEquals(2, m.build().resources().size());
        }
    }

    @Nested
    @DisplayName("files")
    class Files {

        final Dashboard dashboard = Dashboard.create();

        @Test
        @DisplayName("are a fixed set: the page, its script, style sheet and icon, uPlot's script and style sheet")
        void fixedSet() {
            List<String> names = dashboard.files();
            assertEquals(6, names.size(), names.toString());
            assertEquals("", names.get(0));
            for (String pattern : List.of("dashboard\\.[0-9a-f]{10}\\.js", "dashboard\\.[0-9a-f]{10}\\.css",
                    "icon\\.[0-9a-f]{10}\\.svg", "uplot\\.[0-9a-f]{10}\\.js", "uplot\\.[0-9a-f]{10}\\.css")) {
                assertTrue(names.stream().anyMatch(n -> n.matches(pattern)), pattern + " in " + names);
            }
        }

        @Test
        @DisplayName("are named after their content's hash, so that browsers may keep them")
        void hashed() {
            for (String name : dashboard.files()) {
                if (!name.isEmpty()) {
                    String hash = name.substring(name.indexOf('.') + 1, name.lastIndexOf('.'));
                    assertEquals(Assets.hash(dashboard.content(name)), hash, name);
                }
            }
        }

        @Test
        @DisplayName("include uPlot from its WebJar, the version this build was made with")
        void uplot() throws Exception {
            String version = Assets.uplotVersion();
            assertTrue(version.matches("\\d+\\.\\d+\\.\\d+"), version);
            String name = dashboard.files().stream().filter(n -> n.startsWith("uplot.") && n.endsWith(".js")).findFirst().orElseThrow();
            byte[] webjar;
            try (var in = Dashboard.class.getResourceAsStream(
                    "/META-INF/resources/webjars/uplot/" + version + "/dist/uPlot.iife.min.js")) {
                webjar = in.readAllBytes();
            }
            assertArrayEquals(webjar, dashboard.content(name));
            assertTrue(text(dashboard, name).contains("(v" + version + ")"), "the library's own banner names its version");
        }

        @Test
        @DisplayName("the page loads every file of the set by a relative name, and nothing else")
        void pageReferences() {
            String html = page(dashboard);
            List<String> referenced = new ArrayList<>();
            Matcher m = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
            while (m.find()) {
                referenced.add(m.group(1));
            }
            for (String name : dashboard.files()) {
                if (!name.isEmpty()) {
                    assertTrue(referenced.contains(name), name + " is loaded by the page: " + referenced);
                }
            }
            for (String ref : referenced) {
                boolean file = dashboard.files().contains(ref);
                boolean endpoint = ref.startsWith("../../") && List.of("metrics/errors", "metrics/trends", "metrics/insights",
                        "metrics/alerts", "metrics/performance", "health").contains(ref.substring(6));
                assertTrue(file || endpoint, "unexpected reference " + ref);
            }
            assertFalse(html.contains("<script>"), "no inline script");
            assertFalse(html.contains("style="), "no inline style");
            assertFalse(Pattern.compile("\\son[a-z]+=").matcher(html).find(), "no inline event handler");
        }

        /**
         * The page may make no external request: no absolute URL anywhere in its files. Two strings
         * that look like URLs are allowed because nothing fetches them: the SVG namespace name of the
         * icon and the project address in uPlot's licence banner (a comment).
         */
        @Test
        @DisplayName("hold no external reference (no http(s):// or protocol-relative URL)")
        void noExternalReference() {
            Pattern url = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}[^\\s\"')]*");
            for (String name : dashboard.files()) {
                String content = text(dashboard, name);
                if (name.startsWith("icon.")) {
                    content = content.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
                }
                if (name.startsWith("uplot.") && name.endsWith(".js")) {
                    String banner = "/*! https://github.com/leeoniya/uPlot (v" + Assets.uplotVersion() + ") */";
                    assertTrue(content.startsWith(banner), "uPlot starts with its licence banner");
                    content = content.substring(banner.length());
                }
                Matcher m = url.matcher(content);
                List<String> found = new ArrayList<>();
                while (m.find()) {
                    found.add(m.group());
                }
                assertEquals(List.of(), found, name + " refers to another origin");
                assertFalse(content.toLowerCase(java.util.Locale.ROOT).contains("@import"), name + " imports nothing");
            }
        }

        @Test
        @DisplayName("the page's script builds no markup from data: no innerHTML, eval or document.write")
        void scriptUsesTextOnly() {
            String js = dashboard.files().stream().filter(n -> n.startsWith("dashboard.") && n.endsWith(".js"))
                    .map(n -> text(dashboard, n)).findFirst().orElseThrow();
            for (String forbidden : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function",
                    "document.write", "localStorage")) {
                assertFalse(js.contains(forbidden), forbidden);
            }
        }
    }

    @Nested
    @DisplayName("serve()")
    class Serve {

        final Dashboard dashboard = Dashboard.create();

        @Test
        @DisplayName("answers the page at the path and each file below it, with its content")
        void files() {
            HttpReply pageReply = dashboard.serve("/metrics/dashboard/", get("/metrics/dashboard/"));
            assertEquals(200, pageReply.status());
            assertArrayEquals(dashboard.content(""), pageReply.body());
            for (String name : dashboard.files()) {
                HttpReply r = dashboard.serve("/metrics/dashboard/" + name, get("/metrics/dashboard/" + name));
                assertEquals(200, r.status(), name);
                assertArrayEquals(dashboard.content(name), r.body(), name);
            }
        }

        @Test
        @DisplayName("redirects the path without its final slash to the page, relative to the request")
        void redirect() {
            HttpReply r = dashboard.serve("/metrics/dashboard", get("/metrics/dashboard"));
            assertEquals(308, r.status());
            assertEquals("dashboard/", header(r, "Location"));
            assertEquals("no-store", header(r, "Cache-Control"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/metrics/dashboard/dashboard.js", "/metrics/dashboard/../errors",
                "/metrics/dashboard/../../etc/passwd", "/metrics/dashboard/%2e%2e/errors", "/metrics/dashboard/index.html",
                "/metrics/dashboard//", "/metrics/dashboard/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.js",
                "/metrics/dashboard/dev/faultline/dashboard/dashboard.properties", "/metrics/dashboard/Dashboard.class",
                "/metrics/dashboardx", "/metrics/other"})
        @DisplayName("refuses anything else with a 404, whatever it looks like")
        void unknown(String path) {
            assertThrows(NotFoundException.class, () -> dashboard.serve(path, get(path)));
        }

        @Test
        @DisplayName("needs no token for any of its files: they carry no data")
        void noToken() {
            for (String name : dashboard.files()) {
                assertFalse(dashboard.requiresToken("/metrics/dashboard/" + name));
            }
        }

        static String header(HttpReply r, String name) {
            return r.headers().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(java.util.Map.Entry::getValue)
                    .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + r.headers()));
        }
    }
}
