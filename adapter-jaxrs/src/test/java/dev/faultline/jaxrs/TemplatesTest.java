package dev.faultline.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Route templates lose the regular expressions of their parameters. */
class TemplatesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/videos/{id}|/videos/{id}",
        "/videos/{id: [0-9]+}|/videos/{id}",
        "/numbers/{n: [0-9]{1,6}}/x|/numbers/{n}/x",
        "/a/{x :[a-z]+}/{y}/{z:.*}|/a/{x}/{y}/{z}",
        "/plain:colon/{id}|/plain:colon/{id}",
        "/broken/{id: [0-9|/broken/{id: [0-9",
    })
    void strip(String template, String expected) {
        assertEquals(expected, Templates.strip(template));
    }
}
