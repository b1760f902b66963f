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
}
