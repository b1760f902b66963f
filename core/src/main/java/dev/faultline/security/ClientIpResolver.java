package dev.faultline.security;

import dev.faultline.http.RequestView;
import dev.faultline.internal.Preconditions;
import dev.faultline.security.IpLiteral.Cidr;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The client's IP address: the socket peer, or, when the peer is a configured trusted proxy, the
 * address that proxy chain reports in {@code X-Forwarded-For} or RFC 7239 {@code Forwarded}.
 * Immutable and thread-safe.
 *
 * <p><b>The walk.</b> Forwarding headers are read from the right (the entry the nearest proxy added)
 * to the left. Each trusted proxy is skipped; the first address that is not trusted is the client.
 * A malformed entry (a host name, an obfuscated {@code Forwarded} identifier such as {@code unknown} or
 * {@code _hidden}, an empty element, garbage) ends the walk: the answer is then the last trusted hop
 * reached, since nothing to its left can be believed. If every entry is trusted the left-most one is
 * the answer. At most {@link Builder#maxHops(int)} entries are read. Forwarding headers from a peer that
 * is not trusted are ignored entirely: anyone can send them.
 *
 * <p><b>No DNS.</b> Addresses are parsed as literals only ({@link IpLiteral}); configuration that is not
 * a literal or CIDR range fails with an {@link IllegalArgumentException} naming
 * {@value #TRUSTED_PROXIES_SETTING}. Answers are normalised: dotted decimal for IPv4 (IPv4-mapped IPv6
 * included), RFC 5952 text for IPv6, so that one client has one rate-limit key.
 *
 * <p>Cost: linear in the length of the forwarding headers times the number of trusted ranges. The
 * peer's text, which an adapter reports request after request for the same few clients, is parsed once:
 * a small direct-mapped table (256 entries, shared by the threads without locks; an entry is immutable)
 * remembers a peer's parsed address, whether it is trusted and, when it is not, the answer; a peer whose
 * entry was overwritten by another is parsed again. It holds peer addresses only, never header values.
 */
public final class ClientIpResolver {

    /** The setting that configuration errors name. */
    public static final String TRUSTED_PROXIES_SETTING = "security.trusted_proxies";
    /** Default cap on the forwarding entries read. */
    public static final int DEFAULT_MAX_HOPS = 16;

    /** Which forwarding header a trusted proxy sets. */
    public enum ForwardedHeader {
        /** {@code X-Forwarded-For: client, proxy1, proxy2} (nginx, HAProxy, cloud load balancers). */
        X_FORWARDED_FOR("x-forwarded-for"),
        /** RFC 7239 {@code Forwarded: for=client;proto=https, for="[2001:db8::1]:4711"}. */
        FORWARDED("forwarded");

        private final String lowerName;

        ForwardedHeader(String lowerName) {
            this.lowerName = lowerName;
        }
    }

    private static final ClientIpResolver DIRECT = builder().build();

    private final List<Cidr> trusted;
    private final ForwardedHeader header;
    private final int maxHops;
    /** Peers seen lately, by the hash of their text; see the class comment. */
    private final @Nullable Peer[] peers = new Peer[PEER_SLOTS];
    /** Entries in {@link #peers} (a power of two). */
    static final int PEER_SLOTS = 256;

    /**
     * A peer's text as the adapter gave it, its address ({@code null}: not an IP literal), and the
     * answer for it when it is not a trusted proxy (the forwarding header is not read then).
     */
    private record Peer(String text, byte @Nullable [] address, @Nullable Optional<String> untrusted) {
    }

    private ClientIpResolver(Builder b) {
        this.trusted = List.copyOf(b.trusted);
        this.header = b.header;
        this.maxHops = b.maxHops;
    }

    /** A resolver that trusts no proxy: the answer is always the socket peer. */
    public static ClientIpResolver direct() {
        return DIRECT;
    }

    /** A resolver trusting these proxies (IP literals or CIDR ranges) and reading {@code X-Forwarded-For}. */
    public static ClientIpResolver trusting(String... proxies) {
        return builder().trustedProxies(List.of(proxies)).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The client address of a request, normalised; empty when the adapter knows no peer address or
     * it is not an IP literal (a Unix socket, say).
     */
    public Optional<String> resolve(RequestView request) {
        Objects.requireNonNull(request, "request");
        String text = request.remoteAddress();
        if (text == null) {
            return Optional.empty();
        }
        Peer peer = peer(text);
        if (peer.untrusted != null) {
            return peer.untrusted;
        }
        byte[] p = Objects.requireNonNull(peer.address);
        StringBuilder joined = new StringBuilder();
        request.forEachHeader((name, value) -> {
            if (value != null && name.toLowerCase(Locale.ROOT).equals(header.lowerName)) {
                if (joined.length() > 0) {
                    joined.append(',');
                }
                joined.append(value);
            }
        });
        return Optional.of(IpLiteral.format(walk(p, joined.toString())));
    }

    /**
     * The client address given the peer and the forwarding header's value (several header lines
     * joined with commas); for adapters and tests that hold these apart from a {@link RequestView}.
     */
    public Optional<String> resolve(@Nullable String peer, @Nullable String forwardingHeader) {
        if (peer == null) {
            return Optional.empty();
        }
        Peer known = peer(peer);
        if (known.untrusted != null) {
            return known.untrusted;
        }
        byte[] p = Objects.requireNonNull(known.address);
        return Optional.of(IpLiteral.format(forwardingHeader == null ? p : walk(p, forwardingHeader)));
    }

    /** {@code text} parsed, from {@link #peers} when it was lately. */
    private Peer peer(String text) {
        int h = text.hashCode();
        int slot = (h ^ (h >>> 16)) & (PEER_SLOTS - 1);
        Peer known = peers[slot];
        if (known != null && known.text.equals(text)) {
            return known;
        }
        byte[] p = IpLiteral.parsePeer(text);
        Peer parsed = p == null ? new Peer(text, null, Optional.empty())
                : new Peer(text, p, isTrusted(p) ? null : Optional.of(IpLiteral.format(p, text)));
        peers[slot] = parsed;
        return parsed;
    }

    /** True when {@code address} (an IP literal) is a configured trusted proxy. */
    public boolean isTrusted(String address) {
        byte[] a = IpLiteral.parsePeer(Objects.requireNonNull(address, "address"));
        return a != null && isTrusted(a);
    }

    /** The trusted ranges, normalised ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, exact hosts as /32 or /128). */
    public List<String> trustedProxies() {
        List<String> out = new ArrayList<>(trusted.size());
        for (Cidr c : trusted) {
            out.add(c.toString());
        }
        return List.copyOf(out);
    }

    public ForwardedHeader forwardedHeader() {
        return header;
    }

    private boolean isTrusted(byte[] a) {
        for (Cidr c : trusted) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private byte[] walk(byte[] peer, String value) {
        if (value.isEmpty()) {
            return peer;
        }
        return header == ForwardedHeader.FORWARDED ? walkForwarded(peer, value) : walkXff(peer, value);
    }

    private byte[] walkXff(byte[] peer, String h) {
        byte[] current = peer;
        int end = h.length();
        for (int hops = 0; hops < maxHops; hops++) {
            int comma = h.lastIndexOf(',', end - 1);
            byte[] a = IpLiteral.parseHop(trim(h, comma + 1, end));
            if (a == null) {
                return current;
            }
            if (!isTrusted(a)) {
                return a;
            }
            current = a;
            if (comma < 0) {
                return current;
            }
            end = comma;
        }
        return current;
    }

    private byte[] walkForwarded(byte[] peer, String h) {
        Deque<String> hops = forValues(h, maxHops);
        byte[] current = peer;
        while (!hops.isEmpty()) {
            byte[] a = IpLiteral.parseHop(hops.removeLast());
            if (a == null) {
                return current;
            }
            if (!isTrusted(a)) {
                return a;
            }
            current = a;
        }
        return current;
    }

    /**
     * The {@code for} value of each element of a {@code Forwarded} header (RFC 7239 §4), keeping only
     * the right-most {@code max}; an element without {@code for}, or that does not parse, yields
     * {@code ""} so that the walk stops there.
     */
    static Deque<String> forValues(String h, int max) {
        Deque<String> out = new ArrayDeque<>();
        int n = h.length();
        int i = 0;
        String forValue = null;
        boolean bad = false;
        while (i <= n) {
            // one pair, or the end of an element
            while (i < n && (h.charAt(i) == ' ' || h.charAt(i) == '\t')) {
                i++;
            }
            int nameStart = i;
            while (i < n && h.charAt(i) != '=' && h.charAt(i) != ';' && h.charAt(i) != ',') {
                i++;
            }
            String name = h.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            String value = null;
            if (i < n && h.charAt(i) == '=') {
                i++;
                if (i < n && h.charAt(i) == '"') {
                    StringBuilder v = new StringBuilder();
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char c = h.charAt(i);
                        if (c == '\\' && i + 1 < n) {
                            v.append(h.charAt(i + 1));
                            i += 2;
                        } else if (c == '"') {
                            i++;
                            closed = true;
                            break;
                        } else {
                            v.append(c);
                            i++;
                        }
                    }
                    value = closed ? v.toString() : null;
                    if (!closed) {
                        bad = true;
                    }
                } else {
                    int vs = i;
                    while (i < n && h.charAt(i) != ';' && h.charAt(i) != ',') {
                        i++;
                    }
                    value = h.substring(vs, i).trim();
                }
                while (i < n && (h.charAt(i) == ' ' || h.charAt(i) == '\t')) {
                    i++;
                }
            } else if (!name.isEmpty()) {
                bad = true; // a pair without '='
            }
            if (name.equals("for") && forValue == null && value != null) {
                forValue = value;
            }
            if (i >= n || h.charAt(i) == ',') {
                out.addLast(bad || forValue == null ? "" : forValue);
                if (out.size() > max) {
                    out.removeFirst();
                }
                forValue = null;
                bad = false;
                if (i >= n) {
                    break;
                }
            } else if (h.charAt(i) != ';') {
                bad = true; // junk after a quoted value
                while (i < n && h.charAt(i) != ';' && h.charAt(i) != ',') {
                    i++;
                }
                continue;
            }
            i++;
        }
        return out;
    }

    private static String trim(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    @Override
    public String toString() {
        return "ClientIpResolver[trusted=" + trustedProxies() + ", header=" + header + ", maxHops=" + maxHops + "]";
    }

    /** Builds a {@link ClientIpResolver}; not thread-safe. */
    public static final class Builder {
        private final List<Cidr> trusted = new ArrayList<>();
        private ForwardedHeader header = ForwardedHeader.X_FORWARDED_FOR;
        private int maxHops = DEFAULT_MAX_HOPS;

        private Builder() {
        }

        /**
         * The trusted proxies, replacing any set before: IP literals ({@code 10.1.2.3}, {@code ::1}) and
         * CIDR ranges ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); an entry may itself be a
         * comma-separated list, as a setting's value is. Host names are rejected, never resolved.
         * Default: none, so forwarding headers are ignored.
         *
         * @throws IllegalArgumentException naming {@value ClientIpResolver#TRUSTED_PROXIES_SETTING} for a bad entry
         */
        public Builder trustedProxies(Collection<String> proxies) {
            Objects.requireNonNull(proxies, TRUSTED_PROXIES_SETTING);
            List<Cidr> parsed = new ArrayList<>();
            for (String entry : proxies) {
                if (entry == null) {
                    throw Preconditions.invalid(TRUSTED_PROXIES_SETTING, ": null entry");
                }
                for (String part : entry.split(",", -1)) {
                    parsed.add(cidr(part.trim(), entry));
                }
            }
            trusted.clear();
            trusted.addAll(parsed);
            return this;
        }

        /** {@link #trustedProxies(Collection)} with varargs. */
        public Builder trustedProxies(String... proxies) {
            return trustedProxies(List.of(proxies));
        }

        /**
         * The forwarding header trusted proxies set. Default {@link ForwardedHeader#X_FORWARDED_FOR}.
         * Only one is read: a proxy that appends to one header passes the other through untouched, so
         * reading both would let a client forge its address.
         */
        public Builder forwardedHeader(ForwardedHeader header) {
            this.header = Objects.requireNonNull(header, "header");
            return this;
        }

        /** Forwarding entries read at most, 1 to 64. Default {@value ClientIpResolver#DEFAULT_MAX_HOPS}. */
        public Builder maxHops(int maxHops) {
            if (maxHops < 1 || maxHops > 64) {
                throw Preconditions.invalid("security.max_forwarded_hops", "must be between 1 and 64, was "
                        + maxHops);
            }
            this.maxHops = maxHops;
            return this;
        }

        public ClientIpResolver build() {
            return new ClientIpResolver(this);
        }

        private static Cidr cidr(String text, String entry) {
            if (text.isEmpty()) {
                throw Preconditions.invalid(TRUSTED_PROXIES_SETTING, ": empty entry in '" + entry + "'");
            }
            int slash = text.indexOf('/');
            String addr = slash < 0 ? text : text.substring(0, slash);
            if (addr.startsWith("[") && addr.endsWith("]")) {
                addr = addr.substring(1, addr.length() - 1);
            }
            byte[] a = IpLiteral.parse(addr);
            if (a == null) {
                throw Preconditions.invalid(TRUSTED_PROXIES_SETTING, ": '" + text
                        + "' is not an IP address or CIDR range (host names are never resolved)");
            }
            boolean mapped = a.length == 4 && addr.indexOf(':') >= 0;
            int familyBits = mapped ? 128 : a.length * 8;
            int prefix = familyBits;
            if (slash >= 0) {
                String p = text.substring(slash + 1);
                if (p.isEmpty() || p.length() > 3) {
                    throw badPrefix(text, familyBits);
                }
                prefix = 0;
                for (int i = 0; i < p.length(); i++) {
                    char c = p.charAt(i);
                    if (c < '0' || c > '9') {
                        throw badPrefix(text, familyBits);
                    }
                    prefix = prefix * 10 + (c - '0');
                }
                if (prefix > familyBits) {
                    throw badPrefix(text, familyBits);
                }
            }
            if (mapped) {
                if (prefix < 96) {
                    throw Preconditions.invalid(TRUSTED_PROXIES_SETTING, ": '" + text
                            + "' is an IPv4-mapped range shorter than /96");
                }
                prefix -= 96;
            }
            return new Cidr(mask(a, prefix), prefix);
        }

        private static IllegalArgumentException badPrefix(String text, int familyBits) {
            return Preconditions.invalid(TRUSTED_PROXIES_SETTING, ": '" + text
                    + "' has a bad prefix length (0 to " + familyBits + ")");
        }

        private static byte[] mask(byte[] a, int prefix) {
            byte[] out = a.clone();
            for (int bit = prefix; bit < out.length * 8; bit++) {
                out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
            return out;
        }
    }
}
