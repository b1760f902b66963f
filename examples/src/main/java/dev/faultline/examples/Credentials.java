package dev.faultline.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.error.FieldError;
import dev.faultline.error.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /login}. The password is never part of a message: not in
 * {@link #toString()}, not in the field errors (which clients see), not in any log.
 *
 * @param username 1 to {@value #MAX_USERNAME} characters
 * @param password 1 to {@value #MAX_PASSWORD} characters
 */
record Credentials(String username, String password) {

    static final int MAX_USERNAME = 64;
    static final int MAX_PASSWORD = 256;

    /**
     * Validates a parsed body. Every invalid field is reported, each once, in one exception; the
     * messages never repeat a value.
     *
     * @throws ValidationException if the body is not an object or a field is missing or invalid (400)
     */
    static Credentials from(JsonNode body) {
        if (!body.isObject()) {
            throw new ValidationException("The request body must be a JSON object.");
        }
        List<FieldError> errors = new ArrayList<>();
        String username = string(body, "username", MAX_USERNAME, errors);
        String password = string(body, "password", MAX_PASSWORD, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException("The login request is not valid.", errors);
        }
        return new Credentials(username, password);
    }

    private static @Nullable String string(JsonNode body, String field, int max, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        String value = node.textValue();
        if (value.isEmpty()) {
            errors.add(new FieldError(field, "must not be empty"));
            return null;
        }
        if (value.codePointCount(0, value.length()) > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
            return null;
        }
        return value;
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=[REDACTED]]";
    }
}
