package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Xss family")
class XssTest {

    final Xss xss = new Xss();

    @ParameterizedTest(name = "{0} -> {1}")
    @DisplayName("reads tags and attributes the way a browser does")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "<script>alert(1)</script>                        | xss.script-tag",
        "<ScRiPt src=//x>                                 | xss.script-tag",
        "<iframe src=x>                                   | xss.frame-tag",
        "<img src=x onerror=alert(1)>                     | xss.event-handler",
        "<svg/onload=alert(1)>                            | xss.event-handler",
        "~<img src=`x`onerror=alert(1)>~                  | xss.event-handler",
        "~<img src=\"/\" =_=\" title=\"onerror='prompt(1)'\">~ | xss.event-handler",
        "</a onmousemove=alert(1)>                        | xss.event-handler",
        "~<x:template x:ontimer=\"alert(1)\">~            | xss.dangerous-tag",
        "<svg>                                            | xss.dangerous-tag",
        "<style>@import'x.css';</style>                   | xss.dangerous-tag",
        "~<!DOCTYPE x[<!ENTITY x SYSTEM \"http://a/x\">]>~ | xss.dangerous-tag",
        "<?xml-stylesheet type=text/css?>                 | xss.dangerous-tag",
        "~<div style=\"width: expression(alert(1))\">~    | xss.style",
        "~<span datasrc=#x datafld=b>~                    | xss.dangerous-attribute",
        "~<a href=\"javascript:alert(1)\">x</a>~          | xss.javascript-url",
        "~<a href=\" java script:alert(1)\">~             | xss.javascript-url",
        "~<a href=\"data:application/x;base64,PHN2Zz4=\">~ | xss.data-html",
        "data:text/html;base64,PHNjcmlwdD4=               | xss.data-html",
        "~<iframe srcdoc=\"&lt;b&gt;\">~                  | xss.frame-tag",
        "~x\" onmouseover=\"alert(1)~                     | xss.event-handler",
        "~xxxx\"onload=\"alert(1)\"~                      | xss.event-handler",
        "~ onerror=alert(1)>~                             | xss.event-handler",
        "%C2%ABimg onerror=alert(1) src=a%C2%BB            | xss.event-handler",
    })
    void attacks(String value, String rule) {
        assertTrue(Families.rules(xss, value).contains(rule), () -> Families.rules(xss, value).toString());
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("stays quiet on markup-like text")
    @ValueSource(strings = {"I <3 you", "a < b > c", "List<String> names", "Map<String, Integer>", "x <= y",
        "<b>bold</b> and <i>italic</i>", "<a href=\"https://example.com/\">link</a>", "<br/>",
        "JavaScript: The Good Parts", "online=true", "the onset = early", "« Bonjour »", "data: 42",
        "<p>note: see <em>this</em></p>", "if (a<b && c>d) {}", "email me <ada@example.com>"})
    void benign(String value) {
        assertEquals(Set.of(), Families.rules(xss, value));
    }

    @Test
    @DisplayName("in a body, a style attribute counts only with CSS that runs or loads code")
    void bodyStyle() {
        assertEquals(Set.of(), Families.rules(xss, "body", "<p style=\"text-align:center\">hi</p>"));
        assertEquals(Set.of("xss.style"), Families.rules(xss, "body", "<p style=\"x:expression(alert(1))\">"));
        assertEquals(Set.of("xss.style"), Families.rules(xss, "query:q", "<p style=\"color:red\">"));
    }

    @Test
    @DisplayName("reads an unterminated quoted value once more as text, and tries no later search for that quote")
    void unterminated() {
        assertTrue(Families.rules(xss, "<a title=\"<script>").contains("xss.script-tag"));
        String many = "<a x=\"".repeat(10_000);
        Cursor c = new Cursor().set(many);
        xss.run(c, Families.ALL);
        assertTrue(c.w.ops < 20L * many.length(), () -> c.w.ops + " ops");
    }
}
