package dev.faultline.logging;

/** Lenient decoding of percent-encoded, plus-for-space text; malformed escapes are kept as they are. */
final class FormDecoding {
    private FormDecoding() {
    }

    /** Decodes {@code s[from, to)}; non-ASCII escapes are decoded as UTF-8 where well formed. */
    static String decode(String s, int from, int to) {
        int pct = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '+') {
                pct = i;
                break;
            }
        }
        if (pct < 0) {
            return s.substring(from, to);
        }
        StringBuilder out = new StringBuilder(to - from).append(s, from, pct);
        byte[] pending = new byte[(to - pct) / 3 + 1];
        int np = 0;
        int i = pct;
        while (i < to) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < to) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    pending[np++] = (byte) ((hi << 4) | lo);
                    i += 3;
                    continue;
                }
            }
            if (np > 0) {
                out.append(new String(pending, 0, np, java.nio.charset.StandardCharsets.UTF_8));
                np = 0;
            }
            out.append(c == '+' ? ' ' : c);
            i++;
        }
        if (np > 0) {
            out.append(new String(pending, 0, np, java.nio.charset.StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /**
     * Appends {@code s} encoded for a query or form value: {@code %}, {@code &}, {@code =}, {@code +},
     * {@code #}, control characters and non-ASCII as {@code %XX} (UTF-8), space as {@code +}; the rest,
     * the brackets of a redaction marker included, as it is.
     */
    static void encode(CharSequence s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                out.append('+');
            } else if (c < 0x20 || c == 0x7f || c == '%' || c == '&' || c == '=' || c == '+' || c == '#') {
                hex(out, c);
            } else if (c < 0x80) {
                out.append(c);
            } else {
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < s.length() && Character.isLowSurrogate(s.charAt(end))) {
                    end++;
                }
                for (byte b : s.subSequence(i, end).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    hex(out, b & 0xFF);
                }
                i = end - 1;
            }
        }
    }

    private static void hex(StringBuilder out, int b) {
        out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
    }
}
