package dev.faultline.servlet;

import dev.faultline.http.BodyTee;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The container's writer, teed at character level into the response's {@link BodyTee}: every
 * character goes to the container's own writer first (which encodes and buffers as it always does),
 * then is accounted here in bytes of the response charset.
 *
 * <ul>
 *   <li>When the response body is captured, the characters are encoded here too, through a
 *       {@link CharsetEncoder} into a small fixed buffer that is drained into the capture after every
 *       call, so nothing waits in an encoder buffer that nobody flushes; only a high surrogate whose
 *       pair has not come yet is held back.</li>
 *   <li>Otherwise only the byte count is needed: computed without encoding for UTF-8 and single-byte
 *       charsets, through the encoder for others.</li>
 * </ul>
 *
 * <p>The count is what the container encodes, except for unpaired surrogates, which containers may
 * replace differently. Not thread-safe, like the writer it wraps is not meant to be shared.
 */
final class CapturingWriter extends Writer {

    private final PrintWriter out;
    private final BodyTee sink;
    private final boolean encode;
    private final boolean utf8;
    private final boolean singleByte;
    /** Only when encoding: counting alone never needs one for UTF-8 and the usual single-byte charsets. */
    private final @Nullable CharsetEncoder encoder;
    private ByteBuffer scratch = ByteBuffer.allocate(0);
    private boolean pending;
    private char pendingHigh;

    CapturingWriter(PrintWriter out, Charset charset, BodyTee sink, boolean capturing) {
        this.out = out;
        this.sink = sink;
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
        boolean knownSingleByte = charset.equals(StandardCharsets.ISO_8859_1) || charset.equals(StandardCharsets.US_ASCII);
        CharsetEncoder e = null;
        if (capturing || !(utf8 || knownSingleByte)) {
            e = charset.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
        }
        this.singleByte = knownSingleByte || (e != null && e.maxBytesPerChar() <= 1.0f);
        this.encode = capturing || !(utf8 || singleByte);
        this.encoder = encode ? e : null;
    }

    /** The writer handed to the application: a {@link PrintWriter} over this, reporting the container's errors too. */
    PrintWriter printWriter() {
        return new PrintWriter(this, false) {
            @Override
            public boolean checkError() {
                return super.checkError() || CapturingWriter.this.out.checkError();
            }
        };
    }

    @Override
    public void write(int c) {
        out.write(c);
        if (encode) {
            account(CharBuffer.wrap(new char[] {(char) c}));
        } else {
            sink.counted(singleByte ? 1 : utf8Length((char) c));
        }
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
        out.write(cbuf, off, len);
        if (len <= 0) {
            return;
        }
        if (encode) {
            account(CharBuffer.wrap(cbuf, off, len));
        } else if (singleByte) {
            sink.counted(len);
        } else {
            long n = 0;
            for (int i = off; i < off + len; i++) {
                n += utf8Length(cbuf[i]);
            }
            sink.counted(n);
        }
    }

    @Override
    public void write(String str, int off, int len) {
        out.write(str, off, len);
        if (len <= 0) {
            return;
        }
        if (encode) {
            account(CharBuffer.wrap(str, off, off + len));
        } else if (singleByte) {
            sink.counted(len);
        } else {
            long n = 0;
            for (int i = off; i < off + len; i++) {
                n += utf8Length(str.charAt(i));
            }
            sink.counted(n);
        }
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.close();
    }

    /** Encodes and captures {@code chars} (only when {@link #encode}). */
    private void account(CharBuffer chars) {
        if (pending) { // a high surrogate from the last call, now with what follows
            pending = false;
            CharBuffer joined = CharBuffer.allocate(chars.remaining() + 1);
            joined.put(pendingHigh).put(chars).flip();
            chars = joined;
        }
        encodeAll(chars);
        if (chars.hasRemaining()) { // a trailing high surrogate: wait for its pair
            pendingHigh = chars.get();
            pending = true;
        }
    }

    private void encodeAll(CharBuffer chars) {
        if (scratch.capacity() == 0) {
            scratch = ByteBuffer.allocate(512);
        }
        CharsetEncoder e = java.util.Objects.requireNonNull(encoder, "encoder");
        while (true) {
            CoderResult result = e.encode(chars, scratch, false);
            scratch.flip();
            if (scratch.hasRemaining()) {
                sink.write(scratch.array(), scratch.arrayOffset() + scratch.position(), scratch.remaining());
            }
            scratch.clear();
            if (!result.isOverflow()) {
                return;
            }
        }
    }

    /** Bytes of one more char in UTF-8; a high surrogate counts with the char after it. */
    private int utf8Length(char c) {
        int n = 0;
        if (pending) {
            pending = false;
            if (Character.isLowSurrogate(c)) {
                return 4;
            }
            n = 1; // the unpaired high surrogate's replacement
        }
        if (c < 0x80) {
            return n + 1;
        } else if (c < 0x800) {
            return n + 2;
        } else if (Character.isHighSurrogate(c)) {
            pending = true;
            return n;
        } else if (Character.isLowSurrogate(c)) {
            return n + 1;
        }
        return n + 3;
    }
}
