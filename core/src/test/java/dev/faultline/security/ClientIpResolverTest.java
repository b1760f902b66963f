package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.security.ClientIpResolver.ForwardedHeader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ClientIpResolver")
class ClientIpResolverTest {

    static final ClientIpResolver XFF = ClientIpResolver.trusting("10.0.0.0/8", "2001:db8:1::/48", "192.0.2.1");
    static final ClientIpResolver FWD = ClientIpResolver.builder().trustedProxies("10.0.0.0/8", "2001:db8:1::/48")
            .forwardedHeader(ForwardedHeader.FORWARDED).build();

    static Optional<String> xff(String peer, String header) {
        return XFF.resolve(FakeRequest.get("/").from(peer).header("X-Forwarded-For", header));
    }

    static Optional<String> fwd(String peer, String header) {
        return FWD.resolve(FakeRequest.get("/").from(peer).header("Forwarded", header));
    }

    @Nested
    @DisplayName("with X-Forwarded-For")
    class XForwardedFor {

        @Test
        @DisplayName("ignores the header from an untrusted peer: anyone can send it")
        void untrustedPeer() {
            assertEquals(Optional.of("203.0.113.9"), xff("203.0.113.9", "6.6.6.6"));
            assertEquals(Optional.of("203.0.113.9"),
                    ClientIpResolver.direct().resolve(FakeRequest.get("/").from("203.0.113.9")
                            .header("X-Forwarded-For", "6.6.6.6")));
        }

        @Test
        @DisplayName("takes the right-most untrusted entry behind a trusted peer, ignoring what the client prepended")
        void rightMostUntrusted() {
            assertEquals(Optional.of("203.0.113.7"), xff("10.0.0.1", "203.0.113.7"));
            assertEquals(Optional.of("203.0.113.7"), xff("10.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.2"));
            assertEquals(Optional.of("203.0.113.7"), xff("192.0.2.1", "6.6.6.6,203.0.113.7 , 10.9.9.9"));
        }

        @Test
        @DisplayName("reads every header line, in order")
        void repeatedHeader() {
            Optional<String> ip = XFF.resolve(FakeRequest.get("/").from("10.0.0.1")
                    .header("X-Forwarded-For", "6.6.6.6, 203.0.113.7").header("x-forwarded-for", "10.0.0.2"));
            assertEquals(Optional.of("203.0.113.7"), ip);
        }

        @Test
        @DisplayName("answers the left-most entry when every hop is trusted")
        void allTrusted() {
            assertEquals(Optional.of("10.0.0.3"), xff("10.0.0.1", "10.0.0.3, 10.0.0.2"));
        }

        @ParameterizedTest(name = "\"{0}\" stops the walk at the last trusted hop")
        @ValueSource(strings = {"203.0.113.7, evil.example, 10.0.0.2", "203.0.113.7,,10.0.0.2",
            "203.0.113.7, unknown, 10.0.0.2", "203.0.113.7, 1.2.3, 10.0.0.2", "203.0.113.7, 1.2.3.4.5, 10.0.0.2",
            "203.0.113.7, 010.0.0.1, 10.0.0.2", "203.0.113.7, fe80::1%eth0, 10.0.0.2",
            "203.0.113.7, 1.2.3.4:99999, 10.0.0.2", "203.0.113.7, [::1, 10.0.0.2", "<script>, 10.0.0.2"})
        void garbage(String header) {
            assertEquals(Optional.of("10.0.0.2"), xff("10.0.0.1", header));
        }

        @Test
        @DisplayName("falls back to the peer when the nearest entry is garbage or empty")
        void garbageNearest() {
            assertEquals(Optional.of("10.0.0.1"), xff("10.0.0.1", "203.0.113.7, garbage"));
            assertEquals(Optional.of("10.0.0.1"), xff("10.0.0.1", "203.0.113.7,"));
            assertEquals(Optional.of("10.0.0.1"), xff("10.0.0.1", ""));
            assertEquals(Optional.of("10.0.0.1"), XFF.resolve(FakeRequest.get("/").from("10.0.0.1")));
        }

