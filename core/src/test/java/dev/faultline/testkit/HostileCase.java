package dev.faultline.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;

/**
 * The hostile requests of the kit ({@link HostileKit}), each sent over a raw socket exactly as written
 * here. Every case names what it probes and what the server owes it ({@link Expect}); the kit adds the
 * invariants every case shares (no 5xx, no leak, one response per request, the server stays up, no
 * forged log line, no alert).
 *
 * <p>Requests that can carry one send {@code X-Request-Id: }{@link Target#requestId()}, so the kit finds
 * their log events. Routes used: {@value KitApp#OK}, {@value KitApp#ITEM_TEMPLATE}, POST {@value KitApp#ECHO}
 * and POST {@value KitApp#JSON}. The enum only grows: adapters name constants in
 * {@link HostileKit#answeredByServer()}.
 */
public enum HostileCase {

    // ------------------------------------------------------------ request lines
    /** Not an HTTP request line at all. */
    GARBAGE_REQUEST_LINE(Expect.REFUSED, t -> "GARBAGE\r\n\r\n"),
    /** Binary noise where the request line should be. */
    BINARY_REQUEST_LINE(Expect.REFUSED, t -> "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003\r\n\r\n"),
    /** A request line with a fourth element. */
    REQUEST_LINE_EXTRA_TOKEN(Expect.REFUSED, t -> "GET /kit/ok extra HTTP/1.1\r\n" + head(t) + "\r\n"),
    /** A malformed protocol version. */
    BAD_VERSION(Expect.REFUSED, t -> "GET /kit/ok HTTP/1.x\r\n" + head(t) + "\r\n"),
    /** A control character inside the method. */
    CONTROL_IN_METHOD(Expect.REFUSED, t -> "GE\u0001T /kit/ok HTTP/1.1\r\n" + head(t) + "\r\n"),
    /** A method no route knows. */
    UNKNOWN_METHOD(Expect.REFUSED, t -> "BREW /kit/ok HTTP/1.1\r\n" + head(t) + "\r\n"),
    /** A target that does not start with a slash. */
    RELATIVE_TARGET(Expect.REFUSED, t -> "GET kit/ok HTTP/1.1\r\n" + head(t) + "\r\n"),
    /** An absolute-form target (legal: a proxy-style request). */
    ABSOLUTE_FORM(Expect.ANSWERED, t -> "GET http://" + t.authority() + "/kit/ok HTTP/1.1\r\n" + head(t) + "\r\n"),
    /** An absolute-form target naming another host. */
    ABSOLUTE_FORM_OTHER_HOST(Expect.ANSWERED, t -> "GET http://evil.example/kit/ok HTTP/1.1\r\n" + head(t) + "\r\n"),
    /** The asterisk form with OPTIONS (legal). */
    ASTERISK_FORM_OPTIONS(Expect.ANSWERED, t -> "OPTIONS * HTTP/1.1\r\n" + head(t) + "\r\n"),
    /** The asterisk form with GET (not legal). */
    ASTERISK_FORM_GET(Expect.ANSWERED, t -> "GET * HTTP/1.1\r\n" + head(t) + "\r\n"),

    // ------------------------------------------------------------ escapes and encodings
    /** A percent escape that is not hexadecimal (Grizzly answered its own HTML 500). */
    BAD_PERCENT_ESCAPE(Expect.ANSWERED, t -> get(t, "/kit/items/%zz")),
    /** A percent sign at the end of the path. */
    TRUNCATED_PERCENT_ESCAPE(Expect.ANSWERED, t -> get(t, "/kit/items/abc%4")),
    /** An overlong UTF-8 encoding of '/' and '..' (a classic traversal). */
    OVERLONG_UTF8_ESCAPE(Expect.ANSWERED, t -> get(t, "/kit/items/%c0%ae%c0%ae%c0%af")),
    /** An escaped NUL in the path. */
    ESCAPED_NUL_IN_PATH(Expect.ANSWERED, t -> get(t, "/kit/items/a%00b")),
    /** Raw bytes that are not UTF-8 in the path. */
    INVALID_UTF8_IN_PATH(Expect.ANSWERED, t -> get(t, "/kit/items/\u00ff\u00fe\u00c3\u0028")),
    /** A raw NUL byte in the path. */
    RAW_NUL_IN_PATH(Expect.ANSWERED, t -> get(t, "/kit/items/a\u0000b")),
    /** Escapes that decode to bytes that are not UTF-8, in the query. */
    INVALID_UTF8_IN_QUERY(Expect.ANSWERED, t -> get(t, "/kit/ok?q=%ff%fe%c3%28&r=%")),
    /** Raw bytes that are not UTF-8 in the query. */
    RAW_INVALID_UTF8_IN_QUERY(Expect.ANSWERED, t -> get(t, "/kit/ok?q=\u00ff\u00c3\u0028")),
    /** Raw bytes that are not UTF-8 in a header value. */
    INVALID_UTF8_IN_HEADER(Expect.ANSWERED, t -> get(t, "/kit/ok", "User-Agent: \u00ff\u00fe\u00c3\u0028")),
    /** A NUL byte in a header value. */
    NUL_IN_HEADER(Expect.ANSWERED, t -> get(t, "/kit/ok", "X-Kit: a\u0000b")),

