package dev.faultline.servlet;

import dev.faultline.http.BodyCapture;
import dev.faultline.http.WatchedReader;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The request the application sees behind a {@link FaultlineFilter}:
 *
 * <ul>
 *   <li>with request body capture on, {@link #getInputStream()} and {@link #getReader()} copy the
 *       first bytes as the application reads them; when the application reads a form through
 *       {@code getParameter*} instead, the container consumes the body out of sight, and the captured
 *       text is rebuilt from the parameter map once the request is done ({@link #rebuildCapture});</li>
 *   <li>{@link #startAsync()} starts asynchronous processing with Faultline's request and response
 *       (as {@code startAsync(this, response)}), so that what the application writes asynchronously is
 *       still counted, captured and answered with problems; the {@link AsyncContext} it returns binds
 *       the exchange around {@link AsyncContext#start(Runnable)} tasks and turns their throws into
 *       problems.</li>
 * </ul>
 */
final class FaultlineRequest extends HttpServletRequestWrapper {

    private final RequestState state;
    private final @Nullable BodyCapture capture;
    private @Nullable ServletInputStream stream;
    private @Nullable BufferedReader reader;
    private volatile boolean parametersRead;
    private volatile boolean partsRead;
    private @Nullable AsyncContext lastContext;
    private @Nullable GuardedAsyncContext lastGuarded;

    FaultlineRequest(HttpServletRequest request, RequestState state, @Nullable BodyCapture capture) {
        super(request);
        this.state = state;
        this.capture = capture;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        ServletInputStream s = stream;
        if (s == null) {
            s = new CapturingServletInputStream(super.getInputStream(), capture, state.bodyFailure);
            stream = s;
        }
        return s;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (capture == null) {
            BufferedReader r = reader;
            if (r == null) {
                r = new WatchedReader(super.getReader(), state.bodyFailure);
                reader = r;
            }
            return r;
        }
        BufferedReader r = reader;
        if (r == null) {
            // the container's reader reads its own stream, past the capture: read ours instead
            String encoding = getCharacterEncoding();
            Charset charset;
            try {
                charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            } catch (RuntimeException unknown) {
                throw new UnsupportedEncodingException(encoding);
            }
            r = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            reader = r;
        }
        return r;
    }

    @Override
    public @Nullable String getParameter(String name) {
        parametersRead = true;
        return super.getParameter(name);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        parametersRead = true;
        return super.getParameterMap();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        parametersRead = true;
        return super.getParameterNames();
    }

    @Override
    public String @Nullable [] getParameterValues(String name) {
        parametersRead = true;
        return super.getParameterValues(name);
    }

    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        partsRead = true;
        return super.getParts();
    }

    @Override
    public @Nullable Part getPart(String name) throws IOException, ServletException {
        partsRead = true;
        return super.getPart(name);
    }

    @Override
    public AsyncContext startAsync() {
        return startAsync(this, state.response());
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return guarded(super.startAsync(request, response));
    }

    @Override
    public AsyncContext getAsyncContext() {
        return guarded(super.getAsyncContext());
    }

    private synchronized AsyncContext guarded(AsyncContext context) {
        if (context != lastContext || lastGuarded == null) {
            lastContext = context;
            lastGuarded = new GuardedAsyncContext(context, state);
        }
        return lastGuarded;
    }

    /**
     * Once the request is done: when the application read nothing through the capture but the
     * container read the body for it, logs what can be known. A form read through
     * {@code getParameter*} is rebuilt from the parameter map (the query string's parameters left
     * out), URL-encoded, up to {@code limit} characters; a multipart body read through
     * {@code getParts()} is summarised by its length.
     */
    void rebuildCapture(int limit) {
        BodyCapture c = capture;
        if (c == null || c.totalBytes() > 0) {
            return;
        }
        long length = getContentLengthLong();
        if (partsRead) {
            if (length > 0) {
                c.skipped(length);
            }
            return;
        }
        if (!parametersRead || !isForm(getContentType())) {
            return;
        }
        String text = formText(super.getParameterMap(), getQueryString(), charset(getCharacterEncoding()), limit);
        if (!text.isEmpty()) {
            c.rebuilt(text, length >= 0 ? length : text.length());
        }
    }

    static boolean isForm(@Nullable String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/x-www-form-urlencoded");
    }

    private static Charset charset(@Nullable String name) {
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (RuntimeException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    /**
     * The body parameters of a parameter map as a form body: for each name, the values the query
     * string gave come first (Servlet spec 3.1) and are skipped. Stops once longer than {@code limit}.
     */
    static String formText(Map<String, String[]> parameters, @Nullable String query, Charset charset, int limit) {
        Map<String, Integer> inQuery = queryCounts(query);
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String[]> e : parameters.entrySet()) {
            int skip = inQuery.getOrDefault(e.getKey(), 0);
            String name = null;
            for (String value : e.getValue()) {
                if (skip > 0) {
                    skip--;
                    continue;
                }
                if (name == null) {
                    name = URLEncoder.encode(e.getKey(), charset);
                }
                if (b.length() > 0) {
                    b.append('&');
                }
                b.append(name).append('=').append(URLEncoder.encode(value == null ? "" : value, charset));
                if (b.length() > limit) {
                    return b.toString();
                }
            }
        }
        return b.toString();
    }

    private static Map<String, Integer> queryCounts(@Nullable String query) {
        Map<String, Integer> counts = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return counts;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String raw = eq < 0 ? pair : pair.substring(0, eq);
            String name;
            try {
                name = URLDecoder.decode(raw, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                name = raw;
            }
            counts.merge(name, 1, Integer::sum);
        }
        return counts;
    }
}
