package dev.faultline.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Route templates")
class RouteTemplatesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/videos/{id}|/videos/{id}",
        "/videos/{id: [0-9]+}|/videos/{id}",
        "/videos/{id:\\d+}/tags/{t : [a-z]{2,3}}|/videos/{id}/tags/{t}",
        "/videos/|/videos",
        "/|/",
        "/a:b/{x}|/a:b/{x}",
        "/numbers/{n: [0-9]{1,6}}/x|/numbers/{n}/x",
        "/broken/{id: [0-9|/broken/{id: [0-9",
        "//videos/{id}|/videos/{id}",
        "/a//b/|/a/b"})
    void normalize(String in, String out) {
        assertEquals(out, RouteTemplates.normalize(in));
    }

    @Test
    @DisplayName("a missing or empty template is null")
    void empty() {
        assertNull(RouteTemplates.normalize(null));
        assertNull(RouteTemplates.normalize(""));
    }
}
