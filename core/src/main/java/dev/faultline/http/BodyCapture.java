package dev.faultline.http;

import dev.faultline.internal.Preconditions;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Copies the first bytes of a body as they stream through an adapter, for logging, without holding
 * more than a fixed cap whatever the body's size; the application still sees every byte. Only textual
 * bodies are kept; binary, multipart and streaming bodies are only counted and logged as a summary
 * such as {@code <binary 123456 bytes>}.
 *
 * <p>Adapters get one from {@link Exchange#requestCapture()} / {@link Exchange#responseCapture()}, tell
 * it the content type (before or at the first bytes) and feed it every chunk with {@link #write}, or
 * through {@link CapturingInputStream} and {@link BodyTee} ({@link CapturingOutputStream}). Memory: at
 * most {@code cap} bytes, allocated on the first textual byte and sized to the declared length when
 * smaller.
 *
 * <p>Not thread-safe: one writer at a time (the thread moving the body), read after the body is done.
 */
public final class BodyCapture {

    /** What kind of body this is, decided from its content type. */
    public enum Kind {
        /** Not decided yet: no content type and no bytes. */
        UNKNOWN,
        /** Text: kept up to the cap. */
        TEXT,
        /** Binary (images, octet streams, compressed bodies): counted only. */
        BINARY,
        /** Multipart: counted only. */
        MULTIPART,
        /** A stream meant to stay open (server-sent events, NDJSON streams): counted only. */
        STREAM
    }

    private final int cap;
    private Kind kind = Kind.UNKNOWN;
    private @Nullable String contentType;
    private byte @Nullable [] buffer;
    private int kept;
    private long total;
    private long expected = -1;
    private @Nullable String replacement;

    /**
     * @param cap the most bytes kept (at least 1)
     */
    public BodyCapture(int cap) {
        if (cap < 1) {
            throw Preconditions.invalid("logging.max_body_bytes", "must be at least 1: " + cap);
        }
        this.cap = cap;
    }

    /**
     * Declares the content type (and encoding, if the body is content-encoded) and the declared length
     * (-1 when unknown). Call before the first bytes; later calls are ignored once bytes were seen.
     */
    public void describe(@Nullable String contentType, @Nullable String contentEncoding, long declaredLength) {
        if (total > 0) {
            return;
        }
        this.contentType = contentType;
        this.expected = declaredLength;
        this.kind = classify(contentType, contentEncoding);
    }

    /** Copies one byte if it keeps it. */
    public void write(int b) {
        total++;
        if (keeping()) {
            ensureBuffer();
            buffer[kept++] = (byte) b;
        }
    }

    /** Copies what it keeps of {@code b[off, off+len)}. */
    public void write(byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        total += len;
        if (!keeping()) {
            return;
        }
        int n = Math.min(len, cap - kept);
        if (n > 0) {
            ensureBuffer();
            System.arraycopy(b, off, buffer, kept, n);
            kept += n;
        }
    }

    /**
     * Copies what it keeps of the bytes between {@code from} and {@code to} (absolute positions) of
     * {@code src}, leaving the buffer's position and limit alone.
     */
    public void write(ByteBuffer src, int from, int to) {
        int len = to - from;
        if (len <= 0) {
            return;
        }
        total += len;
        if (!keeping()) {
            return;
        }
        int n = Math.min(len, cap - kept);
        if (n > 0) {
            ensureBuffer();
            for (int i = 0; i < n; i++) {
                buffer[kept + i] = src.get(from + i);
            }
            kept += n;
        }
    }

    /** Counts bytes that passed without being seen (a file sent with zero copy). */
    public void skipped(long bytes) {
        if (bytes > 0) {
            total += bytes;
            if (kind == Kind.TEXT || kind == Kind.UNKNOWN) {
                kind = Kind.BINARY;
            }
        }
    }

    /**
     * Replaces what was captured with text the adapter rebuilt itself (a form body the server read on
     * the application's behalf); kept up to the cap like any other text.
     */
    public void rebuilt(String text, long totalBytes) {
        this.replacement = text;
        this.total = Math.max(totalBytes, total);
        this.kind = Kind.TEXT;
    }

    private boolean keeping() {
        if (kind == Kind.UNKNOWN) {
            kind = Kind.BINARY; // bytes without a declared type: do not guess
        }
        return kind == Kind.TEXT && kept < cap;
    }

    private void ensureBuffer() {
        if (buffer == null) {
            int size = expected > 0 && expected < cap ? (int) expected : cap;
            buffer = new byte[size];
        } else if (kept == buffer.length && buffer.length < cap) {
            byte[] bigger = new byte[cap]; // the declared length was wrong: grow once, to the cap
            System.arraycopy(buffer, 0, bigger, 0, kept);
            buffer = bigger;
        }
    }

    /**
     * Forgets every byte counted and kept, as if none had passed: for a body the server buffered and
     * then threw away (to send a problem instead). The description stays.
     */
    public void reset() {
        kept = 0;
        total = 0;
        replacement = null;
    }

    /** The kind decided from the content type. */
    public Kind kind() {
        return kind;
    }

    /** The declared content type, if any. */
    public @Nullable String contentType() {
        return contentType;
    }

    /** Every byte that passed, kept or not. */
    public long totalBytes() {
        return total;
    }

    /** Whether the first {@code limit} bytes are shorter than the body. */
    public boolean truncated(int limit) {
        if (replacement != null) {
            return replacement.length() > limit;
        }
        return kind == Kind.TEXT && total > Math.min(limit, kept);
    }

    /** Whether the text kept is shorter than the body. */
    public boolean truncated() {
        if (replacement != null) {
            return replacement.length() > cap;
        }
        return kind == Kind.TEXT && total > kept;
    }

    /** The bytes kept (a copy). */
    public byte[] keptBytes() {
        return buffer == null ? new byte[0] : java.util.Arrays.copyOf(buffer, kept);
    }

    /**
     * What to log: the text kept (decoded with the declared charset, a cut character replaced), or a
     * summary such as {@code <binary 1234 bytes>}; {@code null} when nothing passed.
     */
    public @Nullable String text() {
        return text(cap);
    }

    /** As {@link #text()}, from at most the first {@code limit} bytes kept. */
    public @Nullable String text(int limit) {
        if (replacement != null) {
            return replacement.length() > limit ? replacement.substring(0, limit) : replacement;
        }
        if (total == 0) {
            return null;
        }
        return switch (kind) {
            case TEXT -> decode(Math.min(limit, kept));
            case MULTIPART -> "<multipart " + total + " bytes>";
            case STREAM -> "<stream " + total + " bytes>";
            default -> "<binary " + total + " bytes>";
        };
    }

    private String decode(int length) {
        if (buffer == null || length == 0) {
            return "";
        }
        CharsetDecoder decoder = charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(buffer, 0, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return new String(buffer, 0, length, StandardCharsets.UTF_8);
        }
    }

    private Charset charset() {
        if (contentType != null) {
            int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (at >= 0) {
                String name = contentType.substring(at + 8).trim();
                int end = 0;
                while (end < name.length() && name.charAt(end) != ';' && name.charAt(end) != ' ') {
                    end++;
                }
                name = name.substring(0, end).replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (RuntimeException unknown) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** Whether a content type (with its content encoding) is kept as text. */
    public static Kind classify(@Nullable String contentType, @Nullable String contentEncoding) {
        if (contentType == null || contentType.isBlank()) {
            return Kind.UNKNOWN;
        }
        if (contentEncoding != null && !contentEncoding.isBlank() && !contentEncoding.equalsIgnoreCase("identity")) {
            return Kind.BINARY;
        }
        String ct = contentType.toLowerCase(Locale.ROOT).trim();
        int semi = ct.indexOf(';');
        String base = semi >= 0 ? ct.substring(0, semi).trim() : ct;
        if (base.startsWith("multipart/")) {
            return Kind.MULTIPART;
        }
        if (base.equals("text/event-stream") || base.equals("application/x-ndjson")
                || base.equals("application/stream+json")) {
            return Kind.STREAM;
        }
        if (base.startsWith("text/") || base.endsWith("+json") || base.endsWith("+xml") || base.equals("application/json")
                || base.equals("application/xml") || base.equals("application/x-www-form-urlencoded")
                || base.equals("application/javascript") || base.equals("application/graphql")
                || base.equals("application/yaml") || base.equals("application/x-yaml")) {
            return Kind.TEXT;
        }
        return Kind.BINARY;
    }
}
