package dev.faultline.examples;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A stored video as the API shows it. The script itself stays in the database; clients see its
 * length. Immutable.
 *
 * @param id the id, {@code vid_} followed by 16 lower-case hex digits
 * @param title the title
 * @param templateId the template the video is rendered with
 * @param scriptLength the script's length in characters (code points)
 * @param owner the user who created it, or {@value #ANONYMOUS}
 * @param createdAt when it was stored, to the millisecond
 */
public record Video(String id, String title, String templateId, int scriptLength, String owner, Instant createdAt) {

    /** The owner of a video created without a token. */
    public static final String ANONYMOUS = "anonymous";

    public Video {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(templateId, "templateId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The JSON members, in the order the API writes them. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("title", title);
        json.put("template_id", templateId);
        json.put("script_length", scriptLength);
        json.put("owner", owner);
        json.put("created_at", createdAt.toString());
        return json;
    }
}