        @Test
        @DisplayName("accepts ports and brackets in entries")
        void ports() {
            assertEquals(Optional.of("203.0.113.7"), xff("10.0.0.1", "203.0.113.7:5555"));
            assertEquals(Optional.of("2001:db8::7"), xff("10.0.0.1", "[2001:db8::7]:443"));
            assertEquals(Optional.of("2001:db8::7"), xff("10.0.0.1", "2001:db8::7"));
        }

        @Test
        @DisplayName("reads at most maxHops entries")
        void maxHops() {
            ClientIpResolver r = ClientIpResolver.builder().trustedProxies("10.0.0.0/8").maxHops(2).build();
            assertEquals(Optional.of("10.0.0.3"), r.resolve("10.0.0.1", "203.0.113.7, 10.0.0.4, 10.0.0.3, 10.0.0.2"));
        }

        @Test
        @DisplayName("ignores a Forwarded header, which the proxy would pass through untouched")
        void ignoresForwarded() {
            Optional<String> ip = XFF.resolve(FakeRequest.get("/").from("10.0.0.1")
                    .header("Forwarded", "for=6.6.6.6").header("X-Forwarded-For", "203.0.113.7"));
            assertEquals(Optional.of("203.0.113.7"), ip);
        }
    }

    @Nested
    @DisplayName("with RFC 7239 Forwarded")
    class Forwarded {

        @Test
        @DisplayName("parses quoted IPv6 with a port")
        void ipv6() {
            assertEquals(Optional.of("2001:db8::1"), fwd("10.0.0.1", "for=\"[2001:db8::1]:4711\""));
        }

        @Test
        @DisplayName("walks elements from the right and reads only the for parameter, in any case")
        void elements() {
            assertEquals(Optional.of("192.0.2.60"),
                    fwd("10.0.0.1", "for=6.6.6.6, For=192.0.2.60;proto=http;by=203.0.113.43, for=10.0.0.5"));
            assertEquals(Optional.of("192.0.2.60"), fwd("10.0.0.1", "proto=https;for=192.0.2.60"));
            assertEquals(Optional.of("192.0.2.60"), fwd("10.0.0.1", "for=\"192.0.2.60:8080\""));
            assertEquals(Optional.of("192.0.2.60"), fwd("10.0.0.1", "for=192.0.2.60;host=\"a,b;c\""));
        }

        @ParameterizedTest(name = "\"{0}\" stops the walk")
        @ValueSource(strings = {"for=unknown", "for=_hidden", "by=10.0.0.9", "for",
            "for=evil.example", "for=\"10.0.0.1\"junk"})
        void obfuscatedOrMalformed(String element) {
            assertEquals(Optional.of("10.0.0.5"), fwd("10.0.0.1", "for=203.0.113.7, " + element + ", for=10.0.0.5"));
        }

        @Test
        @DisplayName("treats an unterminated quote as swallowing the rest, and falls back to the peer")
        void unterminatedQuote() {
            assertEquals(Optional.of("10.0.0.1"), fwd("10.0.0.1", "for=203.0.113.7, for=\"[2001:db8::1], for=10.0.0.5"));
        }

        @Test
        @DisplayName("ignores X-Forwarded-For")
        void ignoresXff() {
            Optional<String> ip = FWD.resolve(FakeRequest.get("/").from("10.0.0.1")
                    .header("X-Forwarded-For", "6.6.6.6").header("Forwarded", "for=203.0.113.7"));
            assertEquals(Optional.of("203.0.113.7"), ip);
        }

        @Test
        @DisplayName("keeps only the right-most maxHops elements of a long header")
        void longHeader() {
            String header = "for=6.6.6.6, ".repeat(10_000) + "for=203.0.113.7";
            assertEquals(Optional.of("203.0.113.7"), fwd("10.0.0.1", header));
            assertEquals(16, ClientIpResolver.forValues(header, 16).size());
        }
    }

    @Nested
    @DisplayName("addresses")
    class Addresses {

