package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("RequestScanner")
class RequestScannerTest {

    static final RequestScanner SCANNER = RequestScanner.create();

    /** The first of {@code candidates(0), candidates(1), ...} that falls in {@code value}'s slot of a table of {@code slots}. */
    static String inSameSlot(String value, int slots, java.util.function.IntFunction<String> candidates) {
        int slot = value.hashCode() & (slots - 1);
        for (int k = 0; ; k++) {
            String candidate = candidates.apply(k);
            if ((candidate.hashCode() & (slots - 1)) == slot) {
                return candidate;
            }
        }
    }

    static List<String> where(ScanReport r) {
        return r.issues().stream().map(f -> f.ruleId() + "@" + f.location()).toList();
    }

    @Nested
    @DisplayName("scans each part of a request at its own location")
    class Parts {

        @Test
        @DisplayName("a clean request gives an empty report")
        void clean() {
            ScanReport r = SCANNER.scan(FakeRequest.get("/videos/42").query("page=2&sort=-created")
                    .header("User-Agent", "curl/8.5.0").header("Cookie", "session=abc; theme=dark"),
                    "{\"title\":\"O'Brien's union\"}");
            assertFalse(r.hasIssues(), r::toString);
            assertEquals(Map.of("issues_found", 0, "issues", List.of()), r.toMap());
        }

        @Test
        @DisplayName("the decoded path")
        void path() {
            assertEquals(List.of("traversal.dot-dot@path", "traversal.sensitive-file@path"),
                    where(SCANNER.scan(FakeRequest.get("/static/%2e%2e/%2e%2e/etc/passwd"))));
        }

        @Test
        @DisplayName("each query parameter as query:<name>")
        void query() {
            ScanReport r = SCANNER.scan(FakeRequest.get("/search").query("q=%3Cscript%3E&page=1&id=1%20or%201%3D1"));
            assertEquals(List.of("xss.script-tag@query:q", "sqli.tautology@query:id"), where(r));
        }

        @Test
        @DisplayName("a parameter name that is not a plain word by its position, never by its text")
        void hostileName() {
            ScanReport r = SCANNER.scan(FakeRequest.get("/").query("a=1&%3Cscript%3E=x&ok=2"));
            assertEquals(List.of("xss.script-tag@query:#2"), where(r));
        }

        @Test
        @DisplayName("a separator inside a value does not split it (only & does)")
        void encodedAmpersand() {
            ScanReport r = SCANNER.scan(FakeRequest.get("/").query("next=https%3A%2F%2Fexample.com%2F%3Fa%3D1%26b%3D2"));
            assertFalse(r.hasIssues(), r::toString);
        }

        @Test
        @DisplayName("the default headers, every value of a repeated one, names case-insensitively")
        void headers() {
            ScanReport r = SCANNER.scan(FakeRequest.get("/")
                    .header("user-agent", "Mozilla/5.0")
                    .header("USER-AGENT", "${jndi:ldap://evil.example/a}")
                    .header("X-Custom", "<script>")
                    .header("Referer", "https://example.com/?q=%3Cscript%3E"));
            assertEquals(List.of("jndi.lookup@header:User-Agent", "xss.script-tag@header:Referer"), where(r));
        }

        @Test
        @DisplayName("the configured headers only")
        void configuredHeaders() {
            RequestScanner custom = RequestScanner.builder().headers(List.of("X-Custom", "x-custom")).build();
            assertEquals(List.of("X-Custom"), custom.headers());
            ScanReport r = custom.scan(FakeRequest.get("/")
                    .header("User-Agent", "${jndi:ldap://x}").header("x-custom", "<script>"));
            assertEquals(List.of("xss.script-tag@header:X-Custom"), where(r));
            assertFalse(RequestScanner.builder().headers(List.of()).build()
                    .scan(FakeRequest.get("/").header("User-Agent", "${jndi:ldap://x}")).hasIssues());
        }

