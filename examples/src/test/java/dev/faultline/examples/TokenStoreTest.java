package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.error.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The pieces of the demo login: tokens, users and the login body. */
class TokenStoreTest {

    private final AuthFlowTest.MovableClock clock = new AuthFlowTest.MovableClock(Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    @DisplayName("issues distinct 32-hex-digit tokens that stand for their user")
    void issue() {
        TokenStore store = new TokenStore(clock);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = store.issue("alice");
            assertTrue(token.matches("[0-9a-f]{32}"), token);
            assertTrue(seen.add(token), "issued twice: " + token);
        }
        String bob = store.issue("bob");
        assertEquals(Optional.of("bob"), store.user(bob));
        assertEquals(Optional.empty(), store.user("0123456789abcdef0123456789abcdef"));
        assertEquals(Duration.ofHours(1), store.ttl());
    }

    @Test
    @DisplayName("expires a token an hour after it was issued, by the clock given, and forgets it")
    void expiry() {
        TokenStore store = new TokenStore(clock);
        String token = store.issue("alice");
        clock.advance(TokenStore.TTL.minusMillis(1));
        assertEquals(Optional.of("alice"), store.user(token));
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), store.user(token));
        assertEquals(0, store.size());
    }

    @Test
    @DisplayName("drops expired tokens when issuing, and the oldest one when full")
    void bounded() {
        TokenStore store = new TokenStore(clock, Duration.ofMinutes(10), 3);
        String first = store.issue("a");
        store.issue("b");
        clock.advance(Duration.ofMinutes(5));
        String third = store.issue("c");
        String fourth = store.issue("d");
        assertEquals(3, store.size());
        assertEquals(Optional.empty(), store.user(first), "the oldest made room");
        clock.advance(Duration.ofMinutes(5)); // the first two are now expired, the others not
        store.issue("e");
        assertEquals(3, store.size(), "the expired one was dropped, not a valid one");
        assertEquals(Optional.of("c"), store.user(third));
        assertEquals(Optional.of("d"), store.user(fourth));
    }

    @Test
    @DisplayName("knows the three demo users and nobody else")
    void demoUsers() {
        assertTrue(DemoUsers.check("alice", "wonderland"));
        assertTrue(DemoUsers.check("bob", "builder"));
        assertTrue(DemoUsers.check("admin", "admin-secret"));
        assertFalse(DemoUsers.check("alice", "builder"));
        assertFalse(DemoUsers.check("alice", "Wonderland"));
        assertFalse(DemoUsers.check("Alice", "wonderland"));
        assertFalse(DemoUsers.check("mallory", "no such user"));
        assertFalse(DemoUsers.check("alice", ""));
    }

    @Test
    @DisplayName("reads the login body and never shows the password, not even in toString")
    void credentials() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Credentials c = Credentials.from(json.readTree("{\"username\": \"alice\", \"password\": \"wonderland\"}"));
        assertEquals("alice", c.username());
        assertEquals("wonderland", c.password());
        assertFalse(c.toString().contains("wonderland"), c.toString());

        ValidationException tooLong = assertThrows(ValidationException.class, () -> Credentials.from(
                json.readTree("{\"username\": \"alice\", \"password\": \"" + "p".repeat(257) + "\"}")));
        assertEquals("password", tooLong.fieldErrors().get(0).field());
        assertFalse(tooLong.fieldErrors().toString().contains("ppp"), "the field error never repeats the value");
        assertThrows(ValidationException.class, () -> Credentials.from(json.readTree("[]")));
    }
}