    // ------------------------------------------------------------ sizes
    /** A request line of 64 KiB (within some servers' default limits: any answer but a 5xx). */
    OVERSIZED_REQUEST_LINE(Expect.ANSWERED, t -> get(t, "/kit/items/" + "a".repeat(64 * 1024))),
    /** One header of 64 KiB (within some servers' default limits: any answer but a 5xx). */
    OVERSIZED_HEADER(Expect.ANSWERED, t -> get(t, "/kit/ok", "X-Big: " + "b".repeat(64 * 1024))),
    /** Two headers of 1 MiB each: over every server's default limit. */
    HUGE_HEADERS(Expect.REFUSED, t -> get(t, "/kit/ok", "X-Big-1: " + "b".repeat(1 << 20), "X-Big-2: " + "c".repeat(1 << 20))),
    /** 2,000 headers. */
    TOO_MANY_HEADERS(Expect.REFUSED, t -> get(t, "/kit/ok", manyHeaders(2000))),
    /** A query of 2,000 parameters (about 24 KiB). */
    OVERSIZED_QUERY(Expect.ANSWERED, t -> get(t, "/kit/ok?" + manyParams(2000))),

    // ------------------------------------------------------------ framing and smuggling shapes
    /** Two different Content-Length values. */
    CONFLICTING_CONTENT_LENGTH(Expect.REFUSED, t -> post(t, KitApp.ECHO, "Content-Length: 5\r\nContent-Length: 6\r\n", "hello!")),
    /** The same Content-Length twice (may be accepted). */
    DUPLICATE_CONTENT_LENGTH(Expect.ANSWERED, t -> post(t, KitApp.ECHO, "Content-Length: 5\r\nContent-Length: 5\r\n", "hello")),
    /** A Content-Length that is not a number. */
    BAD_CONTENT_LENGTH(Expect.REFUSED, t -> post(t, KitApp.ECHO, "Content-Length: 5x\r\n", "hello")),
    /** A negative Content-Length. */
    NEGATIVE_CONTENT_LENGTH(Expect.REFUSED, t -> post(t, KitApp.ECHO, "Content-Length: -1\r\n", "hello")),
    /**
     * Content-Length and chunked together, with a second request hidden after the chunked body: the
     * classic smuggling shape. Whatever the server does, one request gets at most one response.
     */
    CONTENT_LENGTH_AND_CHUNKED(Expect.ANSWERED, t -> post(t, KitApp.ECHO,
            "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n",
            "0\r\n\r\nGET /kit/ok HTTP/1.1\r\nHost: " + t.authority() + "\r\nX-Request-Id: " + t.requestId() + "-smuggled\r\n\r\n")),
    /** A transfer coding other than chunked last (must be refused: the length is unknown). */
    TRANSFER_ENCODING_NOT_CHUNKED(Expect.REFUSED, t -> post(t, KitApp.ECHO, "Transfer-Encoding: gzip\r\n", "hello")),
    /** An obfuscated chunked coding. */
    TRANSFER_ENCODING_OBFUSCATED(Expect.REFUSED, t -> post(t, KitApp.ECHO, "Transfer-Encoding: xchunked\r\n", "5\r\nhello\r\n0\r\n\r\n")),
    /** Whitespace between a header name and its colon (must be refused). */
    SPACE_BEFORE_COLON(Expect.REFUSED, t -> post(t, KitApp.ECHO, "Transfer-Encoding : chunked\r\nContent-Length: 5\r\n", "hello")),
    /** A header line without a colon. */
    HEADER_WITHOUT_COLON(Expect.REFUSED, t -> get(t, "/kit/ok", "ThisIsNotAHeader")),
    /** An obsolete line folding. */
    OBSOLETE_LINE_FOLDING(Expect.ANSWERED, t -> get(t, "/kit/ok", "X-Folded: a\r\n  b")),
    /** A chunk size that is not hexadecimal. */
    BAD_CHUNK_SIZE(Expect.REFUSED, t -> post(t, KitApp.ECHO, "Transfer-Encoding: chunked\r\n", "zz\r\nhello\r\n0\r\n\r\n")),
    /** A chunk size that overflows a long. */
    OVERFLOWING_CHUNK_SIZE(Expect.REFUSED, t -> post(t, KitApp.ECHO, "Transfer-Encoding: chunked\r\n",
            "fffffffffffffffffffff\r\nhello\r\n0\r\n\r\n")),
    /** A chunk longer than its size says (lenient parsers read on: any answer but a 5xx, one response). */
    CHUNK_LONGER_THAN_SIZE(Expect.ANSWERED, t -> post(t, KitApp.ECHO, "Transfer-Encoding: chunked\r\n", "3\r\nhello\r\n0\r\n\r\n")),
    /** Trailers that are not header lines (Undertow logged 200 then 500 for it: UT000042). */
    BAD_TRAILERS(Expect.REFUSED, t -> post(t, KitApp.ECHO, "Transfer-Encoding: chunked\r\n",
            "5\r\nhello\r\n0\r\nnot a trailer\r\n\r\n")),
    /** A body shorter than its Content-Length, then the client goes away (recorded as internal/500 before). */
    SHORT_BODY_THEN_CLOSE(Expect.GONE, t -> post(t, KitApp.ECHO, "Content-Length: 100\r\n", "123456789")),
    /** A chunked body cut in a chunk, then the client goes away. */
    TRUNCATED_CHUNKED_THEN_CLOSE(Expect.GONE, t -> post(t, KitApp.ECHO, "Transfer-Encoding: chunked\r\n", "a\r\nhel")),
    /** A JSON body cut short, then the client goes away. */
    SHORT_JSON_THEN_CLOSE(Expect.GONE, t -> post(t, KitApp.JSON, "Content-Type: application/json\r\nContent-Length: 50\r\n",
            "{\"title\":\"a")),
    /** A request for a large response ({@value KitApp#BIG}, 32 MiB), then the client goes away: a broken pipe while writing. */
    BIG_RESPONSE_THEN_CLOSE(Expect.GONE, t -> get(t, KitApp.BIG + "?bytes=33554432")),
    /** The headers end too early, then the client goes away. */
    CUT_HEADERS_THEN_CLOSE(Expect.GONE, t -> "GET /kit/ok HTTP/1.1\r\nHost: " + t.authority() + "\r\nX-Request-Id: "),

