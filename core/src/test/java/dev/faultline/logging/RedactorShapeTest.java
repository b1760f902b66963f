package dev.faultline.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 20: secrets by shape, names widened, exceptions and additions by name and path. */
@DisplayName("Redactor: secrets by shape and by widened names")
class RedactorShapeTest {

    static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0"
            + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    static final String AWS_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String CARD = "4111111111111111";
    static final String GITHUB = "ghp_R2d2C3poR2d2C3poR2d2C3poR2d2C3po1234";
    static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn\n-----END RSA PRIVATE KEY-----";

    final Redactor redactor = Redactor.create();

    @Nested
    @DisplayName("the leaks the issue found, under innocent names")
    class IssueCases {

        @Test
        @DisplayName("a JWT in a JSON script member, a jwt query parameter and an X-Session header")
        void jwt() {
            assertEquals("{\"script\":\"run [REDACTED:jwt] now\"}", redactor.json("{\"script\":\"run " + JWT + " now\"}"));
            assertEquals("jwt=[REDACTED:jwt]&q=1", redactor.query("jwt=" + JWT + "&q=1"));
            assertEquals("[REDACTED]", redactor.header("X-Session", JWT));
            assertEquals("[REDACTED:jwt]", redactor.header("X-Note", JWT));
        }

        @Test
        @DisplayName("an AWS access key id in a note member and a sig parameter, and the secret key next to it")
        void aws() {
            String out = redactor.json("{\"note\":\"" + AWS_ID + "\",\"other\":\"" + AWS_SECRET + "\"}");
            assertEquals("{\"note\":\"[REDACTED:aws-access-key-id]\",\"other\":\"[REDACTED:aws-secret-key]\"}", out);
            assertEquals("sig=[REDACTED]", redactor.query("sig=" + AWS_ID));
            assertEquals("x=[REDACTED:aws-access-key-id]", redactor.query("x=" + AWS_ID));
            assertEquals("{\"other\":\"" + AWS_SECRET + "\"}", redactor.json("{\"other\":\"" + AWS_SECRET + "\"}"),
                    "40 base64 characters alone are not taken for a key");
        }

        @Test
        @DisplayName("a Luhn-valid card number in a payment member, spaced, dashed, as a number, and a card parameter")
        void card() {
            assertEquals("{\"payment\":\"[REDACTED:card]\"}", redactor.json("{\"payment\":\"4111 1111 1111 1111\"}"));
            assertEquals("{\"payment\":\"[REDACTED:card]\"}", redactor.json("{\"payment\":\"4111-1111-1111-1111\"}"));
            assertEquals("{\"payment\":\"[REDACTED:card]\"}", redactor.json("{\"payment\":" + CARD + "}"));
            assertEquals("card=[REDACTED:card]", redactor.query("card=" + CARD));
            assertEquals("card=[REDACTED:card]", redactor.query("card=4111+1111+1111+1111"));
        }

        @Test
        @DisplayName("a PEM private key in a body member, whole or cut")
        void pem() throws Exception {
            String json = "{\"key\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(PEM) + "}";
            assertEquals("{\"key\":\"[REDACTED:private-key]\"}", redactor.json(json));
            String cut = json.substring(0, json.indexOf("MIIEow") + 10);
            String out = redactor.body("application/json", cut, true);
            assertFalse(out.contains("MIIEow"), out);
        }

        @Test
        @DisplayName("a GitHub token in a body member and in X-Forwarded-Authorization: Bearer ...")
        void github() {
            assertEquals("{\"note\":\"[REDACTED:github-token]\"}", redactor.json("{\"note\":\"" + GITHUB + "\"}"));
            assertEquals("[REDACTED]", redactor.header("X-Forwarded-Authorization", "Bearer " + GITHUB));
            assertEquals("Bearer [REDACTED:bearer]", redactor.header("X-Upstream", "Bearer " + GITHUB));
        }

