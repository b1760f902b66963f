package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.error.ErrorClassifier;
import dev.faultline.error.NotFoundException;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.testkit.TestRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Faultline configuration")
class FaultlineConfigTest {

    /** A settings lookup over fixed values; every other name is unset. */
    private static UnaryOperator<String> settings(String... namesAndValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return m::get;
    }

    private static void assertFailsNaming(String setting, Executable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertTrue(e.getMessage() != null && e.getMessage().contains(setting),
                () -> "message should name " + setting + ": " + e.getMessage());
    }

    @Nested
    @DisplayName("environment presets")
    class Presets {

        @ParameterizedTest(name = "\"{0}\" is {1}")
        @CsvSource({
                "production, PRODUCTION", "prod, PRODUCTION", "PROD, PRODUCTION", "' Production ', PRODUCTION",
                "development, DEVELOPMENT", "dev, DEVELOPMENT", "DEV, DEVELOPMENT", "local, DEVELOPMENT",
                "staging, DEFAULT", "test, DEFAULT", "qa, DEFAULT", "other, DEFAULT"})
        @DisplayName("Environment.parse knows production and development names; anything else is DEFAULT")
        void parse(String name, Environment expected) {
            assertEquals(expected, Environment.parse(name));
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", " ", "\t\n"})
        @DisplayName("Environment.parse refuses a blank name")
        void blank(String name) {
            assertThrows(IllegalArgumentException.class, () -> Environment.parse(name));
        }

        @Test
        @DisplayName("have the switches of the design's table")
        void switches() {
            assertTrue(Environment.PRODUCTION.recovery());
            assertFalse(Environment.PRODUCTION.logPayloads());
            assertTrue(Environment.PRODUCTION.alerting());
            assertEquals(24, Environment.PRODUCTION.retentionHours());
            assertFalse(Environment.PRODUCTION.exposeExceptionDetails());

            assertFalse(Environment.DEVELOPMENT.recovery());
            assertTrue(Environment.DEVELOPMENT.logPayloads());
            assertFalse(Environment.DEVELOPMENT.alerting());
            assertEquals(1, Environment.DEVELOPMENT.retentionHours());
            assertTrue(Environment.DEVELOPMENT.exposeExceptionDetails());

            assertTrue(Environment.DEFAULT.recovery());
            assertFalse(Environment.DEFAULT.logPayloads());
            assertTrue(Environment.DEFAULT.alerting());
            assertEquals(24, Environment.DEFAULT.retentionHours());
            assertFalse(Environment.DEFAULT.exposeExceptionDetails());
        }

        @Test
        @DisplayName("Environment.detect reads FAULTLINE_ENV, then ENVIRONMENT, else DEFAULT")
        void detect() {
            assertEquals(Environment.DEVELOPMENT, Environment.detect(settings("FAULTLINE_ENV", "dev", "ENVIRONMENT", "prod")));
            assertEquals(Environment.PRODUCTION, Environment.detect(settings("ENVIRONMENT", "prod")));
            assertEquals(Environment.PRODUCTION, Environment.detect(settings("FAULTLINE_ENV", " ", "ENVIRONMENT", "prod")));
            assertEquals(Environment.DEFAULT, Environment.detect(settings()));
        }
    }

    @Nested
    @DisplayName("the builder's named settings")
    class NamedSettings {

        @Test
        @DisplayName("with nothing set give DEFAULT, which hides exception details")
        void nothingSet() {
            Faultline f = Faultline.builder().settings(name -> null).build();
            assertEquals(Environment.DEFAULT, f.environment());
            assertFalse(f.exposesExceptionDetails());
            assertEquals("X-Request-Id", f.requestIdHeader());
        }

        @Test
        @DisplayName("faultline.env = development gives DEVELOPMENT, which exposes exception details")
        void development() {
            Faultline f = Faultline.builder().settings(settings("faultline.env", "development")).build();
            assertEquals(Environment.DEVELOPMENT, f.environment());
            assertTrue(f.exposesExceptionDetails());
        }

        @Test
        @DisplayName("the environment may come from the setting \"environment\" when faultline.env is unset")
        void environmentFallback() {
            assertEquals(Environment.PRODUCTION,
                    Faultline.builder().settings(settings("environment", "prod")).build().environment());
            assertEquals(Environment.DEVELOPMENT, Faultline.builder()
                    .settings(settings("faultline.env", "dev", "environment", "prod")).build().environment());
        }

        @ParameterizedTest(name = "\"{0}\" -> {1}")
        @CsvSource({"true, true", "on, true", "YES, true", "1, true", "false, false", "off, false", "0, false"})
        @DisplayName("faultline.problem.expose-details overrides the preset")
        void exposeDetails(String value, boolean expected) {
            Faultline f = Faultline.builder()
                    .settings(settings("faultline.env", "production", "faultline.problem.expose-details", value))
                    .build();
            assertEquals(expected, f.exposesExceptionDetails());
        }

        @Test
        @DisplayName("a bad boolean in faultline.problem.expose-details fails build() naming the setting")
        void badBoolean() {
            Faultline.Builder b = Faultline.builder().settings(settings("faultline.problem.expose-details", "maybe"));
            assertFailsNaming("faultline.problem.expose-details", b::build);
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"errors/", "/errors/", "errors.example.com/", "https://exa mple.com/"})
        @DisplayName("a relative or malformed faultline.problem.type-base fails build() naming the setting")
        void badTypeBase(String base) {
            Faultline.Builder b = Faultline.builder().settings(settings("faultline.problem.type-base", base));
            assertFailsNaming("faultline.problem.type-base", b::build);
        }

