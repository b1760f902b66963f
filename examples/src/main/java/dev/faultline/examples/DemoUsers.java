package dev.faultline.examples;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Objects;

/**
 * The users who may log in: <b>demo only</b>, hard-coded passwords in memory, for trying the API
 * out. A real service keeps salted, slow hashes (bcrypt, scrypt, Argon2) in a store of its own.
 *
 * <table>
 *   <caption>Demo users</caption>
 *   <tr><th>username</th><th>password</th><th>may delete</th></tr>
 *   <tr><td>{@code alice}</td><td>{@code wonderland}</td><td>her own videos</td></tr>
 *   <tr><td>{@code bob}</td><td>{@code builder}</td><td>his own videos</td></tr>
 *   <tr><td>{@code admin}</td><td>{@code admin-secret}</td><td>every video</td></tr>
 * </table>
 *
 * <p>Passwords are compared as SHA-256 digests with {@link MessageDigest#isEqual}, and an unknown
 * username is compared against a digest too, so that the time taken says neither whether the user
 * exists nor how much of the password was right. Thread-safe.
 */
final class DemoUsers {

    /** The user who may delete any video. */
    static final String ADMIN = "admin";

    /** Demo only: never do this in a real service. */
    private static final Map<String, byte[]> DIGESTS = Map.of(
            "alice", sha256("wonderland"),
            "bob", sha256("builder"),
            ADMIN, sha256("admin-secret"));

    /** What an unknown username is compared with, so that it costs what a known one does. */
    private static final byte[] NOBODY = sha256("no such user");

    private DemoUsers() {
    }

    /** Whether {@code password} is the password of {@code username}. */
    static boolean check(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        byte[] expected = DIGESTS.get(username);
        boolean same = MessageDigest.isEqual(expected != null ? expected : NOBODY, sha256(password));
        return expected != null && same;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