        @Test
        @DisplayName("configured names of one length, and names longer than the by-length table, match case-insensitively")
        void headerNamesByLength() {
            String longName = "X-" + "A".repeat(RequestScanner.BY_LENGTH);
            RequestScanner custom = RequestScanner.builder()
                    .headers(List.of("X-One", "X-Two", "X-Six-Chars", longName)).build();
            ScanReport r = custom.scan(FakeRequest.get("/")
                    .header("x-two", "<script>")
                    .header("X-ONE", "${jndi:ldap://x}")
                    .header("X-Thr", "<script>") // the length of two configured names, but neither
                    .header("x-six-chars", "../../etc/passwd")
                    .header("X-Six-Charz", "<script>") // the length of one configured name, but not it
                    .header(longName.toLowerCase(java.util.Locale.ROOT), "<script>")
                    .header(longName + "B", "<script>"));
            assertEquals(List.of("xss.script-tag@header:X-Two", "jndi.lookup@header:X-One",
                    "traversal.dot-dot@header:X-Six-Chars", "traversal.sensitive-file@header:X-Six-Chars",
                    "xss.script-tag@header:" + longName), where(r));
        }

        @Test
        @DisplayName("a captured body as body, where line breaks are just text")
        void body() {
            ScanReport r = SCANNER.scan(FakeRequest.get("/comments"),
                    "{\"text\":\"line one\\nSet-Cookie: nope\",\"q\":\"' or '1'='1\"}");
            assertEquals(List.of("sqli.tautology@body"), where(r));
            assertFalse(SCANNER.scan(FakeRequest.get("/"), "Dear team,\r\nRegards: Ann").hasIssues());
        }

        @Test
        @DisplayName("every location once, and each rule once per location")
        void dedupe() {
            ScanReport r = SCANNER.scan(FakeRequest.get("/").query("q=<script>&q=<script>&q=%3Cscript%3E"));
            assertEquals(1, r.issuesFound());
        }
    }


    @Nested
    @DisplayName("remembers header values that scanned clean")
    class CleanHeaderValues {

        static final String UA =
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

        @Test
        @DisplayName("a repeated clean value stays clean, a hostile one is found every time")
        void repeated() {
            RequestScanner s = RequestScanner.builder().build();
            String hostile = "Mozilla/5.0 ' or 1=1 -- (compatible; evil)";
            for (int i = 0; i < 3; i++) {
                assertFalse(s.scan(FakeRequest.get("/").header("User-Agent", UA)).hasIssues());
                assertEquals(List.of("sqli.tautology@header:User-Agent"),
                        where(s.scan(FakeRequest.get("/").header("User-Agent", hostile))));
            }
        }

        @Test
        @DisplayName("a hostile value in the slot of a remembered clean one is still scanned")
        void sameSlot() {
            RequestScanner s = RequestScanner.builder().build();
            String hostile = "<script>alert(1)</script> Mozilla/5.0";
            String clean = inSameSlot(hostile, RequestScanner.CLEAN_SLOTS, k -> UA + " build/" + k);
            assertFalse(s.scan(FakeRequest.get("/").header("User-Agent", clean)).hasIssues());
            assertEquals(1, s.remembered("User-Agent"));
            assertEquals(List.of("xss.script-tag@header:User-Agent"),
                    where(s.scan(FakeRequest.get("/").header("User-Agent", hostile))));
        }

        @Test
        @DisplayName("keeps no value of a header that may carry a credential: Cookie, Referer, one the user adds")
        void credentialsNotKept() {
            RequestScanner s = RequestScanner.builder().build();
            String cookie = "session=0123456789abcdef0123456789abcdef; theme=dark";
            String referer = "https://example.com/reset?token=0123456789abcdef0123456789abcdef";
            assertFalse(s.scan(FakeRequest.get("/").header("User-Agent", UA).header("Cookie", cookie)
                    .header("Referer", referer)).hasIssues());
            assertEquals(1, s.remembered("User-Agent"));
            assertEquals(-1, s.remembered("Cookie"));
            assertEquals(-1, s.remembered("Referer"));
            RequestScanner custom = RequestScanner.builder().headers(List.of("X-Api-Key", "User-Agent")).build();
            assertFalse(custom.scan(FakeRequest.get("/").header("X-Api-Key", "k_0123456789abcdef0123456789abcdef")
                    .header("User-Agent", UA)).hasIssues());
            assertEquals(-1, custom.remembered("X-Api-Key"));
            assertEquals(1, custom.remembered("User-Agent"));
        }

        @Test
        @DisplayName("the same value is reported at the location of each header it comes in")
        void location() {
            RequestScanner s = RequestScanner.builder().build();
            String hostile = "https://example.com/?q=<script>alert(1)</script>";
            assertEquals(List.of("xss.script-tag@header:Referer", "xss.script-tag@header:User-Agent"),
                    where(s.scan(FakeRequest.get("/").header("Referer", hostile).header("User-Agent", hostile))));
        }
    }

