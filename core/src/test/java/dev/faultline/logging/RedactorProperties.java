package dev.faultline.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Redaction never lets a planted secret through, whatever the casing and encoding of its key, the
 * depth and position of the field, and wherever the body is cut.
 */
@Label("Redaction properties")
class RedactorProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Redactor REDACTOR = Redactor.create();
    private static final List<String> SENSITIVE = List.of("password", "passwd", "token", "access_token",
            "refresh_token", "client_secret", "api_key", "apiKey", "secret", "credential");

    // ------------------------------------------------------------------ generators

    /** A sensitive key as a client might spell it: any casing, a prefix or suffix, another separator. */
    @Provide
    Arbitrary<String> sensitiveKeys() {
        Arbitrary<String> base = Arbitraries.of(SENSITIVE);
        Arbitrary<String> decorated = Combinators.combine(base, Arbitraries.of("", "user_", "new", "x-", "my."),
                Arbitraries.of("", "_confirm", "2", "Value", "[0]")).as((b, pre, post) -> pre + b + post);
        return Combinators.combine(decorated, Arbitraries.longs()).as(RedactorProperties::randomCase);
    }

    private static String randomCase(String s, long seed) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(((seed >> (i % 63)) & 1) == 1 ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return b.toString();
    }

    /** A secret: 24 characters nobody would write by accident. */
    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings().withChars("ABCDEFGHJKMNPQRSTUVWXYZ23456789").ofLength(20).map(s -> "Zq" + s + "Xj");
    }

    @Provide
    Arbitrary<String> plainKeys() {
        return Arbitraries.of("title", "name", "id", "items", "meta", "note", "count", "tags", "owner", "script");
    }

    @Provide
    Arbitrary<String> plainValues() {
        return Arbitraries.strings().withChars("abcdefg XYZ-_.,:{}[]\"\\/'<>\n\t").ofMaxLength(20);
    }

    /** Every 8-character window of the secret: a partial secret is a leak too. */
    private static void assertNoPartOf(String secret, String out) {
        for (int i = 0; i + 8 <= secret.length(); i++) {
            String part = secret.substring(i, i + 8);
            assertFalse(out.contains(part), () -> "part '" + part + "' of the secret leaked: " + out);
        }
    }

    // ------------------------------------------------------------------ JSON

    @Property(tries = 300)
    @Label("a secret planted at any depth and position of a JSON document never survives")
    void jsonAnyDepth(@ForAll("sensitiveKeys") String key, @ForAll("secrets") String secret,
            @ForAll("plainKeys") String other, @ForAll("plainValues") String value,
            @ForAll @IntRange(min = 0, max = 6) int depth, @ForAll @IntRange(min = 0, max = 3) int position,
            @ForAll boolean inArray, @ForAll boolean pretty, @ForAll boolean escapedKey, @ForAll boolean secretAsObject)
            throws Exception {
        Object secretValue = secretAsObject ? Map.of("inner", secret, "list", List.of(1, secret)) : secret;
        Map<String, Object> leaf = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            if (i == position) {
                leaf.put(key, secretValue);
            }
            leaf.put(other + i, value);
        }
        Object doc = leaf;
        for (int d = 0; d < depth; d++) {
            Map<String, Object> wrapper = new LinkedHashMap<>();
            wrapper.put(other, value);
            wrapper.put("level" + d, inArray && d % 2 == 0 ? List.of("x", doc, 3) : doc);
            doc = wrapper;
        }
        String text = pretty ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) : JSON.writeValueAsString(doc);
        if (escapedKey) { // the same key written with a JSON unicode escape for its first letter
            String first = String.format("\\u%04x", (int) key.charAt(0));
            text = text.replace("\"" + key + "\"", "\"" + first + key.substring(1) + "\"");
        }
        String out = REDACTOR.json(text);
        assertNoPartOf(secret, out);
        assertTrue(out.contains(Redactor.DEFAULT_REPLACEMENT), out);
        JSON.readTree(out); // still valid JSON when the input was
    }

    @Property(tries = 300)
    @Label("a secret in JSON embedded as a string value never survives")
    void jsonEmbedded(@ForAll("sensitiveKeys") String key, @ForAll("secrets") String secret) throws Exception {
        String inner = JSON.writeValueAsString(Map.of("wrapper", Map.of(key, secret)));
        String text = JSON.writeValueAsString(Map.of("payload", inner, "note", "ok"));
        String out = REDACTOR.json(text);
        assertNoPartOf(secret, out);
        JSON.readTree(out);
    }

    @Property(tries = 500)
    @Label("a JSON body cut anywhere (a capped capture) never shows any part of a secret")
    void jsonCut(@ForAll("sensitiveKeys") String key, @ForAll("secrets") String secret,
            @ForAll @IntRange(min = 0, max = 400) int cut, @ForAll @IntRange(min = 0, max = 5) int depth) throws Exception {
        Object doc = Map.of(key, secret, "title", "a title", "list", List.of(1, 2, 3));
        for (int d = 0; d < depth; d++) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("n" + d, "v");
            w.put("child", d % 2 == 0 ? List.of(doc) : doc);
            doc = w;
        }
        String text = JSON.writeValueAsString(doc);
        String prefix = text.substring(0, Math.min(cut, text.length()));
        String out = REDACTOR.json(prefix);
        assertNoPartOf(secret, out);
    }

    @Property(tries = 200)
    @Label("a JSON or form body is redacted whatever content type the client declared")
    void bodyWhateverTheDeclaredType(@ForAll("sensitiveKeys") String key, @ForAll("secrets") String secret,
            @ForAll("declaredTypes") String declared, @ForAll boolean asJson) throws Exception {
        String text = asJson ? JSON.writeValueAsString(Map.of("user", "alice", key, secret))
                : "user=alice&" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "=" + secret;
        String out = REDACTOR.body(declared.isEmpty() ? null : declared, (asJson ? "  \n" : "") + text);
        assertNoPartOf(secret, out);
        assertTrue(out.contains("alice"), out);
    }

    @Provide
    Arbitrary<String> declaredTypes() {
        return Arbitraries.of("", "text/plain", "application/x-www-form-urlencoded", "application/json",
                "text/plain; charset=utf-8", "application/vnd.api+json", "application/xml");
    }

    // ------------------------------------------------------------------ query and form

    @Provide
    Arbitrary<String> encodings() {
        return Arbitraries.of("plain", "percent-key", "percent-all", "plus");
    }

    @Property(tries = 500)
    @Label("a secret in a query or form parameter never survives, whatever the key's casing or encoding")
    void pairs(@ForAll("sensitiveKeys") String key, @ForAll("secrets") String secret, @ForAll("plainKeys") String other,
            @ForAll @IntRange(min = 0, max = 4) int position, @ForAll("encodings") String encoding, @ForAll boolean form) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            if (i == position) {
                parts.add(encodeKey(key, encoding) + "=" + encodeValue(secret, encoding));
            }
            parts.add(other + i + "=v" + i);
        }
        String raw = String.join("&", parts);
        String out = form ? REDACTOR.form(raw) : REDACTOR.query(raw);
        assertNoPartOf(secret, out);
        assertNoPartOf(secret, java.net.URLDecoder.decode(out, StandardCharsets.UTF_8)); // nor in encoded form
        assertTrue(out.contains(other + "0=v0"), "other parameters stay: " + out);
    }

    private static String encodeKey(String key, String encoding) {
        return switch (encoding) {
            case "percent-key", "percent-all" -> {
                StringBuilder b = new StringBuilder();
                for (char c : key.toCharArray()) {
                    b.append(String.format("%%%02X", (int) c));
                }
                yield b.toString();
            }
            case "plus" -> key.replace("_", "+");
            default -> key;
        };
    }

    private static String encodeValue(String value, String encoding) {
        if (!encoding.equals("percent-all")) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            b.append(String.format("%%%02X", (int) c));
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ headers

    @Property(tries = 200)
    @Label("sensitive headers are redacted whatever the casing of their name")
    void headers(@ForAll("sensitiveHeaders") String name, @ForAll("secrets") String secret) {
        assertEquals(Redactor.DEFAULT_REPLACEMENT, REDACTOR.header(name, "Bearer " + secret));
    }

    @Provide
    Arbitrary<String> sensitiveHeaders() {
        Arbitrary<String> names = Arbitraries.of("Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
                "X-Api-Key", "X-Auth-Token", "X-Client-Secret", "Api-Key");
        return Combinators.combine(names, Arbitraries.longs()).as(RedactorProperties::randomCase);
    }

    @Property(tries = 200)
    @Label("harmless headers pass unchanged")
    void harmlessHeaders(@ForAll("plainValues") String value) {
        for (String name : List.of("Accept", "Content-Type", "User-Agent", "X-Request-Id")) {
            assertEquals(value, REDACTOR.header(name.toLowerCase(Locale.ROOT), value));
        }
    }

    // ------------------------------------------------------------------ the cache of key verdicts

    /** Keys of a query, sensitive or not, some spelt alike, some escaped, some long. */
    @Provide
    Arbitrary<List<String>> queryKeys() {
        Arbitrary<String> key = Arbitraries.oneOf(sensitiveKeys(),
                Arbitraries.of("page", "sort", "q", "id", "token_type", "session_timeout", "userId", "sid", "signal",
                        "url_sig", "x", "pwd", "tokens", "a+b", "pass%77ord", "%70assword", "naïve"),
                Arbitraries.strings().withChars("abcdefgKLMNOP_-.0123456789%+").ofMinLength(1).ofMaxLength(80));
        return key.list().ofMinSize(1).ofMaxSize(12);
    }

    /**
     * A query's keys are judged from the cache of recent names (shared with the JSON pass) when they
     * need no decoding: whatever came before, through a query or a JSON body, each key's value is
     * redacted exactly when a redactor that never saw a name would redact it.
     */
    @Property(tries = 300)
    void cachedKeyVerdictsAreTheUncachedOnes(@ForAll("queryKeys") List<String> keys, @ForAll boolean jsonFirst) {
        Redactor warm = Redactor.builder().allowKeys("token_type").build();
        StringBuilder query = new StringBuilder();
        Map<String, Object> body = new LinkedHashMap<>();
        for (String k : keys) {
            query.append(query.isEmpty() ? "" : "&").append(k).append("=v");
            body.put(k, "v");
        }
        if (jsonFirst) {
            try {
                warm.json(JSON.writeValueAsString(body));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        String first = warm.query(query.toString());
        String again = warm.query(query.toString());
        String cold = Redactor.builder().allowKeys("token_type").build().query(query.toString());
        assertEquals(cold, first);
        assertEquals(cold, again);
        // and each pair on its own: redacted exactly when its decoded key is sensitive
        Redactor fresh = Redactor.builder().allowKeys("token_type").build();
        for (String k : keys) {
            String one = warm.query(k + "=v");
            boolean sensitive = fresh.isSensitiveKey(FormDecoding.decode(k, 0, k.length()));
            assertEquals(sensitive, one.endsWith("=[REDACTED]"), () -> "key " + k + ": " + one);
        }
    }
}
