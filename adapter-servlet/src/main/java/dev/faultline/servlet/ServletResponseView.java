package dev.faultline.servlet;

import dev.faultline.http.ResponseView;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** What the core sees of a finished servlet response; read once, when the exchange closes. */
final class ServletResponseView implements ResponseView {

    private final HttpServletResponse response;
    private final long bytes;

    /**
     * @param response the container's response
     * @param bytes the body bytes written, or -1 when the application wrote past Faultline's wrapper
     */
    ServletResponseView(HttpServletResponse response, long bytes) {
        this.response = response;
        this.bytes = bytes;
    }

    @Override
    public int status() {
        return response.getStatus();
    }

    @Override
    public @Nullable String header(String name) {
        String value = response.getHeader(name);
        if (value == null && "Content-Type".equalsIgnoreCase(name)) {
            value = response.getContentType();
        }
        return value;
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
        boolean contentType = false;
        for (String name : Replies.headerNames(response)) {
            contentType |= name.equalsIgnoreCase("Content-Type");
            for (String value : response.getHeaders(name)) {
                action.accept(name, value);
            }
        }
        String type = response.getContentType();
        if (!contentType && type != null) {
            action.accept("Content-Type", type);
        }
    }

    @Override
    public long bytesWritten() {
        return bytes;
    }
}