    @Nested
    @DisplayName("remembers paths that scanned clean")
    class CleanPaths {

        @Test
        @DisplayName("a repeated clean path is kept once; a hostile one is found every time and never kept")
        void repeated() {
            RequestScanner s = RequestScanner.builder().build();
            for (int i = 0; i < 3; i++) {
                assertFalse(s.scan(FakeRequest.get("/api/videos")).hasIssues());
                assertEquals(List.of("traversal.dot-dot@path"), where(s.scan(FakeRequest.get("/static/../../etc/x"))));
            }
            assertEquals(1, s.rememberedPaths());
        }

        @Test
        @DisplayName("a hostile path in the slot of a remembered clean one is still scanned")
        void sameSlot() {
            RequestScanner s = RequestScanner.builder().build();
            String hostile = "/files/..%2f..%2fetc%2fpasswd";
            String clean = inSameSlot(hostile, RequestScanner.CLEAN_PATH_SLOTS, k -> "/api/videos/" + k);
            assertFalse(s.scan(FakeRequest.get(clean)).hasIssues());
            assertEquals(1, s.rememberedPaths());
            ScanReport r = s.scan(FakeRequest.get(hostile));
            assertTrue(r.hasIssues());
            assertEquals(List.copyOf(where(SignatureScanner.create().scan("path", hostile))), where(r));
            assertFalse(s.scan(FakeRequest.get(clean)).hasIssues());
        }

        @Test
        @DisplayName("keeps at most CLEAN_PATH_SLOTS paths, none longer than CLEAN_PATH_MAX_CHARS")
        void bounded() {
            RequestScanner s = RequestScanner.builder().build();
            for (int i = 0; i < 10 * RequestScanner.CLEAN_PATH_SLOTS; i++) {
                assertFalse(s.scan(FakeRequest.get("/api/videos/" + i)).hasIssues());
            }
            assertTrue(s.rememberedPaths() <= RequestScanner.CLEAN_PATH_SLOTS);
            RequestScanner fresh = RequestScanner.builder().build();
            String longPath = "/a" + "/segment".repeat(RequestScanner.CLEAN_PATH_MAX_CHARS / 8);
            assertFalse(fresh.scan(FakeRequest.get(longPath)).hasIssues());
            assertEquals(0, fresh.rememberedPaths());
        }
    }

    @Nested
    @DisplayName("bounds")
    class Bounds {

        @Test
        @DisplayName("scans at most maxQueryParameters parameters and reports the query as truncated")
        void maxQueryParameters() {
            RequestScanner s = RequestScanner.builder().maxQueryParameters(2).build();
            ScanReport r = s.scan(FakeRequest.get("/").query("a=1&b=2&c=<script>"));
            assertFalse(r.hasIssues());
            assertEquals(List.of("query"), r.truncated());
            assertEquals(List.of("query"), r.toMap().get("truncated"));
        }

        @Test
        @DisplayName("lists at most maxIssues findings but counts them all")
        void maxIssues() {
            RequestScanner s = RequestScanner.builder().maxIssues(2).build();
            ScanReport r = s.scan(FakeRequest.get("/").query("a=<script>&b=<script>&c=<script>&d=<script>"));
            assertEquals(4, r.issuesFound());
            assertEquals(2, r.issues().size());
            assertEquals(2, r.toMap().get("issues_omitted"));
        }

        @Test
        @DisplayName("reports values over the scanner's cap as truncated")
        void truncated() {
            RequestScanner s = RequestScanner.builder()
                    .signatures(SignatureScanner.builder().maxInputLength(8).build()).build();
            ScanReport r = s.scan(FakeRequest.get("/a-long-path-indeed").header("Referer", "short"));
            assertEquals(List.of("path"), r.truncated());
        }

        @Test
        @DisplayName("rejects bad settings naming them")
        void validation() {
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> RequestScanner.builder().maxIssues(0)).getMessage().contains("security.max_issues"));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> RequestScanner.builder().headers(List.of("Bad Header"))).getMessage()
                    .contains("security.scan_headers"));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> RequestScanner.builder().maxQueryParameters(0)).getMessage()
                    .contains("security.max_query_parameters"));
        }
    }
}