        @Test
        @DisplayName("faultline.alerting.close-deadline sets how long close() waits for alert deliveries; code wins")
        void closeDeadline() {
            try (Faultline f = Faultline.builder().environment(Environment.PRODUCTION)
                    .settings(settings("faultline.alerting.close-deadline", "20s")).build()) {
                assertEquals(java.time.Duration.ofSeconds(20), f.pipeline.alerting.settings().closeDeadline());
            }
            try (Faultline f = Faultline.builder().environment(Environment.PRODUCTION)
                    .settings(settings("faultline.alerting.close-deadline", "20s"))
                    .alerting(a -> a.closeDeadline(java.time.Duration.ofSeconds(3))).build()) {
                assertEquals(java.time.Duration.ofSeconds(3), f.pipeline.alerting.settings().closeDeadline());
            }
            assertFailsNaming("faultline.alerting.close-deadline", Faultline.builder().environment(Environment.PRODUCTION)
                    .settings(settings("faultline.alerting.close-deadline", "soon"))::build);
        }

        @Test
        @DisplayName("blank values count as unset")
        void blankUnset() {
            Faultline f = Faultline.builder()
                    .settings(settings("faultline.env", "  ", "faultline.problem.expose-details", "",
                            "faultline.problem.type-base", " "))
                    .build();
            assertEquals(Environment.DEFAULT, f.environment());
            assertFalse(f.exposesExceptionDetails());
        }
    }

    @Nested
    @DisplayName("code overrides")
    class CodeOverrides {

        @Test
        @DisplayName("environment(...) beats faultline.env")
        void environment() {
            Faultline f = Faultline.builder().settings(settings("faultline.env", "development"))
                    .environment(Environment.PRODUCTION).build();
            assertEquals(Environment.PRODUCTION, f.environment());
            assertFalse(f.exposesExceptionDetails());
        }

        @Test
        @DisplayName("exposeExceptionDetails(...) beats the setting and the preset")
        void exposeDetails() {
            Faultline hidden = Faultline.builder()
                    .settings(settings("faultline.env", "dev", "faultline.problem.expose-details", "true"))
                    .exposeExceptionDetails(false).build();
            assertFalse(hidden.exposesExceptionDetails());
            Faultline shown = Faultline.builder().settings(name -> null)
                    .environment(Environment.PRODUCTION).exposeExceptionDetails(true).build();
            assertTrue(shown.exposesExceptionDetails());
        }

        @Test
        @DisplayName("problemTypeBase(...) beats faultline.problem.type-base")
        void typeBase() {
            Faultline f = Faultline.builder()
                    .settings(settings("faultline.problem.type-base", "https://settings.example/"))
                    .problemTypeBase("https://code.example/problems/").build();
            JsonNode json = ProblemJson.parse(f.open(TestRequest.get("/x")).fail(new NotFoundException(null)).body());
            assertEquals("https://code.example/problems/not-found", json.get("type").textValue());
        }

        @Test
        @DisplayName("the settings lookup is read at build(), not when set")
        void readAtBuild() {
            Map<String, String> values = new HashMap<>();
            Faultline.Builder b = Faultline.builder().settings(values::get);
            values.put("faultline.env", "dev");
            assertEquals(Environment.DEVELOPMENT, b.build().environment());
        }

        @Test
        @DisplayName("classifier(...) is the instance used")
        void classifier() {
            ErrorClassifier c = ErrorClassifier.builder().cacheSize(4).build();
            assertSame(c, Faultline.builder().settings(name -> null).classifier(c).build().classifier());
        }
    }

    @Nested
    @DisplayName("bad values in code")
    class BadCodeValues {

        @Test
        @DisplayName("problemTypeBase with a relative URI fails naming faultline.problem.type-base")
        void relativeTypeBase() {
            assertFailsNaming("faultline.problem.type-base", () -> Faultline.builder().problemTypeBase("errors/"));
        }

        @ParameterizedTest(name = "stackFrames({0})")
        @ValueSource(ints = {-1, 201, Integer.MIN_VALUE})
        @DisplayName("stackFrames outside 0..200 fails naming problem.stack_frames")
        void stackFrames(int frames) {
            assertFailsNaming("problem.stack_frames", () -> Faultline.builder().stackFrames(frames));
        }

        @Test
        @DisplayName("stackFrames 0 and 200 are accepted")
        void stackFramesBounds() {
            Faultline.builder().stackFrames(0).stackFrames(200);
        }

        @ParameterizedTest(name = "requestIdHeader(\"{0}\")")
        @ValueSource(strings = {"bad header", "", " ", "X:Id", "X-Id\r\n", "X/Id", "X-\u00e9"})
        @DisplayName("requestIdHeader that is not a header name fails naming request_id_header")
        void requestIdHeader(String header) {
            assertFailsNaming("request_id_header", () -> Faultline.builder().requestIdHeader(header));
        }

        @Test
        @DisplayName("ErrorClassifier cacheSize(0) fails naming classifier.cache_size")
        void cacheSize() {
            assertFailsNaming("classifier.cache_size", () -> ErrorClassifier.builder().cacheSize(0));
            assertFailsNaming("classifier.cache_size", () -> ErrorClassifier.builder().cacheSize(-5));
        }
    }

    @Nested
    @DisplayName("a custom request id header")
    class CustomHeader {

        @Test
        @DisplayName("is read from the request and echoed in the reply")
        void used() {
            Faultline f = Faultline.builder().settings(name -> null).requestIdHeader("X-Correlation-Id").build();
            Exchange x = f.open(TestRequest.get("/").header("X-Correlation-Id", "corr-7").header("X-Request-Id", "other"));
            assertEquals("corr-7", x.requestId());
            ErrorReply reply = x.failStatus(404);
            assertEquals("corr-7", reply.header("X-Correlation-Id"));
            assertEquals("corr-7", ProblemJson.parse(reply.body()).get("request_id").textValue());
        }
    }
}