    // ------------------------------------------------------------ JSON bombs and content types
    /** 20,000 nested arrays. */
    JSON_DEEP_NESTING(Expect.REFUSED, t -> json(t, "[".repeat(20_000) + "]".repeat(20_000))),
    /** A number of 30,000 digits. */
    JSON_LONG_NUMBER(Expect.REFUSED, t -> json(t, "{\"title\":" + "9".repeat(30_000) + "}")),
    /** A string of 100,000 characters. */
    JSON_LONG_STRING(Expect.REFUSED, t -> json(t, "{\"title\":\"" + "x".repeat(100_000) + "\"}")),
    /** 20,000 keys. */
    JSON_MANY_KEYS(Expect.REFUSED, t -> json(t, manyKeys(20_000))),
    /** A document cut short. */
    JSON_TRUNCATED(Expect.REFUSED, t -> json(t, "{\"title\":")),
    /** A document of the wrong shape. */
    JSON_WRONG_SHAPE(Expect.REFUSED, t -> json(t, "[1,2,3]")),
    /** A JSON body declared as text. */
    WRONG_CONTENT_TYPE(Expect.REFUSED, t -> post(t, KitApp.JSON, "Content-Type: text/plain\r\nContent-Length: 14\r\n", "{\"title\":\"a\"}\n")),
    /** A JSON body with no content type. */
    MISSING_CONTENT_TYPE(Expect.REFUSED, t -> post(t, KitApp.JSON, "Content-Length: 14\r\n", "{\"title\":\"a\"}\n")),

