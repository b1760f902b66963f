package dev.faultline.jaxrs;

import dev.faultline.http.ResponseView;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A view of a finished Jakarta REST response: the status and headers as the filters left them and the
 * body bytes counted by the writer interceptor. Headers the container adds itself ({@code Date},
 * {@code Content-Length}, {@code Transfer-Encoding}) are not visible to Jakarta REST providers.
 */
final class JaxrsResponseView implements ResponseView {

    private final ContainerResponseContext response;
    private final long bytesWritten;

    JaxrsResponseView(ContainerResponseContext response, long bytesWritten) {
        this.response = response;
        this.bytesWritten = bytesWritten;
    }

    @Override
    public int status() {
        return response.getStatus();
    }

    @Override
    public @Nullable String header(String name) {
        return response.getStringHeaders().getFirst(name);
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
        for (Map.Entry<String, List<String>> e : response.getStringHeaders().entrySet()) {
            if (e.getValue() != null) {
                for (String value : e.getValue()) {
                    action.accept(e.getKey(), value);
                }
            }
        }
    }

    @Override
    public long bytesWritten() {
        return bytesWritten;
    }
}
