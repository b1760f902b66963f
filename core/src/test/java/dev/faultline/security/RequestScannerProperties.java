package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

@Label("RequestScanner properties")
class RequestScannerProperties {

    /** One scanner for every try, so that its memory of clean header values fills up across them. */
    static final RequestScanner SCANNER = RequestScanner.create();

    @Provide
    Arbitrary<List<String>> headerValues() {
        Arbitrary<String> hostile = new SignatureScannerProperties().hostile();
        Arbitrary<String> agents = Arbitraries.of(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
                "curl/8.5.0", "https://example.com/search?q=shoes&page=2");
        return Arbitraries.oneOf(hostile, agents, agents.map(a -> a + " ' or 1=1 --")).list().ofMaxSize(6);
    }

    @Property
    @Label("header findings are those of a scan of each value alone, whatever was scanned before")
    void sameAsAlone(@ForAll("headerValues") List<String> values) {
        FakeRequest request = FakeRequest.get("/");
        for (int i = 0; i < values.size(); i++) {
            request.header(i % 2 == 0 ? "User-Agent" : "Referer", values.get(i));
        }
        java.util.Set<String> expected = new java.util.TreeSet<>(); // a report lists a rule once per location
        for (int i = 0; i < values.size(); i++) {
            String location = i % 2 == 0 ? "header:User-Agent" : "header:Referer";
            ScanReport alone = SignatureScanner.create().scan(location, values.get(i));
            for (Finding f : alone.issues()) {
                expected.add(f.ruleId() + "@" + f.location());
            }
        }
        for (int round = 0; round < 2; round++) {
            ScanReport r = SCANNER.scan(request);
            assertEquals(expected.size(), r.issuesFound());
            assertEquals(List.copyOf(expected),
                    RequestScannerTest.where(r).stream().sorted().toList());
        }
    }

    @Provide
    Arbitrary<List<String>> paths() {
        Arbitrary<String> hostile = new SignatureScannerProperties().hostile()
                .map(v -> "/" + v.replace("?", "").replace("#", ""));
        Arbitrary<String> routes = Arbitraries.of("/", "/hello", "/api/videos", "/api/videos/42", "/static/app.js",
                "/a/b/../c", "/docs/v1.2/intro", "/search/o'brien");
        return Arbitraries.oneOf(hostile, routes, routes).list().ofMaxSize(8);
    }

    @Property
    @Label("path findings are those of a scan of the path alone, whatever paths were scanned before")
    void pathSameAsAlone(@ForAll("paths") List<String> paths) {
        for (String path : paths) {
            List<String> expected = RequestScannerTest.where(SignatureScanner.create().scan("path", path)).stream()
                    .sorted().toList();
            for (int round = 0; round < 2; round++) {
                assertEquals(expected, RequestScannerTest.where(SCANNER.scan(FakeRequest.get(path))).stream()
                        .sorted().toList());
            }
        }
    }

    @Provide
    Arbitrary<List<String>> queryParameters() {
        Arbitrary<String> hostile = new SignatureScannerProperties().hostile().map(v -> v.replace("&", ""));
        Arbitrary<String> benign = Arbitraries.of("coast+walk%2C+river", "2", "kind%3Avalley", "", "O%27Brien");
        Arbitrary<String> value = Arbitraries.oneOf(hostile, benign, benign);
        // "name=value", a parameter without '=' (runs of them: the '=' search must not run on into the
        // next parameter), or an empty one
        Arbitrary<String> param = Arbitraries.oneOf(value.map(v -> "=" + v), value.map(v -> v.replace("=", "")),
                Arbitraries.just(""));
        return param.list().ofMaxSize(40);
    }

    @Property(tries = 300)
    @Label("query findings are those of each parameter's name and value scanned alone")
    void queryParametersAlone(@ForAll("queryParameters") List<String> params) {
        StringBuilder query = new StringBuilder();
        java.util.Set<String> expected = new java.util.TreeSet<>();
        int index = 0;
        for (int k = 0; k < params.size(); k++) {
            String p = params.get(k).startsWith("=") ? "p" + k + params.get(k) : params.get(k);
            if (k > 0) {
                query.append('&');
            }
            query.append(p);
            if (p.isEmpty()) {
                continue;
            }
            index++;
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? "" : p.substring(eq + 1);
            String location = "query:" + RequestScanner.displayName(name, index, new Canonicalizer.Work());
            for (String part : List.of(name, value)) {
                for (Finding f : SignatureScanner.create().scan(location, part).issues()) {
                    expected.add(f.ruleId() + "@" + f.location());
                }
            }
        }
        ScanReport r = RequestScanner.builder().maxIssues(1024).build().scan(FakeRequest.get("/").query(query.toString()));
        assertEquals(List.copyOf(expected), RequestScannerTest.where(r).stream().sorted().distinct().toList());
    }
}