    // ------------------------------------------------------------ control characters that reach a log line
    /** Escaped CR LF in the path, shaped like a forged log line. */
    ESCAPED_CRLF_IN_PATH(Expect.ANSWERED, t -> get(t, "/kit/items/a%0d%0a%7B%22level%22:%22ERROR%22%7D%1b[31m")),
    /** Escaped CR LF and ESC in the query. */
    ESCAPED_CRLF_IN_QUERY(Expect.ANSWERED, t -> get(t, "/kit/ok?q=a%0d%0aINFO%20forged%20line%1b[2J")),
    /** A bare CR inside a header value. */
    BARE_CR_IN_HEADER(Expect.ANSWERED, t -> get(t, "/kit/ok", "User-Agent: kit\rINFO forged line")),
    /** Control characters (ESC, BEL, DEL) in the User-Agent. */
    CONTROL_CHARS_IN_USER_AGENT(Expect.ANSWERED, t -> get(t, "/kit/ok", "User-Agent: kit\u001b[31mred\u0007\u007f")),
    /** An X-Request-Id with control characters and a forged line: replaced, never echoed. */
    HOSTILE_REQUEST_ID(Expect.ANSWERED, t -> "GET /kit/ok HTTP/1.1\r\nHost: " + t.authority()
            + "\r\nX-Request-Id: a\u001b[31m\tb\u0007\r\n\r\n"),
    /** An over-long X-Request-Id. */
    OVERLONG_REQUEST_ID(Expect.ANSWERED, t -> "GET /kit/ok HTTP/1.1\r\nHost: " + t.authority()
            + "\r\nX-Request-Id: " + "r".repeat(4096) + "\r\n\r\n"),
    /** Bogus traceparent values. */
    BOGUS_TRACEPARENT(Expect.ANSWERED, t -> get(t, "/kit/ok", "traceparent: 00-zzzz\u001b-" + "0".repeat(300) + "-01")),
    /** A traceparent with an all-zero trace id (invalid by the spec). */
    ZERO_TRACEPARENT(Expect.ANSWERED, t -> "GET /kit/ok HTTP/1.1\r\nHost: " + t.authority()
            + "\r\ntraceparent: 00-00000000000000000000000000000000-00f067aa0ba902b7-01\r\n\r\n"),
    /** Line endings of a bare LF (tolerated by most servers). */
    BARE_LF_LINE_ENDINGS(Expect.ANSWERED, t -> "GET /kit/ok HTTP/1.1\nHost: " + t.authority() + "\nX-Request-Id: "
            + t.requestId() + "\n\n"),
    /** No Host header in HTTP/1.1 (the RFC says 400). */
    MISSING_HOST(Expect.ANSWERED, t -> "GET /kit/ok HTTP/1.1\r\nX-Request-Id: " + t.requestId() + "\r\n\r\n"),
    /** Two Host headers (the RFC says 400). */
    DUPLICATE_HOST(Expect.ANSWERED, t -> get(t, "/kit/ok", "Host: evil.example")),

    // ------------------------------------------------------------ connections
    /** Two requests pipelined: two responses, in order, each its own. */
    PIPELINED(Expect.ANSWERED, 2, t -> get(t, "/kit/ok") + "GET /kit/items/2 HTTP/1.1\r\nHost: " + t.authority()
            + "\r\nX-Request-Id: " + t.requestId() + "-2\r\n\r\n"),
    /** A good request pipelined with garbage: one answer each at most. */
    PIPELINED_THEN_GARBAGE(Expect.ANSWERED, 2, t -> get(t, "/kit/ok") + "GARBAGE \u0000\u0001\r\n\r\n"),
    /** Headers sent a few bytes at a time, then the client stalls and goes away: the server stays up. */
    SLOW_HEADERS_THEN_STALL(Expect.SLOW, t -> "GET /kit/ok HTTP/1.1\r\nHost: " + t.authority() + "\r\nX-Slow: 1\r\n");

