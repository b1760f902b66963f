package dev.faultline.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The path Faultline logs and matches, and the form text it rebuilds. */
class ServletRequestViewTest {

    @ParameterizedTest(name = "{0} under context \"{1}\" is {2}")
    @CsvSource(delimiter = '|', value = {
        "/videos/7|''|/videos/7",
        "/app/videos/7|/app|/videos/7",
        "/app|/app|/",
        "/app/|/app|/",
        "/other/videos|/app|/other/videos",
        "/videos;jsessionid=ABC123/7|''|/videos/7",
        "/videos/7;JSESSIONID=abc|''|/videos/7",
        "/a;v=1;jsessionid=x;w=2/b|''|/a;v=1;w=2/b",
        "/a%2Fb;x=1|''|/a%2Fb;x=1",
    })
    @DisplayName("the path is the raw URI within the application, without a session id")
    void path(String uri, String context, String expected) {
        assertEquals(expected, ServletRequestView.withinApplication(uri, context));
    }

    @Test
    @DisplayName("a form is rebuilt from the parameter map without the query string's values, URL-encoded")
    void formText() {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        parameters.put("q", new String[] {"from-query", "from-body"});
        parameters.put("name", new String[] {"caf\u00e9 kit"});
        parameters.put("page", new String[] {"2"});
        String text = FaultlineRequest.formText(parameters, "q=from-query&page=2", StandardCharsets.UTF_8, 1000);
        assertEquals("q=from-body&name=caf%C3%A9+kit", text);
    }

    @Test
    @DisplayName("a rebuilt form stops soon after the limit")
    void formTextLimit() {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        parameters.put("a", new String[] {"x".repeat(50), "y".repeat(50), "z".repeat(50)});
        String text = FaultlineRequest.formText(parameters, null, StandardCharsets.UTF_8, 60);
        assertEquals("a=" + "x".repeat(50) + "&a=" + "y".repeat(50), text);
    }
}
