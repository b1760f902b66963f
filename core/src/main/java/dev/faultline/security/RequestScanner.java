package dev.faultline.security;

import dev.faultline.http.RequestView;
import dev.faultline.internal.Preconditions;
import dev.faultline.security.Canonicalizer.Work;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Scans the parts of a request an attacker controls with a {@link SignatureScanner}: the path, each
 * query parameter, selected headers and, when captured, the body. Immutable and thread-safe.
 *
 * <p>Locations in findings: {@code path}; {@code query:<name>} for a parameter's name and value (a
 * name that is not a plain {@code [A-Za-z0-9._-\[\]]} word of at most 64 characters is shown by its
 * position instead, {@code query:#3}, so that no attacker-chosen text reaches the logs);
 * {@code header:<Name>} as configured; {@code body}.
 *
 * <p>Cost and bounds: every value is scanned once (each value of a repeated header, each occurrence
 * of a repeated parameter), so the work is linear in the size of the request; at most
 * {@link Builder#maxQueryParameters(int)} parameters are scanned (the rest is reported as the
 * truncated location {@code query}); a report lists at most {@link Builder#maxIssues(int)} findings.
 * A value of 24 to 1,024 chars of a header that carries no credentials ({@code User-Agent},
 * {@code X-Forwarded-For}, {@code Forwarded}, {@code X-Real-IP}, {@code Via}, {@code Origin}, the
 * {@code Accept} headers) that scanned clean is remembered, a few dozen per header, and a later
 * value equal to it is not scanned again: the same {@code User-Agent} comes with request after request,
 * and a scan's findings depend on the value alone. Checking costs a hash and a comparison, linear in the
 * value too. Values of other headers ({@code Cookie}, {@code Referer}, whose URL may hold a token, and any
 * header added with {@link Builder#headers}) are never kept. Paths of up to 256 chars that scanned
 * clean are remembered the same way, a hundred or so: a server's routes repeat too.
 */
public final class RequestScanner {

    /** Headers scanned by default. */
    public static final List<String> DEFAULT_HEADERS =
            List.of("User-Agent", "Referer", "X-Forwarded-For", "Cookie");
    /** Default cap on the findings listed in one report. */
    public static final int DEFAULT_MAX_ISSUES = 32;
    /** Default cap on the query parameters scanned. */
    public static final int DEFAULT_MAX_QUERY_PARAMETERS = 256;

    /**
     * The headers whose clean values are remembered (lower case): values that repeat from request to
     * request and carry no credentials. A header's value is kept only when its name is one of these.
     */
    static final java.util.Set<String> REMEMBERED_HEADERS = java.util.Set.of("user-agent", "x-forwarded-for",
            "forwarded", "x-real-ip", "via", "origin", "accept", "accept-language", "accept-encoding");
    // after every constant the constructor reads
    private static final RequestScanner DEFAULT = builder().build();

    private final SignatureScanner signatures;
    private final Map<String, String> headers;
    /** The configured names (lower case) and their locations, matched without lower-casing each request header. */
    private final String[] headerNames;
    private final String[] headerLocations;
    /**
     * By name length (up to {@link #BY_LENGTH}): the index of the one configured name of that length,
     * {@link #NO_HEADER} when none has it, {@link #SEVERAL} when more than one has (then every name is
     * compared). A request header whose length no configured name has (Host, Accept, Connection for
     * the default names) is ruled out by one array read, without comparing its name.
     */
    private final int[] headerByLength;
    static final int BY_LENGTH = 64;
    private static final int NO_HEADER = -1;
    private static final int SEVERAL = -2;
    private final int maxIssues;
    private final int maxQueryParameters;

    /**
     * Per configured header (null for a header not in {@link #REMEMBERED_HEADERS}: {@code Cookie}'s values
     * are credentials, a {@code Referer} may carry a token in its URL),
     * a small direct-mapped table of values that scanned clean: a {@code User-Agent} or {@code X-Forwarded-For}
     * repeats from request to request, and a value equal to one that scanned clean scans clean again
     * (a scan's result depends on the value and the scanner only; every header is scanned as
     * {@link Cursor.Part#HEADER}). Checking costs a hash and an equality test, both linear in the
     * value, instead of the scan; a table slot is overwritten by the next clean value that hashes
     * there. Shared by the threads without locks: slots hold immutable strings.
     */
    private final @Nullable String[] @Nullable [] cleanHeaderValues;
    /** Slots per header in {@link #cleanHeaderValues} (a power of two). */
    static final int CLEAN_SLOTS = 64;
    /** Only header values from this many chars up to {@link #CLEAN_MAX_CHARS} are remembered: shorter ones scan as fast. */
    static final int CLEAN_MIN_CHARS = 24;
    static final int CLEAN_MAX_CHARS = 1024;

    /**
     * Paths that scanned clean, direct-mapped by hash as {@link #cleanHeaderValues} are: a server's
     * routes come back request after request ({@code /hello}, {@code /api/videos}), and a path equal to
     * one that scanned clean scans clean again (every path is scanned as {@link Cursor.Part#PATH}).
     * Checking costs a hash and an equality test instead of the decoding pass and the families' setup.
     * Paths are not credentials; at most {@value #CLEAN_PATH_SLOTS} of at most
     * {@value #CLEAN_PATH_MAX_CHARS} chars are kept (about 70 KB at most, however hostile the traffic), a slot
     * overwritten by the next clean path that hashes there.
     */
    private final @Nullable String[] cleanPaths = new String[CLEAN_PATH_SLOTS];
    /** Slots of {@link #cleanPaths} (a power of two). */
    static final int CLEAN_PATH_SLOTS = 128;
    /** Longer paths are scanned every time. */
    static final int CLEAN_PATH_MAX_CHARS = 256;

    private RequestScanner(Builder b) {
        this.signatures = b.signatures;
        this.headers = b.headers;
        this.headerNames = b.headers.keySet().toArray(new String[0]);
        this.headerLocations = b.headers.values().toArray(new String[0]);
        this.headerByLength = new int[BY_LENGTH];
        java.util.Arrays.fill(headerByLength, NO_HEADER);
        for (int i = 0; i < headerNames.length; i++) {
            int len = headerNames[i].length();
            if (len < BY_LENGTH) {
                headerByLength[len] = headerByLength[len] == NO_HEADER ? i : SEVERAL;
            }
        }
        this.maxIssues = b.maxIssues;
        this.maxQueryParameters = b.maxQueryParameters;
        this.cleanHeaderValues = new String[headerNames.length][];
        for (int i = 0; i < headerNames.length; i++) {
            cleanHeaderValues[i] = REMEMBERED_HEADERS.contains(headerNames[i].toLowerCase(Locale.ROOT))
                    ? new String[CLEAN_SLOTS] : null;
        }
    }

    /** The default scanner: every signature category, {@link #DEFAULT_HEADERS}. */
    public static RequestScanner create() {
        return DEFAULT;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Scans the path, query and selected headers. */
    public ScanReport scan(RequestView request) {
        return scan(request, null);
    }

    /**
     * Scans the path, query, selected headers and {@code body} (the captured, possibly truncated,
     * text of the request body; {@code null} when none was captured).
     */
    public ScanReport scan(RequestView request, @Nullable CharSequence body) {
        Objects.requireNonNull(request, "request");
        // one scratch for the whole request; its collector, work counter and header callback are
        // reused request after request, so that a scan with no finding allocates nothing here
        SignatureScanner.Scratch s = SignatureScanner.acquire();
        try {
            ScanReport.Collector out = s.collector.reset(maxIssues);
            Work w = s.work;
            String path = request.path();
            if (path != null && !path.isEmpty()) {
                scanPath(out, s, path, w);
            }
            String query = request.query();
            if (query != null && !query.isEmpty()) {
                scanQuery(out, s, query, w);
            }
            if (headerNames.length > 0) {
                HeaderScan h = s.headerScan;
                h.start(this, out, s, w);
                try {
                    request.forEachHeader(h);
                } finally {
                    h.start(null, null, null, null);
                }
            }
            if (body != null && body.length() > 0) {
                scan(out, s, "body", body.toString(), Cursor.Part.BODY, w);
            }
            return out.build();
        } finally {
            SignatureScanner.release(s);
        }
    }

    /** The header callback of one request scan, kept in the scratch rather than made per request. */
    static final class HeaderScan implements java.util.function.BiConsumer<String, String> {
        private @Nullable RequestScanner scanner;
        private ScanReport.@Nullable Collector out;
        private SignatureScanner.@Nullable Scratch scratch;
        private @Nullable Work work;

        void start(@Nullable RequestScanner scanner, ScanReport.@Nullable Collector out,
                SignatureScanner.@Nullable Scratch scratch, @Nullable Work work) {
            this.scanner = scanner;
            this.out = out;
            this.scratch = scratch;
            this.work = work;
        }

        @Override
        public void accept(String name, String value) {
            RequestScanner r = scanner;
            ScanReport.Collector o = out;
            SignatureScanner.Scratch s = scratch;
            Work w = work;
            if (r == null || o == null || s == null || w == null) {
                return; // not within a scan
            }
            int header = r.header(name);
            if (header >= 0 && value != null) {
                r.scanHeader(o, s, header, value, w);
            }
        }
    }

    private void scan(ScanReport.Collector out, SignatureScanner.Scratch s, String location, String value,
            Cursor.Part part, Work w) {
        SignatureScanner.report(out, location, signatures.scanRange(s, value, 0, value.length(), part, w));
    }

    /** How many clean values of header {@code name} are remembered, or -1 when its values are never kept (for tests). */
    int remembered(String name) {
        int header = header(name);
        String[] clean = header < 0 ? null : cleanHeaderValues[header];
        if (clean == null) {
            return -1;
        }
        int n = 0;
        for (String v : clean) {
            n += v == null ? 0 : 1;
        }
        return n;
    }

    /** The index of a scanned header, or -1 when {@code name} is not one. */
    private int header(String name) {
        int len = name.length();
        if (len < BY_LENGTH) {
            int i = headerByLength[len];
            if (i == NO_HEADER) {
                return -1;
            }
            if (i != SEVERAL) {
                return headerNames[i].regionMatches(true, 0, name, 0, len) ? i : -1;
            }
        }
        for (int i = 0; i < headerNames.length; i++) {
            String h = headerNames[i];
            if (h.length() == name.length() && h.regionMatches(true, 0, name, 0, h.length())) {
                return i;
            }
        }
        return -1;
    }

    /** Scans the value of configured header {@code header}, unless it equals a value of that header that scanned clean. */
    private void scanHeader(ScanReport.Collector out, SignatureScanner.Scratch s, int header, String value, Work w) {
        String[] clean = cleanHeaderValues[header];
        int len = value.length();
        if (clean == null || len < CLEAN_MIN_CHARS || len > CLEAN_MAX_CHARS) {
            scan(out, s, headerLocations[header], value, Cursor.Part.HEADER, w);
        } else {
            scanRemembering(out, s, clean, headerLocations[header], value, Cursor.Part.HEADER, w);
        }
    }

    /** Scans the path, unless it equals a path that scanned clean (see {@link #cleanPaths}). */
    private void scanPath(ScanReport.Collector out, SignatureScanner.Scratch s, String path, Work w) {
        if (path.length() > CLEAN_PATH_MAX_CHARS) {
            scan(out, s, "path", path, Cursor.Part.PATH, w);
        } else {
            scanRemembering(out, s, cleanPaths, "path", path, Cursor.Part.PATH, w);
        }
    }

    /**
     * Scans {@code value} unless {@code clean}, a direct-mapped table of values that scanned clean as
     * {@code part} (its length a power of two), holds an equal one; a value that scans clean takes its
     * slot. Checking costs a hash and an equality test, both linear in the value.
     */
    private void scanRemembering(ScanReport.Collector out, SignatureScanner.Scratch s, @Nullable String[] clean,
            String location, String value, Cursor.Part part, Work w) {
        int len = value.length();
        int slot = value.hashCode() & (clean.length - 1);
        w.ops += len;
        String known = clean[slot];
        if (known != null && known.equals(value)) {
            return;
        }
        long result = signatures.scanRange(s, value, 0, len, part, w);
        if (result == 0) {
            clean[slot] = value;
        } else {
            SignatureScanner.report(out, location, result);
        }
    }

    /** How many clean paths are remembered (for tests). */
    int rememberedPaths() {
        int n = 0;
        for (String p : cleanPaths) {
            n += p == null ? 0 : 1;
        }
        return n;
    }

    private void scanQuery(ScanReport.Collector out, SignatureScanner.Scratch s, String query, Work w) {
        int n = query.length();
        int index = 0;
        int start = 0;
        int nextEq = -1; // the first '=' at or after start, n when there is none
        while (start <= n) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = n;
            }
            if (end > start) {
                index++;
                if (index > maxQueryParameters) {
                    out.truncated("query");
                    return;
                }
                // the next '=' is searched for once and kept until a parameter reaches it: a run of
                // parameters without '=' would otherwise each search on to it (quadratic in the query)
                if (nextEq < start) {
                    nextEq = query.indexOf('=', start);
                    if (nextEq < 0) {
                        nextEq = n;
                    }
                }
                int eq = Math.min(nextEq, end);
                // scanned in place: the location (and the name's decoding) is made only for a finding
                long inName = signatures.scanRange(s, query, start, eq, Cursor.Part.QUERY, w);
                long inValue = eq < end ? signatures.scanRange(s, query, eq + 1, end, Cursor.Part.QUERY, w) : 0;
                if (inName != 0 || inValue != 0) {
                    String location = "query:" + displayName(query.substring(start, eq), index, w);
                    SignatureScanner.report(out, location, inName);
                    SignatureScanner.report(out, location, inValue);
                }
            }
            start = end + 1;
        }
    }

    /** The parameter name as decoded once, if it is a plain short word; else {@code #index}. */
    static String displayName(String raw, int index, Work w) {
        String name = Canonicalizer.decodeRound(raw, w);
        if (name.isEmpty() || name.length() > 64) {
            return "#" + index;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || c == '[' || c == ']';
            if (!plain) {
                return "#" + index;
            }
        }
        return name;
    }

    /** The headers scanned, as configured. */
    public List<String> headers() {
        List<String> names = new ArrayList<>(headers.size());
        for (String location : headers.values()) {
            names.add(location.substring("header:".length()));
        }
        return List.copyOf(names);
    }

    public SignatureScanner signatures() {
        return signatures;
    }

    @Override
    public String toString() {
        return "RequestScanner[headers=" + headers() + ", maxIssues=" + maxIssues + ", maxQueryParameters="
                + maxQueryParameters + ", signatures=" + signatures + "]";
    }

    /** Builds a {@link RequestScanner}; not thread-safe. */
    public static final class Builder {
        private SignatureScanner signatures = SignatureScanner.create();
        private Map<String, String> headers = index(DEFAULT_HEADERS);
        private int maxIssues = DEFAULT_MAX_ISSUES;
        private int maxQueryParameters = DEFAULT_MAX_QUERY_PARAMETERS;

        private Builder() {
        }

        /** The signature scanner to use. Default: {@link SignatureScanner#create()}. */
        public Builder signatures(SignatureScanner signatures) {
            this.signatures = Objects.requireNonNull(signatures, "signatures");
            return this;
        }

        /**
         * The request headers to scan (names are matched case-insensitively; duplicates are scanned
         * once). Default {@link RequestScanner#DEFAULT_HEADERS}: User-Agent, Referer, X-Forwarded-For, Cookie. An
         * empty list scans no header.
         */
        public Builder headers(Collection<String> names) {
            Objects.requireNonNull(names, "names");
            for (String name : names) {
                if (name == null || name.isBlank() || !isToken(name)) {
                    throw Preconditions.invalid("security.scan_headers", ": not a header name: '" + name + "'");
                }
            }
            this.headers = index(names);
            return this;
        }

        /** Findings listed per report, 1 to 1024. Default {@value RequestScanner#DEFAULT_MAX_ISSUES}. */
        public Builder maxIssues(int max) {
            if (max < 1 || max > 1024) {
                throw Preconditions.invalid("security.max_issues", "must be between 1 and 1024, was " + max);
            }
            this.maxIssues = max;
            return this;
        }

        /** Query parameters scanned per request, 1 to 65536. Default {@value RequestScanner#DEFAULT_MAX_QUERY_PARAMETERS}. */
        public Builder maxQueryParameters(int max) {
            if (max < 1 || max > 65536) {
                throw Preconditions.invalid(
                        "security.max_query_parameters", "must be between 1 and 65536, was " + max);
            }
            this.maxQueryParameters = max;
            return this;
        }

        public RequestScanner build() {
            return new RequestScanner(this);
        }

        private static Map<String, String> index(Collection<String> names) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String name : names) {
                m.putIfAbsent(name.toLowerCase(Locale.ROOT), "header:" + name);
            }
            return java.util.Collections.unmodifiableMap(m);
        }

        private static boolean isToken(String name) {
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
