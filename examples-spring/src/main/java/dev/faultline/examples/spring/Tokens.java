package dev.faultline.examples.spring;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Login tokens: random, valid for an hour, at most {@value #CAPACITY} (the oldest dropped first). Thread-safe. */
final class Tokens {

    static final Duration TTL = Duration.ofHours(1);
    static final int CAPACITY = 10_000;

    private record Login(String user, Instant expires) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Map<String, Login> tokens = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Login> eldest) {
            return size() > CAPACITY;
        }
    };

    Tokens(Clock clock) {
        this.clock = clock;
    }

    synchronized String issue(String user) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        tokens.put(token, new Login(user, clock.instant().plus(TTL)));
        return token;
    }

    synchronized Optional<String> user(String token) {
        Login e = tokens.get(token);
        if (e == null || !clock.instant().isBefore(e.expires())) {
            return Optional.empty();
        }
        return Optional.of(e.user());
    }

    synchronized int size() {
        return tokens.size();
    }
}
