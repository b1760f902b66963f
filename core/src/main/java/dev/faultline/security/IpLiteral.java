package dev.faultline.security;

import org.jspecify.annotations.Nullable;

/**
 * Parses and formats IP address literals by hand, so that nothing here can ever trigger a DNS lookup
 * (as {@code InetAddress.getByName} does for anything that is not a literal). IPv4 is strict dotted
 * decimal (no leading zeros, which some parsers read as octal); IPv6 follows RFC 4291 text forms,
 * including {@code ::} and a trailing dotted IPv4; IPv4-mapped IPv6 ({@code ::ffff:192.0.2.1}) folds to
 * IPv4. Addresses are returned as 4 or 16 bytes.
 */
final class IpLiteral {

    private IpLiteral() {
    }

    /** A bare literal (no brackets, port or zone), or {@code null}. */
    static byte @Nullable [] parse(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        if (s.indexOf(':') >= 0) {
            return parseV6(s);
        }
        return parseV4(s, 0, s.length());
    }

    /**
     * The socket peer as adapters report it: a literal, perhaps with a leading {@code /}, brackets or
     * an IPv6 zone ({@code fe80::1%eth0}), which is dropped.
     */
    static byte @Nullable [] parsePeer(String s) {
        String t = s.trim();
        if (t.startsWith("/")) {
            t = t.substring(1);
        }
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        int zone = t.indexOf('%');
        if (zone >= 0 && t.indexOf(':') >= 0) {
            t = t.substring(0, zone);
        }
        return parse(t);
    }

    /**
     * One hop of a forwarding header: {@code 192.0.2.1}, {@code 192.0.2.1:8080}, {@code 2001:db8::1},
     * {@code [2001:db8::1]}, {@code [2001:db8::1]:4711}. No zones, no names.
     */
    static byte @Nullable [] parseHop(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return null;
        }
        if (s.charAt(0) == '[') {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            if (close + 1 < s.length() && !(s.charAt(close + 1) == ':' && isPort(s, close + 2, s.length()))) {
                return null;
            }
            String inner = s.substring(1, close);
            return inner.indexOf(':') >= 0 ? parseV6(inner) : null;
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && s.indexOf(':', colon + 1) < 0) {
            return isPort(s, colon + 1, s.length()) ? parseV4(s, 0, colon) : null;
        }
        return parse(s);
    }

    private static boolean isPort(String s, int from, int to) {
        if (to - from < 1 || to - from > 5) {
            return false;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 65535;
    }

    static byte @Nullable [] parseV4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int v = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || v > 255 || (len > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) v;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? out : null;
    }

    static byte @Nullable [] parseV6(String s) {
        int n = s.length();
        if (n < 2 || n > 45) {
            return null;
        }
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        int[] groups = new int[8];
        int count = 0;
        int gapAt = -1;
        int i = 0;
        if (dbl == 0) {
            gapAt = 0;
            i = 2;
        }
        while (i < n) {
            int start = i;
            int v = 0;
            while (i < n && i - start < 5) {
                int d = hex(s.charAt(i));
                if (d < 0) {
                    break;
                }
                v = (v << 4) | d;
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // trailing dotted IPv4: the rest of the string
                byte[] v4 = parseV4(s, start, n);
                if (v4 == null || count > 6) {
                    return null;
                }
                groups[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                groups[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                i = n;
                break;
            }
            int len = i - start;
            if (len == 0 || len > 4 || count >= 8) {
                return null;
            }
            groups[count++] = v;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            if (i == dbl) {
                gapAt = count;
                i += 2;
                if (i == n) {
                    break;
                }
            } else {
                i++;
                if (i == n) {
                    return null; // trailing single colon
                }
            }
        }
        if (gapAt < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] out = new byte[16];
        int zeros = 8 - count;
        int g = 0;
        for (int k = 0; k < 8; k++) {
            int v;
            if (gapAt >= 0 && k >= gapAt && k < gapAt + zeros) {
                v = 0;
            } else {
                v = groups[g++];
            }
            out[2 * k] = (byte) (v >>> 8);
            out[2 * k + 1] = (byte) v;
        }
        return foldMapped(out);
    }

    private static byte[] foldMapped(byte[] a) {
        for (int k = 0; k < 10; k++) {
            if (a[k] != 0) {
                return a;
            }
        }
        if ((a[10] & 0xff) != 0xff || (a[11] & 0xff) != 0xff) {
            return a;
        }
        return new byte[] {a[12], a[13], a[14], a[15]};
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * {@link #format(byte[]) format(a)}, or {@code text} itself when it already is exactly that text
     * (checked without allocating; IPv4 only): a peer address is usually given in canonical form, and
     * then naming the client costs no new string per request.
     */
    static String format(byte[] a, String text) {
        return a.length == 4 && isDottedDecimal(a, text) ? text : format(a);
    }

    /** The decimal text of each byte value. */
    private static final String[] DECIMAL = new String[256];

    static {
        for (int v = 0; v < 256; v++) {
            DECIMAL[v] = Integer.toString(v);
        }
    }

    private static boolean isDottedDecimal(byte[] a, String s) {
        int n = s.length();
        int i = 0;
        for (int k = 0; k < 4; k++) {
            if (k > 0) {
                if (i >= n || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
            String d = DECIMAL[a[k] & 0xff];
            if (!s.startsWith(d, i)) {
                return false;
            }
            i += d.length();
        }
        return i == n;
    }

    /** Dotted decimal, or RFC 5952 IPv6 (lower case, longest zero run as {@code ::}). */
    static String format(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        int[] g = new int[8];
        for (int k = 0; k < 8; k++) {
            g[k] = ((a[2 * k] & 0xff) << 8) | (a[2 * k + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (g[k] != 0) {
                k++;
                continue;
            }
            int start = k;
            while (k < 8 && g[k] == 0) {
                k++;
            }
            if (k - start > bestLen) {
                bestStart = start;
                bestLen = k - start;
            }
        }
        StringBuilder b = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                b.append("::");
                k += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[k]));
        }
        return b.toString();
    }

    /** A network: an address and a prefix length over the same family. */
    record Cidr(byte[] network, int prefix) {

        boolean contains(byte[] a) {
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int k = 0; k < full; k++) {
                if (a[k] != network[k]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return format(network) + "/" + prefix;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Arrays.hashCode(network) + prefix;
        }
    }
}
