package dev.faultline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Named settings")
class SettingsTest {

    private static Settings of(String name, String value) {
        return Settings.of(Map.of(name, value)::get);
    }

    @Test
    @DisplayName("map to environment variable names by upper-casing and replacing dots and dashes")
    void envName() {
        assertEquals("FAULTLINE_PROBLEM_EXPOSE_DETAILS", Settings.envName("faultline.problem.expose-details"));
        assertEquals("FAULTLINE_ENV", Settings.envName("faultline.env"));
    }

    @Test
    @DisplayName("treat unset and blank values alike, and trim the rest")
    void blankIsUnset() {
        assertNull(Settings.none().get("x"));
        assertNull(of("x", "   ").get("x"));
        assertNull(of("x", "").bool("x"));
        assertEquals("v", of("x", "  v \t").get("x"));
    }

    @Nested
    @DisplayName("booleans")
    class Booleans {

        @ParameterizedTest(name = "\"{0}\" is true")
        @ValueSource(strings = {"true", "TRUE", "True", "on", "yes", "1", " true "})
        @DisplayName("accept true, on, yes, 1 in any case")
        void truthy(String value) {
            assertEquals(Boolean.TRUE, of("b", value).bool("b"));
        }

        @ParameterizedTest(name = "\"{0}\" is false")
        @ValueSource(strings = {"false", "FALSE", "off", "no", "0"})
        @DisplayName("accept false, off, no, 0 in any case")
        void falsy(String value) {
            assertEquals(Boolean.FALSE, of("b", value).bool("b"));
        }

        @ParameterizedTest(name = "\"{0}\" fails")
        @ValueSource(strings = {"maybe", "tru", "2", "y", "enabled"})
        @DisplayName("refuse anything else, naming the setting")
        void bad(String value) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> of("faultline.some.switch", value).bool("faultline.some.switch"));
            assertTrue(e.getMessage().contains("faultline.some.switch"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("integers")
    class Integers {

        @Test
        @DisplayName("parse within bounds")
        void within() {
            assertEquals(7, of("n", "7").integer("n", 0, 10));
            assertNull(Settings.none().integer("n", 0, 10));
        }

        @Test
        @DisplayName("refuse non-numbers and values out of bounds, naming the setting")
        void bad() {
            IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class,
                    () -> of("faultline.n", "seven").integer("faultline.n", 0, 10));
            assertTrue(notNumber.getMessage().contains("faultline.n"));
            IllegalArgumentException outOfBounds = assertThrows(IllegalArgumentException.class,
                    () -> of("faultline.n", "11").integer("faultline.n", 0, 10));
            assertTrue(outOfBounds.getMessage().contains("faultline.n"));
        }
    }

    @Nested
    @DisplayName("durations")
    class Durations {

        @ParameterizedTest(name = "\"{0}\" -> {1} ms")
        @org.junit.jupiter.params.provider.CsvSource({"5s, 5000", "1500ms, 1500", "2m, 120000", "1h, 3600000",
                "PT5S, 5000", "pt0.25s, 250", " 30S , 30000", "0s, 0"})
        @DisplayName("parse a number with a unit, or ISO-8601")
        void parse(String value, long millis) {
            assertEquals(java.time.Duration.ofMillis(millis),
                    of("d", value).duration("d", java.time.Duration.ZERO, java.time.Duration.ofHours(2)));
            assertNull(Settings.none().duration("d", java.time.Duration.ZERO, java.time.Duration.ofHours(2)));
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"5", "five seconds", "5 sec", "-5s", "PT", "3h"})
        @DisplayName("refuse what is not a duration, or out of bounds, naming the setting")
        void bad(String value) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> of("faultline.d", value).duration("faultline.d", java.time.Duration.ZERO, java.time.Duration.ofHours(2)));
            assertTrue(e.getMessage().contains("faultline.d"), e.getMessage());
        }
    }
}
