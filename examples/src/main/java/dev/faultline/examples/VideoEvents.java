package dev.faultline.examples;

import dev.faultline.logging.BusinessEvents;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The video API's business events, on Faultline's {@code faultline.business} logger. Each carries the
 * request_id and user_id of the request it happens in (Faultline adds them). Thread-safe.
 */
final class VideoEvents {

    private final BusinessEvents business;

    VideoEvents(BusinessEvents business) {
        this.business = Objects.requireNonNull(business, "business");
    }

    /** {@code video_created}: video_id, template_id, script_length, owner. Never the script itself. */
    void videoCreated(Video video) {
        Map<String, Object> fields = new LinkedHashMap<>(); // a stable order in the log line
        fields.put("video_id", video.id());
        fields.put("template_id", video.templateId());
        fields.put("script_length", video.scriptLength());
        fields.put("owner", video.owner());
        business.event("video_created", fields);
    }

    /**
     * {@code user_action}: the current user started ({@code down}) or ended the simulated database
     * outage: action {@code database_down} or {@code database_up}, resource type {@code database}, id
     * {@code videos}.
     */
    void databaseOutage(boolean down) {
        business.userAction(down ? "database_down" : "database_up", "database", "videos");
    }

    /** {@code user_action}: the current user deleted video {@code id}. */
    void videoDeleted(String id) {
        business.userAction("delete", "video", id);
    }
}
