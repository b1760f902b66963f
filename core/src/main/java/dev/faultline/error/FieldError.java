package dev.faultline.error;

import java.util.Objects;

/**
 * One invalid input field, rendered in a problem body's {@code errors} array. Both parts are shown to
 * clients: never put secrets or internal state in them.
 *
 * @param field the field's name or JSON pointer ({@code "title"}, {@code "/tags/0"})
 * @param message what is wrong with it, in words a client can act on
 */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
