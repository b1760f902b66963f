package dev.faultline.helidon;

import dev.faultline.http.ResponseView;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A view of a finished Helidon response.
 *
 * <p>{@link #bytesWritten()} is the body only. Helidon's {@code ServerResponse.bytesWritten()} counts
 * the status line, the headers and the chunk framing too, so it is not used: the body size is what the
 * capturing stream filter counted when it is installed, else the {@code Content-Length} Helidon sent
 * (it sets one for every response written in one piece), else unknown (-1: a chunked stream while
 * body capture is off).
 */
final class HelidonResponseView implements ResponseView {

    private final ServerResponse response;
    private final @Nullable RequestState state;

    HelidonResponseView(ServerResponse response, @Nullable RequestState state) {
        this.response = response;
        this.state = state;
    }

    @Override
    public int status() {
        int direct = state == null ? 0 : state.directStatus();
        return direct > 0 ? direct : response.status().code();
    }

    @Override
    public @Nullable String header(String name) {
        return response.headers().first(HeaderNames.create(name)).orElse(null);
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
        for (Header header : response.headers()) {
            String name = header.name();
            for (String value : header.allValues()) {
                action.accept(name, value);
            }
        }
    }

    @Override
    public long bytesWritten() {
        long counted = state == null ? -1 : state.countedBodyBytes();
        if (counted >= 0) {
            return counted;
        }
        if (response.headers().containsToken(HeaderValues.TRANSFER_ENCODING_CHUNKED)) {
            return -1;
        }
        return response.headers().contentLength().orElse(-1);
    }
}
