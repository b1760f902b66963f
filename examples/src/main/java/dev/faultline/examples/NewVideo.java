package dev.faultline.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.error.FieldError;
import dev.faultline.error.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A valid request to create a video: the body of {@code POST /videos}.
 *
 * @param title 1 to {@value #MAX_TITLE} characters, not blank
 * @param templateId 1 to 64 of {@code [a-z0-9_-]}
 * @param script at most {@value #MAX_SCRIPT} characters
 */
record NewVideo(String title, String templateId, String script) {

    static final int MAX_TITLE = 200;
    static final int MAX_TEMPLATE_ID = 64;
    static final int MAX_SCRIPT = 10_000;

    /**
     * Validates a parsed body. Every invalid field is reported, each once, in one exception.
     *
     * @throws ValidationException if the body is not an object or any field is invalid (400)
     */
    static NewVideo from(JsonNode body) {
        if (!body.isObject()) {
            throw new ValidationException("The request body must be a JSON object.");
        }
        List<FieldError> errors = new ArrayList<>();

        String title = string(body, "title", errors);
        if (title != null) {
            int length = length(title);
            if (title.isBlank()) {
                errors.add(new FieldError("title", "must not be blank"));
            } else if (length > MAX_TITLE) {
                errors.add(new FieldError("title", "must be at most " + MAX_TITLE + " characters, was " + length));
            }
        }

        String templateId = string(body, "template_id", errors);
        if (templateId != null && !isTemplateId(templateId)) {
            errors.add(new FieldError("template_id", "must be 1 to " + MAX_TEMPLATE_ID
                    + " characters of a-z, 0-9, '_' and '-'"));
        }

        String script = string(body, "script", errors);
        if (script != null && length(script) > MAX_SCRIPT) {
            errors.add(new FieldError("script", "must be at most " + MAX_SCRIPT + " characters, was " + length(script)));
        }

        if (!errors.isEmpty()) {
            throw new ValidationException("The video is not valid.", errors);
        }
        return new NewVideo(title, templateId, script);
    }

    private static @Nullable String string(JsonNode body, String field, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return node.textValue();
    }

    /** {@code [a-z0-9_-]{1,64}}, checked without a regular expression. */
    private static boolean isTemplateId(String s) {
        if (s.isEmpty() || s.length() > MAX_TEMPLATE_ID) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