        @Test
        @DisplayName("a connection string with a password and a token in an exception message")
        void exceptionMessage() {
            String out = redactor.text("cannot connect to postgres://app:hunter2@db.internal/videos with token " + GITHUB);
            assertEquals("cannot connect to postgres://app:[REDACTED:url-password]@db.internal/videos with token "
                    + "[REDACTED:github-token]", out);
        }
    }

    @Nested
    @DisplayName("names, widened")
    class Names {

        @ParameterizedTest(name = "header {0} is sensitive")
        @ValueSource(strings = {"Authorization", "Proxy-Authorization", "X-Forwarded-Authorization", "X-Upstream-Authorization",
                "Cookie", "Set-Cookie", "X-Api-Key", "X-Goog-Api-Key", "X-Csrf-Token", "X-Amz-Security-Token",
                "X-Hub-Secret", "X-Session", "X-Session-Id", "X-Signature", "X-Amz-Sig"})
        void sensitiveHeaders(String name) {
            assertTrue(redactor.isSensitiveHeader(name), name);
        }

        @ParameterizedTest(name = "header {0} is not")
        @ValueSource(strings = {"Accept", "Content-Type", "User-Agent", "X-Request-Id", "traceparent", "X-Forwarded-For",
                "Referer", "X-Design", "Cache-Control"})
        void harmlessHeaders(String name) {
            assertFalse(redactor.isSensitiveHeader(name), name);
        }

        @ParameterizedTest(name = "key {0} is sensitive")
        @ValueSource(strings = {"session", "sessionId", "PHPSESSID", "sid", "user_sid", "sig", "url_sig", "sigV4", "signature",
                "credential", "credentials", "private_key", "privateKey", "cookie", "pwd", "authorization"})
        void sensitiveKeys(String key) {
            assertTrue(redactor.isSensitiveKey(key), key);
        }

        @ParameterizedTest(name = "key {0} is not: a short key must be a whole word")
        @ValueSource(strings = {"inside", "consider", "signal", "design", "assignee", "residence", "title", "note"})
        void harmlessKeys(String key) {
            assertFalse(redactor.isSensitiveKey(key), key);
        }
    }

    @Nested
    @DisplayName("additions and exceptions")
    class Configuration {

        @Test
        @DisplayName("allowed names are logged, their values still scanned by shape")
        void allowKeys() {
            Redactor r = Redactor.builder().allowKeys("token_type", "session_timeout").build();
            assertEquals("{\"token_type\":\"Bearer\",\"session_timeout\":30}",
                    r.json("{\"token_type\":\"Bearer\",\"session_timeout\":30}"));
            assertEquals("{\"token_type\":\"[REDACTED:jwt]\"}", r.json("{\"token_type\":\"" + JWT + "\"}"));
            assertEquals("{\"access_token\":\"[REDACTED]\"}", r.json("{\"access_token\":\"x\"}"));
        }

        @Test
        @DisplayName("JSON paths add members to redact and allow others through as they are")
        void paths() {
            Redactor r = Redactor.builder().redactPaths("$.user.ssn", "$.items[*].pin", "$.*.code")
                    .allowPaths("$.order.card_number").build();
            String out = r.json("{\"user\":{\"ssn\":\"123-45-6789\",\"name\":\"ada\"},\"items\":[{\"pin\":1234,\"n\":1},"
                    + "{\"pin\":\"9\"}],\"x\":{\"code\":\"c\"},\"ssn\":\"top\",\"order\":{\"card_number\":\"" + CARD + "\"}}");
            assertEquals("{\"user\":{\"ssn\":\"[REDACTED]\",\"name\":\"ada\"},\"items\":[{\"pin\":\"[REDACTED]\",\"n\":1},"
                    + "{\"pin\":\"[REDACTED]\"}],\"x\":{\"code\":\"[REDACTED]\"},\"ssn\":\"top\",\"order\":{\"card_number\":\""
                    + CARD + "\"}}", out);
        }

        @Test
        @DisplayName("e-mail and IBAN are personal data: kept by default, replaced when switched on")
        void personalData() {
            String text = "from ada@example.com, pay to GB82 WEST 1234 5698 7654 32 today";
            assertEquals(text, redactor.text(text));
            Redactor r = Redactor.builder().detect(SecretKind.EMAIL, SecretKind.IBAN).build();
            assertEquals("from [REDACTED:email], pay to [REDACTED:iban] today", r.text(text));
        }

        @Test
        @DisplayName("a detector switched off leaves its kind alone")
        void ignore() {
            Redactor r = Redactor.builder().ignore(SecretKind.CARD).build();
            assertEquals("card=" + CARD, r.query("card=" + CARD));
            assertFalse(r.detects(SecretKind.CARD));
            assertEquals("x=[REDACTED:jwt]", Redactor.builder().detectors("jwt").build().query("x=" + JWT));
        }

        @ParameterizedTest(name = "path {0} is refused, naming the setting")
        @ValueSource(strings = {"user.ssn", "$", "$..ssn", "$.a[*]", "$.a[0].b", "$.a..b"})
        void badPaths(String path) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Redactor.builder().redactPaths(path));
            assertTrue(e.getMessage().contains("logging.redact_paths"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Redactor.builder().allowPaths(path));
            assertTrue(e.getMessage().contains("logging.allow_paths"), e.getMessage());
        }

        @Test
        @DisplayName("bad names and kinds are refused, naming the setting")
        void badNames() {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Redactor.builder().allowKeys("--"))
                    .getMessage().contains("logging.allow_keys"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Redactor.builder().headers("x-*-*-*-y"))
                    .getMessage().contains("logging.redact_headers"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Redactor.builder().detectors("jwt,nope"))
                    .getMessage().contains("logging.detectors"));
        }
    }

    @Nested
    @DisplayName("exceptions on their way to a log line")
    class Throwables {

        @Test
        @DisplayName("a throwable without a secret is logged as it is")
        void clean() {
            IllegalStateException e = new IllegalStateException("invariant broken");
            assertSame(e, RedactedThrowable.of(e, redactor));
        }

        @Test
        @DisplayName("a secret anywhere in the chain gives a stand-in chain naming the classes, with the stack traces")
        void secretInCause() {
            SQLException cause = new SQLException("connect to postgres://app:hunter2@db/x failed");
            IllegalStateException e = new IllegalStateException("query failed", cause);
            Throwable r = RedactedThrowable.of(e, redactor);
            assertTrue(r instanceof RedactedThrowable);
            assertEquals("java.lang.IllegalStateException: query failed", r.getMessage());
            assertEquals("java.sql.SQLException: connect to postgres://app:[REDACTED:url-password]@db/x failed",
                    r.getCause().getMessage());
            assertEquals(List.of(e.getStackTrace()), List.of(r.getStackTrace()));
        }
    }
}
