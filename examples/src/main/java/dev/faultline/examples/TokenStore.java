package dev.faultline.examples;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Bearer tokens issued by {@code POST /login}, in memory: a token is 32 random hex digits
 * ({@link SecureRandom}, 128 bits) that stands for a user until it expires, {@link #TTL} after it
 * was issued by the clock given.
 *
 * <p>Bounded: at most {@value #MAX_TOKENS} tokens are kept. Expired ones are dropped when met (a
 * lookup, or from the oldest end on every issue); when the store is full anyway, issuing a token drops
 * the oldest one, whose user has to log in again. Tokens do not survive a restart. Demo only: a real
 * service keeps sessions where every instance sees them, and can revoke them.
 *
 * <p>Thread-safe: one lock around an insertion-ordered map.
 */
final class TokenStore {

    /** How long a token is valid. */
    static final Duration TTL = Duration.ofHours(1);

    /** How many tokens are kept at most. */
    static final int MAX_TOKENS = 10_000;

    private static final HexFormat HEX = HexFormat.of();

    private final Clock clock;
    private final Duration ttl;
    private final int capacity;
    private final SecureRandom random = new SecureRandom();
    /** Oldest first, which is also soonest to expire (one TTL for all). Guarded by {@code this}. */
    private final LinkedHashMap<String, Session> sessions;

    private record Session(String user, Instant expiresAt) {
    }

    /** A store whose tokens live {@link #TTL} by {@code clock}, at most {@value #MAX_TOKENS} of them. */
    TokenStore(Clock clock) {
        this(clock, TTL, MAX_TOKENS);
    }

    TokenStore(Clock clock, Duration ttl, int capacity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.sessions = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
                return size() > capacity;
            }
        };
    }

    /** How long a token is valid. */
    Duration ttl() {
        return ttl;
    }

    /** A new token for {@code user}. */
    String issue(String user) {
        Objects.requireNonNull(user, "user");
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String token = HEX.formatHex(bytes);
        Instant now = clock.instant();
        synchronized (this) {
            dropExpired(now);
            sessions.put(token, new Session(user, now.plus(ttl)));
        }
        return token;
    }

    /** The user {@code token} stands for, if it was issued here and has not expired. */
    Optional<String> user(String token) {
        Objects.requireNonNull(token, "token");
        Instant now = clock.instant();
        synchronized (this) {
            Session session = sessions.get(token);
            if (session == null) {
                return Optional.empty();
            }
            if (!now.isBefore(session.expiresAt())) {
                sessions.remove(token);
                return Optional.empty();
            }
            return Optional.of(session.user());
        }
    }

    /** How many tokens are kept at most. */
    int capacity() {
        return capacity;
    }

    /** How many tokens are held, expired ones not yet dropped included. */
    synchronized int size() {
        return sessions.size();
    }

    /** Drops expired tokens from the oldest end, up to the first one still valid. */
    private void dropExpired(Instant now) {
        Iterator<Session> oldestFirst = sessions.values().iterator();
        while (oldestFirst.hasNext() && !now.isBefore(oldestFirst.next().expiresAt())) {
            oldestFirst.remove();
        }
    }
}