    /**
     * What Undertow answers itself, before any handler runs: its HTTP/1.1 parser's {@code 400 Bad Request}
     * with an empty body and {@code Connection: close} for a request line, header or framing it cannot parse
     * (a fixed byte buffer in {@code HttpReadListener}, no hook); its host checks' {@code 400} (no Host, two
     * Hosts, an absolute-form target naming another host); and the chunked parser, which closes the
     * connection on a bad chunk size or bad trailers while the application reads the body. The same cases on
     * Undertow 2.4 and on 2.3 from 2.3.26 (2.3.20 serves a header line without a colon): declared by the
     * Undertow adapter's kit and by RESTEasy's on Undertow.
     */
    public static final java.util.Set<HostileCase> UNDERTOW_SERVER_LEVEL = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(GARBAGE_REQUEST_LINE, BINARY_REQUEST_LINE, REQUEST_LINE_EXTRA_TOKEN, BAD_VERSION,
                    CONTROL_IN_METHOD, RELATIVE_TARGET, ASTERISK_FORM_GET, ABSOLUTE_FORM_OTHER_HOST, BAD_PERCENT_ESCAPE,
                    TRUNCATED_PERCENT_ESCAPE, INVALID_UTF8_IN_PATH, RAW_NUL_IN_PATH, INVALID_UTF8_IN_QUERY,
                    RAW_INVALID_UTF8_IN_QUERY, NUL_IN_HEADER, HUGE_HEADERS, TOO_MANY_HEADERS, OVERSIZED_QUERY,
                    CONFLICTING_CONTENT_LENGTH, DUPLICATE_CONTENT_LENGTH, BAD_CONTENT_LENGTH, NEGATIVE_CONTENT_LENGTH,
                    CONTENT_LENGTH_AND_CHUNKED, SPACE_BEFORE_COLON, HEADER_WITHOUT_COLON, BAD_CHUNK_SIZE,
                    OVERFLOWING_CHUNK_SIZE, BAD_TRAILERS, BARE_CR_IN_HEADER, CONTROL_CHARS_IN_USER_AGENT,
                    HOSTILE_REQUEST_ID, BOGUS_TRACEPARENT, BARE_LF_LINE_ENDINGS, MISSING_HOST, DUPLICATE_HOST,
                    PIPELINED_THEN_GARBAGE));

    /** What the server owes a case, besides the invariants every case shares. */
    public enum Expect {
        /** A 4xx problem (a server-level 4xx or a clean close for cases the adapter declares answered by the server). */
        REFUSED,
        /** Any answer but a 5xx: a 2xx or 3xx, or a 4xx problem (a server-level answer where declared). */
        ANSWERED,
        /** The client sends and goes away; nothing is read; the server records a client fault, never a 5xx. */
        GONE,
        /** A client that sends slowly and stalls for a bounded time; any answer but a 5xx, or none. */
        SLOW
    }

    /**
     * Where a case is sent and the request id it carries.
     *
     * @param authority {@code 127.0.0.1:<port>}
     * @param requestId the id the case puts in {@code X-Request-Id} (well formed)
     */
    public record Target(String authority, String requestId) {
    }

    private final Expect expect;
    private final int responses;
    private final Function<Target, String> request;

    HostileCase(Expect expect, Function<Target, String> request) {
        this(expect, 1, request);
    }

    HostileCase(Expect expect, int responses, Function<Target, String> request) {
        this.expect = expect;
        this.responses = responses;
        this.request = request;
    }

    /** What the server owes this case. */
    public Expect expect() {
        return expect;
    }

    /** How many requests the case sends on its connection (so at most this many responses). */
    public int requests() {
        return responses;
    }

    /**
     * The bytes of the case: each char of the template is one byte (ISO-8859-1), so that the case
     * controls every byte, including invalid UTF-8.
     */
    public byte[] bytes(Target target) {
        return request.apply(target).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** How the kit sends the case and reads its answer. */
    public RawHttp.Options options() {
        RawHttp.Options o = RawHttp.Options.standard().responses(responses);
        return switch (expect) {
            case GONE -> o.closeAfterSend();
            case SLOW -> o.slowly(4, Duration.ofMillis(40)).readTimeout(Duration.ofSeconds(2)).linger(Duration.ZERO);
            default -> o;
        };
    }

    // ------------------------------------------------------------ builders

    /** Host, the request id and a plain user agent, each line ended. */
    static String head(Target t) {
        return "Host: " + t.authority() + "\r\nX-Request-Id: " + t.requestId() + "\r\nUser-Agent: faultline-hostile-kit\r\n";
    }

    static String get(Target t, String target, String... extraHeaders) {
        StringBuilder b = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n").append(head(t));
        for (String h : extraHeaders) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    static String post(Target t, String target, String framingHeaders, String body) {
        return "POST " + target + " HTTP/1.1\r\n" + head(t) + framingHeaders + "\r\n" + body;
    }

    static String json(Target t, String body) {
        return post(t, KitApp.JSON, "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n", body);
    }

    private static String manyHeaders(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : "\r\n").append("X-H").append(i).append(": v");
        }
        return b.toString();
    }

    private static String manyParams(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : "&").append("p").append(i).append("=v");
        }
        return b.toString();
    }

    private static String manyKeys(int n) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return b.append('}').toString();
    }
}
