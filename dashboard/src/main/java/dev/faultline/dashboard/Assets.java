package dev.faultline.dashboard;

import dev.faultline.http.HttpReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard's files, read from the class path once and kept in memory: a fixed set of six (the page,
 * its script, style sheet and icon, uPlot's script and style sheet). Every file but the page is named
 * after a hash of its content, so that browsers may keep it for good; the page is rendered once from
 * its template with the dashboard's settings. Immutable and thread-safe.
 */
final class Assets {

    /** Where the dashboard's own files are on the class path. */
    private static final String OWN = "/dev/faultline/dashboard/";

    /**
     * The policy of every reply: only this origin's scripts, styles, images and fetches; no plugins,
     * no inline script or style, no base or form targets, no framing.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** The page holds no data, but is never stored: it is rendered with the dashboard's settings. */
    static final String PAGE_CACHE = "no-store";
    /** Files named after their content's hash never change: the browser may keep them, shared caches not. */
    static final String FILE_CACHE = "private, max-age=31536000, immutable";

    /** The settings the page is rendered with. */
    record Page(String title, long refreshMillis, int trendHours, String root) {
    }

    /** One file and its reply. */
    record Asset(String name, byte[] body, List<Map.Entry<String, String>> headers) {
        HttpReply reply() {
            return HttpReply.of(200, headers, body);
        }
    }

    private final Map<String, Asset> byName;

    private Assets(Map<String, Asset> byName) {
        this.byName = byName;
    }

    /** The file named {@code name} (below the dashboard's path; {@code ""} is the page), or null. */
    @Nullable Asset get(String name) {
        return byName.get(name);
    }

    /** The names of the files, the page first. */
    List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * Reads the files and renders the page.
     *
     * @throws IllegalStateException if a file is missing from the class path
     */
    static Assets load(Page page) {
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        Asset script = hashed("dashboard", ".js", read(OWN + "dashboard.js"), "text/javascript; charset=utf-8");
        Asset style = hashed("dashboard", ".css", read(OWN + "dashboard.css"), "text/css; charset=utf-8");
        Asset icon = hashed("icon", ".svg", read(OWN + "icon.svg"), "image/svg+xml");
        Asset chartScript = hashed("uplot", ".js", read(uplot + "uPlot.iife.min.js"), "text/javascript; charset=utf-8");
        Asset chartStyle = hashed("uplot", ".css", read(uplot + "uPlot.min.css"), "text/css; charset=utf-8");

        String template = new String(read(OWN + "index.html"), StandardCharsets.UTF_8);
        String html = render(template, Map.of(
                "title", escape(page.title()),
                "refresh_ms", Long.toString(page.refreshMillis()),
                "trend_hours", Integer.toString(page.trendHours()),
                "root", escape(page.root()),
                "dashboard_js", script.name(),
                "dashboard_css", style.name(),
                "icon", icon.name(),
                "uplot_js", chartScript.name(),
                "uplot_css", chartStyle.name()));
        Asset index = new Asset("", html.getBytes(StandardCharsets.UTF_8), headers("text/html; charset=utf-8", PAGE_CACHE));

        Map<String, Asset> byName = new LinkedHashMap<>();
        for (Asset a : List.of(index, script, style, icon, chartScript, chartStyle)) {
            byName.put(a.name(), a);
        }
        return new Assets(java.util.Collections.unmodifiableMap(byName));
    }

    /** A redirect to {@code location} (relative to the request's URL), never cached. */
    static HttpReply redirect(String location) {
        List<Map.Entry<String, String>> h = new ArrayList<>(headers("text/plain; charset=utf-8", PAGE_CACHE));
        h.add(Map.entry("Location", location));
        return HttpReply.of(308, h, new byte[0]);
    }

    /** Replaces each {@code {{name}}} of {@code template}; every placeholder must be known. */
    static String render(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder(template.length() + 256);
        int i = 0;
        while (true) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                out.append(template, i, template.length());
                return out.toString();
            }
            int close = template.indexOf("}}", open);
            if (close < 0) {
                throw new IllegalStateException("dashboard page template: unclosed placeholder at " + open);
            }
            String name = template.substring(open + 2, close);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalStateException("dashboard page template: unknown placeholder {{" + name + "}}");
            }
            out.append(template, i, open).append(value);
            i = close + 2;
        }
    }

    /** {@code s} as HTML text or attribute value. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static Asset hashed(String stem, String extension, byte[] body, String contentType) {
        String name = stem + "." + hash(body) + extension;
        return new Asset(name, body, headers(contentType, FILE_CACHE));
    }

    private static List<Map.Entry<String, String>> headers(String contentType, String cacheControl) {
        return List.of(
                Map.entry("Content-Type", contentType),
                Map.entry("Cache-Control", cacheControl),
                Map.entry("X-Content-Type-Options", "nosniff"),
                Map.entry("Content-Security-Policy", CONTENT_SECURITY_POLICY),
                Map.entry("Referrer-Policy", "no-referrer"),
                Map.entry("Cross-Origin-Resource-Policy", "same-origin"),
                Map.entry("X-Frame-Options", "DENY"));
    }

    /** The first 10 hex digits of the SHA-256 of {@code body}. */
    static String hash(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(d, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The uPlot version this build was made with, from the filtered {@code dashboard.properties}. */
    static String uplotVersion() {
        Properties p = new Properties();
        try (InputStream in = Assets.class.getResourceAsStream(OWN + "dashboard.properties")) {
            if (in == null) {
                throw new IllegalStateException("faultline-dashboard: " + OWN + "dashboard.properties is missing");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String v = p.getProperty("uplot.version", "");
        if (!v.matches("[0-9]+\\.[0-9]+\\.[0-9]+")) {
            throw new IllegalStateException("faultline-dashboard: bad uplot.version '" + v + "'");
        }
        return v;
    }

    private static byte[] read(String resource) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("faultline-dashboard: " + resource + " is missing from the class path"
                        + (resource.contains("webjars") ? " (the dashboard needs org.webjars.npm:uplot:"
                        + uplotVersion() + ")" : ""));
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("faultline-dashboard: cannot read " + resource, e);
        }
    }
}
