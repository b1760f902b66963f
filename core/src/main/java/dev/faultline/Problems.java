package dev.faultline;

import dev.faultline.error.Classification;
import dev.faultline.error.ErrorClassifier;
import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import dev.faultline.error.FieldError;
import dev.faultline.error.Problem;
import dev.faultline.error.ValidationException;
import dev.faultline.http.ErrorReply;
import dev.faultline.internal.analysis.Fingerprinter;
import dev.faultline.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** Turns a classified failure into an RFC 9457 reply. Thread-safe. */
final class Problems {

    /** The longest {@code instance} (the request path) a problem repeats. */
    static final int MAX_INSTANCE_LENGTH = 256;

    final @Nullable String typeBase;
    final boolean exposeDetails;
    final int stackFrames;
    private final Clock clock;
    /** Reads a downstream's Retry-After for a failure no FaultlineException gave one to. */
    private final @Nullable ErrorClassifier classifier;

    /** Redacts secrets (by name and by shape) from an exception message shown in development. */
    private final UnaryOperator<String> messageRedactor;

    Problems(@Nullable String typeBase, boolean exposeDetails, int stackFrames, Clock clock,
            @Nullable ErrorClassifier classifier, UnaryOperator<String> messageRedactor) {
        this.messageRedactor = messageRedactor;
        this.typeBase = typeBase;
        this.exposeDetails = exposeDetails;
        this.stackFrames = stackFrames;
        this.clock = clock;
        this.classifier = classifier;
    }

