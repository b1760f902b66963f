package dev.faultline.internal;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Request id rules: a well-formed incoming {@code X-Request-Id} (1..128 characters of
 * {@code [A-Za-z0-9._-]}) is kept; else the trace id of a valid W3C {@code traceparent}; else a new
 * random 32-hex-digit id. Linear in the header length, allocation-free when the incoming id is kept.
 * Not API.
 */
public final class RequestIds {

    /** The longest incoming request id kept. */
    public static final int MAX_LENGTH = 128;

    private static final HexFormat HEX = HexFormat.of();

    private RequestIds() {
    }

    /** The id to use for a request with these header values (either may be {@code null}). */
    public static String choose(@Nullable String requestIdHeader, @Nullable String traceparent) {
        if (isValid(requestIdHeader)) {
            return requestIdHeader;
        }
        String trace = traceId(traceparent);
        return trace != null ? trace : generate();
    }

    /** Whether {@code id} is a well-formed request id. */
    public static boolean isValid(@Nullable String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The trace id of a valid {@code traceparent} ({@code version-traceid-parentid-flags}, lower-case
     * hex, neither id all zeros, version not {@code ff}), or {@code null}.
     */
    public static @Nullable String traceId(@Nullable String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String tp = traceparent.trim();
        if (tp.length() < 55 || tp.charAt(2) != '-' || tp.charAt(35) != '-' || tp.charAt(52) != '-') {
            return null;
        }
        if (!hex(tp, 0, 2) || tp.startsWith("ff") || !hex(tp, 3, 35) || !hex(tp, 36, 52) || !hex(tp, 53, 55)) {
            return null;
        }
        if (tp.startsWith("00") ? tp.length() != 55 : tp.length() > 55 && tp.charAt(55) != '-') {
            return null;
        }
        if (zeros(tp, 3, 35) || zeros(tp, 36, 52)) {
            return null;
        }
        return tp.substring(3, 35);
    }

    /** A new random id of 32 lower-case hex digits. */
    public static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte[] random = new byte[16];
        long hi = r.nextLong();
        long lo = r.nextLong();
        for (int i = 7; i >= 0; i--) {
            random[i] = (byte) hi;
            hi >>>= 8;
            random[8 + i] = (byte) lo;
            lo >>>= 8;
        }
        // HexFormat builds the string's own bytes directly: no char[] copied into a new String
        return HEX.formatHex(random);
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
