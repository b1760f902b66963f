package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.dashboard.Dashboard;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: the example app started in-process with a monitoring token, a
 * known mix of traffic, then Debian's headless Chromium (through {@code /usr/bin/chromedriver}) opens
 * {@code /metrics/dashboard}. The page must ask for the token, then show charts with drawn series and
 * exactly the figures the JSON endpoints answer, on a laptop and on a phone, without any request
 * to another origin and without a script or policy error. Screenshots go to
 * {@code examples/target/dashboard/}; with {@code -Dfaultline.dashboard.screenshot=PATH} the laptop
 * one is also copied to PATH (the picture in docs/monitoring.md: {@code docs/images/dashboard.png}).
 *
 * <p>Needs the Debian packages {@code chromium} and {@code chromium-driver}: without them the test is
 * skipped, unless {@code FAULTLINE_CI=1}, where it fails.
 */
@DisplayName("The dashboard in headless Chromium")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    /** Debian's chromium; another with {@code -Dfaultline.chromium=PATH}. */
    static final Path CHROMIUM = Path.of(System.getProperty("faultline.chromium", "/usr/bin/chromium"));
    /** Debian's chromium-driver; another with {@code -Dfaultline.chromedriver=PATH}. */
    static final Path CHROMEDRIVER = Path.of(System.getProperty("faultline.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "dashboard");
    static final String TOKEN = "browser-test-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(15);

    /** The known mix: path and method, how many, and what each answers. */
    record Traffic(String method, String path, String body, int times, int status) {
    }

    static final List<Traffic> MIX = List.of(
            new Traffic("GET", "/", null, 24, 200),
            new Traffic("GET", "/videos", null, 10, 200),
            new Traffic("GET", "/videos/missing-%d", null, 8, 404),
            new Traffic("POST", "/videos", "{\"title\":\"\"}", 5, 400),
            new Traffic("GET", "/videos/missing?fail=database", null, 4, 503),
            new Traffic("GET", "/videos/missing?fail=external", null, 3, 502),
            new Traffic("GET", "/videos/missing?fail=timeout", null, 2, 504),
            new Traffic("GET", "/slow?ms=600", null, 2, 200));

    static Main.Server server;
    static URI base;
    static HttpClient http;
    static ChromeDriver driver;

    @BeforeAll
    static void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String message = "needs the Debian packages chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install chromium chromium-driver";
            if ("1".equals(System.getenv("FAULTLINE_CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        server = Main.start("127.0.0.1", 0, Faultline.builder()
                .environment(Environment.PRODUCTION)
                .settings(name -> null)
                .performance(p -> p.slowRequestThreshold(Duration.ofMillis(500)))
                .monitoring(m -> m.token(TOKEN).resource(Dashboard.create(d -> d
                        .title("Video API")
                        .refresh(Duration.ofSeconds(1))))));
        base = server.uri();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        drive();
        driver = chrome();
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.stop();
        }
    }

    /** Sends the known mix, checking each answer, then no more: the figures stand still afterwards. */
    static void drive() throws Exception {
        for (Traffic t : MIX) {
            for (int i = 0; i < t.times(); i++) {
                HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(t.path().formatted(i)));
                if (t.body() != null) {
                    b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(t.body()));
                }
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(t.status(), r.statusCode(), t + ": " + r.body());
            }
        }
    }

    static ChromeDriver chrome() throws Exception {
        Path profile = Files.createTempDirectory("faultline-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-US",
                "--window-size=1440,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    // ------------------------------------------------------------------ helpers

    static JsonNode fetch(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 503, pathAndQuery + ": " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static int rounds() {
        Object v = js("return Number(document.body.dataset.updated || 0);");
        return ((Number) v).intValue();
    }

    /** Waits for the page to finish a refresh that started after now. */
    static void awaitFreshRound() {
        int now = rounds();
        new WebDriverWait(driver, WAIT).until(d -> rounds() >= now + 2);
    }

    static void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        long height = ((Number) js("return Math.ceil(document.documentElement.scrollHeight);")).longValue();
        Dimension size = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(height + 140, 6000)));
        awaitFreshRound(); // charts follow the new size
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name), png);
        driver.manage().window().setSize(size);
    }

    /** What the page shows: every element that names its source, pointer, value and format. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> shown() {
        return (List<Map<String, Object>>) js("""
                return Array.from(document.querySelectorAll('[data-pointer]')).map(e => ({
                  source: e.dataset.source, pointer: e.dataset.pointer, value: e.dataset.value,
                  format: e.dataset.format, absent: e.dataset.absent === 'true', text: e.textContent}));""");
    }

    static String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** The endpoints' answers, fetched now, by the names the page gives its sources. */
    static Map<String, JsonNode> answers() throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        out.put("errors", fetch("metrics/errors"));
        Object hours = js("return document.body.dataset.trendHoursAsked;");
        out.put("trends", fetch("metrics/trends?hours=" + hours));
        out.put("insights", fetch("metrics/insights"));
        out.put("alerts", fetch("metrics/alerts"));
        out.put("performance", fetch("metrics/performance"));
        out.put("health", fetch("health"));
        return out;
    }

    /**
     * The differences between what the page shows and what the endpoints answer. A health check's
     * {@code duration_ms} is measured anew at each evaluation, so only its format is checked.
     */
    static List<String> differences(List<Map<String, Object>> shown, Map<String, JsonNode> answers) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> e : shown) {
            String source = (String) e.get("source");
            String pointer = (String) e.get("pointer");
            String value = (String) e.get("value");
            String format = (String) e.get("format");
            String shownText = ((String) e.get("text")).strip();
            JsonNode node = answers.get(source).at(pointer);
            String where = source + pointer;
            boolean volatileValue = source.equals("health") && pointer.endsWith("/duration_ms");
            if (node.isMissingNode()) {
                if (!Boolean.TRUE.equals(e.get("absent"))) {
                    out.add(where + ": shown " + value + ", absent from the answer");
                }
            } else if (!volatileValue && !sameValue(node, value)) {
                out.add(where + ": shown value " + value + ", answered " + node);
            }
            boolean dash = node.isNull() || (node.isMissingNode() && (format.equals("text") || format.equals("class")));
            String textError = dash ? (shownText.equals("–") ? null : "shows '" + shownText + "' for " + node)
                    : textMatches(format, node.isMissingNode() ? "0" : volatileValue ? value : node.asText(), shownText);
            if (textError != null) {
                out.add(where + ": " + textError);
            }
        }
        return out;
    }

    static boolean sameValue(JsonNode node, String value) {
        if (node.isNumber()) {
            try {
                return Double.parseDouble(value) == node.asDouble();
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (node.isNull()) {
            return "null".equals(value);
        }
        return node.asText().equals(value);
    }

    /** Null if {@code text} shows {@code value} as {@code format} says, else what is wrong. */
    static String textMatches(String format, String value, String text) {
        switch (format) {
            case "int", "int-ms" -> {
                String digits = text.replace(",", "").replace(" ms", "");
                return digits.equals(String.valueOf(Math.round(Double.parseDouble(value)))) ? null
                        : "shows '" + text + "' for " + value;
            }
            case "decimal", "ms", "percent" -> {
                double shownNumber = Double.parseDouble(text.replace(",", "").replace(" ms", "").replace(" %", ""));
                double expected = Double.parseDouble(value) * (format.equals("percent") ? 100 : 1);
                int decimals = text.contains(".") ? text.length() - text.indexOf('.') - 1
                        - (text.endsWith(" ms") ? 3 : text.endsWith(" %") ? 2 : 0) : 0;
                double tolerance = 0.5 * Math.pow(10, -decimals) + 1e-9;
                return Math.abs(shownNumber - expected) <= tolerance ? null : "shows '" + text + "' for " + value;
            }
            case "text" -> {
                return text.equals(value.strip()) || (value.isEmpty() && text.equals("–")) ? null
                        : "shows '" + text + "' for '" + value + "'";
            }
            case "class" -> {
                String simple = value.substring(value.lastIndexOf('.') + 1);
                return text.equals(simple) ? null : "shows '" + text + "' for " + value;
            }
            case "time", "hour" -> {
                return text.isEmpty() ? "shows nothing for " + value : null;
            }
            default -> {
                return "unknown format " + format;
            }
        }
    }

    /** Waits until the page and the endpoints agree (the page may be one refresh behind), then returns the answers. */
    static Map<String, JsonNode> awaitAgreement() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> last = List.of();
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> page = shown();
            Map<String, JsonNode> answers = answers();
            last = differences(page, answers);
            if (last.isEmpty()) {
                return answers;
            }
            awaitFreshRound();
        }
        fail("the page shows other figures than the endpoints answer:\n  " + String.join("\n  ", last));
        return Map.of();
    }

    /**
     * Pauses the page once it shows what the endpoints answer (no refresh changes it while the test
     * reads it), and returns those answers.
     */
    static Map<String, JsonNode> pauseInAgreement() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> last = List.of();
        while (System.nanoTime() < deadline) {
            setPaused(true);
            Map<String, JsonNode> answers = answers();
            last = differences(shown(), answers);
            if (last.isEmpty()) {
                return answers;
            }
            setPaused(false);
            awaitFreshRound();
        }
        fail("the page shows other figures than the endpoints answer:\n  " + String.join("\n  ", last));
        return Map.of();
    }

    /** Pauses or resumes the page with its button; once paused, waits for a refresh in flight to end. */
    static void setPaused(boolean paused) {
        WebElement button = driver.findElement(By.id("pause"));
        if (Boolean.parseBoolean(button.getAttribute("aria-pressed")) != paused) {
            js("arguments[0].click(); arguments[0].blur();", button); // no pointer left hovering it for screenshots
        }
        if (paused) {
            new WebDriverWait(driver, WAIT).until(d -> Boolean.FALSE.equals(js("return window.FaultlineDashboard.busy();")));
        }
    }

    static List<Long> longs(Object list) {
        List<Long> out = new ArrayList<>();
        for (Object o : (List<?>) list) {
            out.add(o == null ? null : ((Number) o).longValue());
        }
        return out;
    }

    static List<Long> longs(JsonNode array, String field) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asLong() : n.path(field).asLong()));
        return out;
    }

    /** How many pixels of the chart's canvas are drawn in the error colour (a red). */
    static long redPixels(String chart) {
        Object n = js("""
                const u = window.FaultlineDashboard.charts[arguments[0]];
                const c = u.ctx.canvas;
                const d = u.ctx.getImageData(0, 0, c.width, c.height).data;
                let red = 0;
                for (let i = 0; i < d.length; i += 4) {
                  if (d[i + 3] > 0 && d[i] > 180 && d[i + 1] < 140 && d[i + 2] < 140) red++;
                }
                return red;""", chart);
        return ((Number) n).longValue();
    }

    static List<String> consoleProblems(boolean allowUnauthorized) {
        List<String> out = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            boolean expected401 = allowUnauthorized && message.contains("401");
            if (entry.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue() && !expected401) {
                out.add(entry.getLevel() + " " + message);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ the scenario

    @Test
    @Order(1)
    @DisplayName("without the token, the page loads and says that a token is needed; no data is shown but health, a probe")
    void asksForToken() {
        driver.get(base.resolve("metrics/dashboard").toString()); // redirected to metrics/dashboard/
        assertTrue(driver.getCurrentUrl().endsWith("/metrics/dashboard/"), driver.getCurrentUrl());
        new WebDriverWait(driver, WAIT).until(d -> rounds() >= 1);
        WebElement banner = driver.findElement(By.id("banner"));
        assertTrue(banner.isDisplayed());
        assertTrue(banner.getText().contains("token"), banner.getText());
        assertTrue(driver.findElement(By.id("token-form")).isDisplayed());
        for (String card : List.of("card-rate", "card-trend", "card-types", "card-severity", "card-alerts",
                "card-latency", "card-patterns")) {
            assertEquals("401", driver.findElement(By.id(card)).getAttribute("data-failed"), card);
        }
        // /health is a health probe, open to every caller as /health/ready is (issue 20)
        assertEquals(null, driver.findElement(By.id("card-health")).getAttribute("data-failed"), "card-health");
        assertEquals("–", text("kpi-errors"), "nothing shown without the token");
        assertEquals(List.of(), consoleProblems(true));
    }

    @Test
    @Order(2)
    @DisplayName("with the token, it shows exactly the figures of the JSON endpoints, for the known mix")
    void figures() throws Exception {
        driver.findElement(By.id("token-input")).sendKeys(TOKEN);
        driver.findElement(By.cssSelector("#token-form button[type=submit]")).click();
        new WebDriverWait(driver, WAIT).until(d -> "0".equals(js("return document.body.dataset.failing;")));
        assertFalse(driver.findElement(By.id("banner")).isDisplayed());
        assertFalse(driver.findElement(By.id("token-form")).isDisplayed(), "the form closes once the token works");
        consoleProblems(true); // drains the 401s of the rounds before the token

        Map<String, JsonNode> answers = pauseInAgreement();

        // the endpoints count the known mix, and the page shows it
        JsonNode errors = answers.get("errors");
        assertEquals(22, errors.path("recent_errors").asLong(), errors.toString());
        Map<String, Long> byType = new LinkedHashMap<>();
        errors.path("by_type").properties().forEach(e -> byType.put(e.getKey(), e.getValue().asLong()));
        assertEquals(Map.of("validation", 5L, "not_found", 8L, "database", 4L, "external_service", 3L, "timeout", 2L), byType);
        assertEquals("22", text("kpi-errors"));
        assertEquals("58", text("kpi-requests"));
        Map<String, String> severities = new LinkedHashMap<>();
        for (WebElement tile : driver.findElements(By.cssSelector("#severities .severity"))) {
            severities.put(tile.getAttribute("data-severity"), tile.findElement(By.className("value")).getText());
        }
        assertEquals(Map.of("critical", "4", "high", "5", "medium", "0", "low", "13"), severities);
        assertEquals("up", text("health-pill"));
        List<String> checks = new ArrayList<>();
        driver.findElements(By.cssSelector("#checks .name")).forEach(e -> checks.add(e.getText()));
        assertEquals(List.of("database", "cache", "video-cdn"), checks);
        assertTrue(answers.get("alerts").path("total").asLong() >= 2, answers.get("alerts").toString());
        List<String> rules = new ArrayList<>();
        driver.findElements(By.cssSelector("#alerts .name")).forEach(e -> rules.add(e.getText()));
        assertTrue(rules.containsAll(List.of("critical_errors", "severity_high")), rules.toString());
        assertTrue(driver.findElements(By.cssSelector("#pattern-rows tr")).size() >= 5);
        assertTrue(driver.findElements(By.cssSelector("#latency-rows tr")).size() >= 4);
        assertTrue(answers.get("performance").path("slow_requests").asLong() >= 2);
        assertTrue(shown().size() > 100, "every figure is tied to its source");

        // the charts are uPlot's, drawn from the same answers
        @SuppressWarnings("unchecked")
        List<Object> rate = (List<Object>) js("return window.FaultlineDashboard.charts.rate.data;");
        assertEquals(longs(errors.path("per_minute"), "errors"), longs(rate.get(1)));
        assertEquals(longs(errors.path("per_minute"), "requests"), longs(rate.get(2)));
        @SuppressWarnings("unchecked")
        List<Object> trend = (List<Object>) js("return window.FaultlineDashboard.charts.trend.data;");
        assertEquals(longs(answers.get("trends").path("hourly_counts"), "errors"), longs(trend.get(1)));
        @SuppressWarnings("unchecked")
        List<Object> types = (List<Object>) js("return window.FaultlineDashboard.charts.types.data;");
        assertEquals(List.copyOf(byType.values()), longs(types.get(1)));
        for (String chart : List.of("rate", "trend", "types")) {
            assertTrue(redPixels(chart) > 20, chart + " has its error bars drawn");
        }
        assertEquals(3L, ((Number) js("return document.querySelectorAll('.uplot canvas').length;")).longValue());

        // nothing was fetched from another origin, and nothing went wrong in the page
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name);");
        String origin = base.toString().replaceAll("/$", "");
        for (String r : resources) {
            assertTrue(r.startsWith(origin + "/"), "a request to another origin: " + r);
        }
        assertEquals(List.of(), consoleProblems(false));

        setPaused(false);
        screenshot("dashboard-laptop.png");
        String copy = System.getProperty("faultline.dashboard.screenshot");
        if (copy != null && !copy.isBlank()) {
            Path target = Path.of(copy);
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(SCREENSHOTS.resolve("dashboard-laptop.png"), target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    @Order(3)
    @DisplayName("on a phone, a token in the URL fragment is taken, hidden, and the page fits the screen")
    void phone() throws Exception {
        js("sessionStorage.clear();");
        driver.get("about:blank");
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(base.resolve("metrics/dashboard/") + "#token=" + TOKEN);
        new WebDriverWait(driver, WAIT).until(d -> rounds() >= 1 && "0".equals(js("return document.body.dataset.failing;")));
        assertEquals("", js("return location.hash;"), "the token is removed from the address bar");
        assertEquals(TOKEN, js("return sessionStorage.getItem('faultline.dashboard.token');"));
        awaitAgreement();
        long overflow = ((Number) js("return document.documentElement.scrollWidth - window.innerWidth;")).longValue();
        assertTrue(overflow <= 0, "the page is " + overflow + " px wider than the phone");
        for (String chart : List.of("rate", "trend", "types")) {
            long width = ((Number) js("return window.FaultlineDashboard.charts[arguments[0]].width;", chart)).longValue();
            assertTrue(width <= 390, chart + " fits: " + width);
            assertTrue(redPixels(chart) > 0, chart + " is drawn");
        }
        assertEquals(List.of(), consoleProblems(false));
        screenshot("dashboard-phone.png");
    }

    @Test
    @Order(4)
    @DisplayName("a failing endpoint is shown as failing on its cards, and the page keeps going")
    void failure() throws Exception {
        driver.manage().window().setSize(new Dimension(1440, 1000));
        js("sessionStorage.setItem('faultline.dashboard.token', arguments[0]);", TOKEN + "-wrong");
        awaitFreshRound();
        assertEquals("401", driver.findElement(By.id("card-latency")).getAttribute("data-failed"));
        assertTrue(driver.findElement(By.id("banner")).getText().contains("refused"), text("banner"));
        assertEquals("22", text("kpi-errors"), "the last figures stay, marked stale");
        js("sessionStorage.setItem('faultline.dashboard.token', arguments[0]);", TOKEN);
        new WebDriverWait(driver, WAIT).until(d -> "0".equals(js("return document.body.dataset.failing;")));
        assertFalse(driver.findElement(By.id("banner")).isDisplayed());
        assertEquals(List.of(), consoleProblems(true));
    }

}
