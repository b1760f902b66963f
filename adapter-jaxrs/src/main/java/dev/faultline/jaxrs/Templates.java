package dev.faultline.jaxrs;

import dev.faultline.http.RouteTemplates;
import jakarta.ws.rs.core.UriInfo;
import org.jspecify.annotations.Nullable;

/** Route templates from Jakarta REST 4.0 matching information. */
final class Templates {

    private Templates() {
    }

    /**
     * The template the request matched ({@code /videos/{id}}), or {@code null} when nothing matched
     * (Jersey then says "", RESTEasy "/") or the runtime predates Jakarta REST 4.0.
     */
    static @Nullable String of(UriInfo info) {
        try {
            if (info.getMatchedResources().isEmpty()) {
                return null;
            }
            String template = info.getMatchedResourceTemplate();
            if (template == null || template.isEmpty()) {
                return null;
            }
            String plain = strip(template);
            return plain.startsWith("/") ? plain : "/" + plain;
        } catch (RuntimeException | LinkageError unavailable) {
            return null;
        }
    }

    /** The template without the regular expressions of its parameters (see {@link RouteTemplates#normalize}). */
    static String strip(String template) {
        String t = RouteTemplates.normalize(template);
        return t == null ? template : t;
    }
}
