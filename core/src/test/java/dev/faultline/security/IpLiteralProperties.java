package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

@Label("IP literal properties")
class IpLiteralProperties {

    @Provide
    Arbitrary<byte[]> addresses() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofSize(4),
                Arbitraries.bytes().array(byte[].class).ofSize(16),
                // runs of zero groups, where :: compression happens
                Arbitraries.of((byte) 0, (byte) 0, (byte) 0, (byte) 1, (byte) 0xff).array(byte[].class).ofSize(16));
    }

    @Property
    @Label("formatting then parsing gives the same address back")
    void roundTrip(@ForAll("addresses") byte[] a) {
        boolean mapped = a.length == 16 && Arrays.equals(Arrays.copyOf(a, 12),
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff});
        Assume.that(!mapped);
        String text = IpLiteral.format(a);
        assertArrayEquals(a, IpLiteral.parse(text), text);
        assertArrayEquals(a, IpLiteral.parseHop(a.length == 4 ? text + ":80" : "[" + text + "]:80"), text);
    }

    @Property
    @Label("parsing never throws, and anything parsed formats to a canonical literal")
    void total(@ForAll("junk") String s) {
        byte[] a = IpLiteral.parseHop(s);
        if (a != null) {
            String text = IpLiteral.format(a);
            assertArrayEquals(a, IpLiteral.parse(text));
        }
        IpLiteral.parse(s);
        IpLiteral.parsePeer(s);
        Optional<String> r = ClientIpResolver.trusting("0.0.0.0/0", "::/0").resolve("10.0.0.1", s);
        assertTrue(r.isPresent());
    }

    @Property
    @Label("formatting with the peer's own text gives the canonical literal, and the same instance only when equal")
    void formatReusesCanonicalText(@ForAll("addresses") byte[] a, @ForAll("nearTexts") String noise) {
        String canonical = IpLiteral.format(a);
        assertEquals(canonical, IpLiteral.format(a, noise));
        String same = new String(canonical); // an equal text, not the canonical instance
        assertTrue(a.length != 4 || IpLiteral.format(a, same) == same, "an IPv4 peer already canonical is kept as given");
        assertEquals(canonical, IpLiteral.format(a, "0" + canonical));
        assertEquals(canonical, IpLiteral.format(a, canonical + "."));
    }

    @Provide
    Arbitrary<String> nearTexts() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789.").ofMaxLength(17),
                Arbitraries.of("1.2.3.4", "01.2.3.4", "1.2.3", "255.255.255.255", "0.0.0.0", "", "::1"));
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789abcdefABCDEF:.[]%, ;=\"fo").ofMaxLength(50),
                Arbitraries.strings().all().ofMaxLength(50));
    }

    @Property
    @Label("IPv6 text is RFC 5952: lower case, no leading zeros, no single-group ::")
    void rfc5952(@ForAll("addresses") byte[] a) {
        Assume.that(a.length == 16);
        String text = IpLiteral.format(a);
        assertEquals(text.toLowerCase(java.util.Locale.ROOT), text);
        assertTrue(text.indexOf("::") == text.lastIndexOf("::"), text);
        for (String g : text.split(":")) {
            assertTrue(g.length() <= 4 && (g.length() <= 1 || g.charAt(0) != '0'), text);
        }
    }
}