    /**
     * @param links {@code error}'s cause chain as {@link Fingerprinter#links} gives it (walked for the
     *     fingerprint already), or {@code null} to walk it here
     */
    ErrorReply reply(Classification c, @Nullable Throwable error, Throwable @Nullable [] links, String requestId,
            String requestIdHeader, @Nullable String path) {
        FaultlineException fe = links != null ? owner(c, links) : owner(c, error);
        if (fe == null && !(exposeDetails && error != null) && !readsDownstreamRetryAfter(c, error)) {
            // the common failure: nothing but constants, the path, the request id and the time
            return new ErrorReply(c.status(), List.of(CONTENT_TYPE, Map.entry(requestIdHeader, requestId), NO_STORE),
                    plainBody(c, path, requestId), c);
        }
        Problem.Builder p = Problem.builder(c.status())
                .type(typeBase == null ? "about:blank" : typeBase + c.type().slug())
                .detail(fe != null ? fe.publicDetail() : c.type().genericDetail())
                .instance(path == null ? null : truncate(path))
                .extension("request_id", requestId)
                .extension("error_type", c.type().label())
                .extension("timestamp", DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        Duration retryAfter = null;
        if (fe != null) {
            if (fe instanceof ValidationException ve && !ve.fieldErrors().isEmpty()) {
                List<Map<String, String>> errors = new ArrayList<>(ve.fieldErrors().size());
                for (FieldError f : ve.fieldErrors()) {
                    errors.add(Map.of("field", f.field(), "message", f.message()));
                }
                p.extension("errors", errors);
            }
            retryAfter = fe.retryAfter().orElse(null);
            if (retryAfter != null) {
                p.extension("retry_after", seconds(retryAfter));
            }
            for (Map.Entry<String, Object> e : fe.extensions().entrySet()) {
                p.extension(e.getKey(), e.getValue());
            }
        } else if (readsDownstreamRetryAfter(c, error)) {
            // a downstream's 429 or 503 passed on as this service's 503: its Retry-After goes with it
            retryAfter = classifier.downstreamRetryAfter(error, clock.instant()).orElse(null);
            if (retryAfter != null) {
                p.extension("retry_after", seconds(retryAfter));
            }
        }
        if (exposeDetails && error != null) {
            p.extension("exception", error.getClass().getName());
            if (error.getMessage() != null) {
                p.extension("message", messageRedactor.apply(error.getMessage()));
            }
            if (stackFrames > 0) {
                p.extension("stack", frames(error));
            }
        }
        byte[] body = p.build().toJson();
        List<Map.Entry<String, String>> headers = new ArrayList<>(4);
        headers.add(Map.entry("Content-Type", Problem.MEDIA_TYPE));
        headers.add(Map.entry(requestIdHeader, requestId));
        headers.add(Map.entry("Cache-Control", "no-store"));
        if (retryAfter != null && (c.status() == 429 || c.status() == 503)) {
            headers.add(Map.entry("Retry-After", Long.toString(seconds(retryAfter))));
        }
        return new ErrorReply(c.status(), headers, body, c);
    }

    private boolean readsDownstreamRetryAfter(Classification c, @Nullable Throwable error) {
        return classifier != null && error != null && c.type() == ErrorType.EXTERNAL_SERVICE && c.status() == 503;
    }

    private static final Map.Entry<String, String> CONTENT_TYPE = Map.entry("Content-Type", Problem.MEDIA_TYPE);
    private static final Map.Entry<String, String> NO_STORE = Map.entry("Cache-Control", "no-store");
    private static final byte[] INSTANCE = ascii(",\"instance\":");
    private static final byte[] REQUEST_ID = ascii(",\"request_id\":");
    private static final int FIRST_STATUS = 400;
    private static final int STATUSES = 200;

    /**
     * Per error type and status, the body's constant start: {@code {"type":…,"title":…,"status":…,
     * "detail":…} without its closing brace, rendered once by {@link Problem#toJson()} itself, so the
     * plain body is byte for byte what the general path writes.
     */
    private final AtomicReferenceArray<byte[]> heads = new AtomicReferenceArray<>(ErrorType.values().length * STATUSES);
    /** Per error type: {@code ,"error_type":"…","timestamp":"}. */
    private final byte[][] tails = tails();

    /**
     * The body of a failure that shows nothing of its own (no FaultlineException's detail, retry or
     * extensions; no exception details): written straight to bytes, without a {@link Problem}, its maps
     * or a JSON generator.
     */
    private byte[] plainBody(Classification c, @Nullable String path, String requestId) {
        byte[] head = head(c);
        // the path and the request id are escaped straight into the body: one allocation, the body's
        String instance = path == null ? null : truncate(path);
        int instanceLength = instance == null ? 0 : quotedLength(instance);
        if (instanceLength < 0) {
            instance = Json.safe(instance);
            instanceLength = quotedLength(instance);
        }
        String id = requestId;
        int idLength = quotedLength(id);
        if (idLength < 0) {
            id = Json.safe(id);
            idLength = quotedLength(id);
        }
        byte[] tail = tails[c.type().ordinal()];
        java.time.Instant now = clock.instant();
        byte[] second = secondText(now.getEpochSecond());
        int millis = now.getNano() / 1_000_000;
        int n = head.length + (instance == null ? 0 : INSTANCE.length + instanceLength) + REQUEST_ID.length
                + idLength + tail.length + second.length + (millis == 0 ? 1 : 5) + 2;
        byte[] out = new byte[n];
        int at = put(out, 0, head);
        if (instance != null) {
            at = put(out, at, INSTANCE);
            at = putQuoted(out, at, instance);
        }
        at = put(out, at, REQUEST_ID);
        at = putQuoted(out, at, id);
        at = put(out, at, tail);
        at = put(out, at, second);
        if (millis != 0) { // as ISO_INSTANT writes a time truncated to milliseconds: .SSS, or nothing
            out[at++] = '.';
            out[at++] = (byte) ('0' + millis / 100);
            out[at++] = (byte) ('0' + millis / 10 % 10);
            out[at++] = (byte) ('0' + millis % 10);
        }
        out[at++] = 'Z';
        out[at++] = '"';
        out[at] = '}';
        return out;
    }

    /** The last second's text, {@code 2026-03-04T05:06:07}: failures come in bursts within a second. */
    private volatile SecondText lastSecond = new SecondText(Long.MIN_VALUE, new byte[0]);

    private record SecondText(long epochSecond, byte[] text) {
    }

    /** A second as ISO_INSTANT writes it, without the fraction and the {@code Z}. */
    private byte[] secondText(long epochSecond) {
        SecondText last = lastSecond;
        if (last.epochSecond() == epochSecond) {
            return last.text();
        }
        String text = DateTimeFormatter.ISO_INSTANT.format(java.time.Instant.ofEpochSecond(epochSecond));
        byte[] bytes = ascii(text.substring(0, text.length() - 1)); // without the Z
        lastSecond = new SecondText(epochSecond, bytes);
        return bytes;
    }

    private byte[] head(Classification c) {
        int status = c.status();
        if (status < FIRST_STATUS || status >= FIRST_STATUS + STATUSES) {
            return renderHead(c);
        }
        int slot = c.type().ordinal() * STATUSES + status - FIRST_STATUS;
        byte[] head = heads.get(slot);
        if (head == null) {
            head = renderHead(c);
            heads.set(slot, head);
        }
        return head;
    }

    private byte[] renderHead(Classification c) {
        byte[] whole = Problem.builder(c.status())
                .type(typeBase == null ? "about:blank" : typeBase + c.type().slug())
                .detail(c.type().genericDetail())
                .build().toJson();
        return java.util.Arrays.copyOf(whole, whole.length - 1); // without the closing brace
    }

    private static byte[][] tails() {
        ErrorType[] types = ErrorType.values();
        byte[][] out = new byte[types.length][];
        for (ErrorType t : types) {
            byte[] label = quoted(t.label());
            byte[] start = ascii(",\"error_type\":");
            byte[] end = ascii(",\"timestamp\":\"");
            byte[] tail = new byte[start.length + label.length + end.length];
            put(tail, put(tail, put(tail, 0, start), label), end);
            out[t.ordinal()] = tail;
        }
        return out;
    }

    private static final byte[] HEX = ascii("0123456789ABCDEF");

    /**
     * A JSON string, quoted and escaped exactly as the problem's JSON generator writes it: {@code "}
     * and {@code \\} escaped, control characters as {@code \\n}-style or {@code \\u00XX} escapes,
     * characters outside the BMP as two {@code \\uXXXX} escapes, everything else as UTF-8; unpaired
     * surrogates are first replaced by U+FFFD ({@link Json#safe}).
     */
    private static byte[] quoted(String raw) {
        String s = Json.safe(raw);
        byte[] out = new byte[quotedLength(s)];
        putQuoted(out, 0, s);
        return out;
    }

    /**
     * The length in bytes of {@code s} quoted and escaped as {@link #putQuoted} writes it, or -1 when
     * {@code s} holds an unpaired surrogate (which {@link Json#safe} replaces first): one pass for both.
     */
    private static int quotedLength(String s) {
        int n = s.length();
        int bytes = n + 2;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c < 0x20 || c == '"' || c == '\\') {
                    bytes += escaped(c) ? 1 : 5;
                }
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return -1;
                }
                bytes += 10; // both halves, each as a six-byte escape
                i++;
            } else {
                bytes += c < 0x800 ? 1 : 2;
            }
        }
        return bytes;
    }

    /** Whether {@code c} has a two-character escape ({@code \\"}, {@code \\n}...). */
    private static boolean escaped(char c) {
        return c == '"' || c == '\\' || c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    /** Writes {@code s} (already {@link Json#safe safe}) quoted and escaped at {@code at}; returns the end. */
    private static int putQuoted(byte[] out, int at, String s) {
        int n = s.length();
        out[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    out[at++] = (byte) c;
                    continue;
                }
                out[at++] = '\\';
                switch (c) {
                    case '"' -> out[at++] = '"';
                    case '\\' -> out[at++] = '\\';
                    case '\b' -> out[at++] = 'b';
                    case '\t' -> out[at++] = 't';
                    case '\n' -> out[at++] = 'n';
                    case '\f' -> out[at++] = 'f';
                    case '\r' -> out[at++] = 'r';
                    default -> at = unicodeEscape(out, at - 1, c);
                }
            } else if (Character.isSurrogate(c)) {
                at = unicodeEscape(out, at, c);
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        out[at++] = '"';
        return at;
    }

    private static int unicodeEscape(byte[] out, int at, char c) {
        out[at++] = '\\';
        out[at++] = 'u';
        out[at++] = HEX[(c >> 12) & 0xF];
        out[at++] = HEX[(c >> 8) & 0xF];
        out[at++] = HEX[(c >> 4) & 0xF];
        out[at++] = HEX[c & 0xF];
        return at;
    }

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@link #owner(Classification, Throwable)} over a chain already walked. */
    private static @Nullable FaultlineException owner(Classification c, Throwable[] links) {
        for (int i = 0; i < links.length && links[i] != null && i < ErrorClassifier.MAX_CHAIN_DEPTH; i++) {
            if (links[i] instanceof FaultlineException fe && fe.type() == c.type()) {
                return fe;
            }
        }
        return null;
    }

    /** The FaultlineException in the chain whose type was chosen, whose public detail may be shown. */
    private static @Nullable FaultlineException owner(Classification c, @Nullable Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < dev.faultline.error.ErrorClassifier.MAX_CHAIN_DEPTH;
                depth++, t = t.getCause()) {
            if (t instanceof FaultlineException fe && fe.type() == c.type()) {
                return fe;
            }
        }
        return null;
    }

    private List<String> frames(Throwable error) {
        StackTraceElement[] trace = error.getStackTrace();
        int n = Math.min(stackFrames, trace.length);
        List<String> out = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            out.add(trace[i].toString());
        }
        if (error.getCause() != null && error.getCause() != error) {
            out.add("caused by " + error.getCause().getClass().getName());
        }
        return out;
    }

    private static long seconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }

    private static String truncate(String path) {
        return path.length() <= MAX_INSTANCE_LENGTH ? path : path.substring(0, MAX_INSTANCE_LENGTH);
    }
}
