package dev.faultline.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.error.NotFoundException;
import dev.faultline.http.HttpReply;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the dashboard's request handling and page rendering over open-ended input. */
class DashboardProperties {

    static final Dashboard DASHBOARD = Dashboard.create();

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> known = Arbitraries.of(DASHBOARD.files());
        Arbitrary<String> tricky = Arbitraries.strings().withChars("./%2e5cfA-Za-z0-9_\\:~?#;")
                .ofMaxLength(40);
        Arbitrary<String> anything = Arbitraries.strings().ofMaxLength(60);
        Arbitrary<String> glued = known.flatMap(k -> tricky.map(t -> k + t));
        return Arbitraries.oneOf(known, tricky, anything, glued);
    }

    /** Whatever follows the path, the answer is one of the fixed files, byte for byte, or a 404. */
    @Property(tries = 2000)
    void answersAKnownFileOrNotFound(@ForAll("names") String name) {
        String path = DASHBOARD.path() + name;
        try {
            HttpReply r = DASHBOARD.serve(path, DashboardTest.get(path));
            assertTrue(DASHBOARD.files().contains(name), name);
            assertEquals(200, r.status());
            assertArrayEquals(DASHBOARD.content(name), r.body());
        } catch (NotFoundException e) {
            assertFalse(DASHBOARD.files().contains(name), name);
        }
    }

    /** A title is always text in the page: no character of it can open markup or leave an attribute. */
    @Property(tries = 500)
    void escapedTextHasNoMarkup(@ForAll String raw) {
        String escaped = Assets.escape(raw);
        assertFalse(escaped.contains("<") || escaped.contains(">") || escaped.contains("\"") || escaped.contains("'"));
        String back = escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
        assertEquals(raw, back, "nothing is lost");
    }
}