        @ParameterizedTest(name = "peer {0} is {1}")
        @CsvSource({
            "0:0:0:0:0:0:0:1, ::1",
            "::ffff:192.0.2.1, 192.0.2.1",
            "fe80::1%eth0, fe80::1",
            "/127.0.0.1, 127.0.0.1",
            "[2001:DB8::A], 2001:db8::a",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        })
        void normalised(String peer, String expected) {
            assertEquals(Optional.of(expected), ClientIpResolver.direct().resolve(FakeRequest.get("/").from(peer)));
        }

        @Test
        @DisplayName("answers nothing when the peer is unknown or not an IP")
        void noPeer() {
            assertEquals(Optional.empty(), ClientIpResolver.direct().resolve(FakeRequest.get("/").from(null)));
            assertEquals(Optional.empty(), ClientIpResolver.direct().resolve(FakeRequest.get("/").from("unix:/run/x")));
            assertEquals(Optional.empty(), ClientIpResolver.direct().resolve(FakeRequest.get("/").from("localhost")));
        }

        @ParameterizedTest(name = "{0} contains {1}: {2}")
        @CsvSource({
            "10.0.0.0/8, 10.255.255.255, true",
            "10.0.0.0/8, 11.0.0.0, false",
            "172.16.0.0/12, 172.31.255.255, true",
            "172.16.0.0/12, 172.32.0.0, false",
            "192.168.1.7, 192.168.1.7, true",
            "192.168.1.7, 192.168.1.8, false",
            "0.0.0.0/0, 8.8.8.8, true",
            "0.0.0.0/0, ::1, false",
            "10.1.2.3/8, 10.200.0.1, true",
            "2001:db8::/32, 2001:db8:ffff:ffff::1, true",
            "2001:db8::/32, 2001:db9::, false",
            "2001:db8::/127, 2001:db8::1, true",
            "2001:db8::/127, 2001:db8::2, false",
            "::1, ::1, true",
            "::/0, 2001:db8::1, true",
            "::/0, 10.0.0.1, false",
            "::ffff:10.0.0.0/104, 10.1.1.1, true",
            "::ffff:10.0.0.0/104, ::ffff:10.1.1.1, true",
            "::ffff:10.0.0.0/104, 11.1.1.1, false",
        })
        void cidr(String range, String address, boolean expected) {
            assertEquals(expected, ClientIpResolver.trusting(range).isTrusted(address));
        }

        @Test
        @DisplayName("normalise the configured ranges, host bits cleared")
        void configuredRanges() {
            ClientIpResolver r = ClientIpResolver.trusting("10.1.2.3/8, 2001:DB8::1/32", "192.0.2.1");
            assertEquals(List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.1/32"), r.trustedProxies());
        }
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {

        @ParameterizedTest(name = "\"{0}\" is rejected")
        @ValueSource(strings = {"10.0.0.0/33", "2001:db8::/129", "proxy.internal", "localhost", "10.0.0.0/",
            "10.0.0.0/-1", "10.0.0.0/8/8", "010.0.0.1", "1.2.3", "256.0.0.1", "", " ", "10.0.0.1,",
            "::ffff:10.0.0.0/95", "fe80::1%eth0", "[::1]:80"})
        void rejected(String entry) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClientIpResolver.builder().trustedProxies(entry));
            assertTrue(e.getMessage().startsWith("security.trusted_proxies"), e.getMessage());
        }

        @Test
        @DisplayName("names the bad entry and never resolves a host name")
        void message() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClientIpResolver.trusting("10.0.0.0/8", "proxy.internal"));
            assertTrue(e.getMessage().contains("'proxy.internal'"), e.getMessage());
            assertTrue(e.getMessage().contains("never resolved"), e.getMessage());
        }

        @Test
        @DisplayName("trusts nobody by default")
        void direct() {
            assertFalse(ClientIpResolver.direct().isTrusted("127.0.0.1"));
            assertEquals(List.of(), ClientIpResolver.direct().trustedProxies());
        }
    }
}
