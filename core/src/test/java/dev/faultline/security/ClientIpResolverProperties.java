package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The resolver remembers the peers it parsed (a table of {@value ClientIpResolver#PEER_SLOTS} entries):
 * whatever the order and mix of requests, its answers are those of a resolver that has seen nothing.
 */
@Label("ClientIpResolver properties")
class ClientIpResolverProperties {

    record Req(String peer, String header) {
    }

    /** Peers: trusted and not, IPv4 and IPv6, spellings of one address, garbage; more of them than table slots. */
    @Provide
    Arbitrary<List<Req>> requests() {
        Arbitrary<String> peers = Arbitraries.oneOf(
                Arbitraries.of("10.0.0.1", "10.1.2.3", "192.0.2.1", "203.0.113.9", "::ffff:10.0.0.1",
                        "2001:db8:1::5", "[2001:db8:1::5]", "2001:DB8:1:0::5", "/203.0.113.9", "fe80::1%eth0",
                        "unix:/tmp/socket", "", "  10.0.0.1 ", "010.0.0.1"),
                Arbitraries.integers().between(0, 1023).map(i -> "198.51." + (i >> 8) + "." + (i & 255)),
                Arbitraries.integers().between(0, 1023).map(i -> "10.9." + (i >> 8) + "." + (i & 255)));
        Arbitrary<String> headers = Arbitraries.of("", "203.0.113.7", "6.6.6.6, 203.0.113.7, 10.0.0.2",
                "10.0.0.3", "garbage", "2001:db8::9", "for=1.2.3.4");
        return Combinators.combine(peers, headers).as(Req::new).list().ofMinSize(1).ofMaxSize(600);
    }

    @Property(tries = 200)
    @Label("one resolver's answers, request after request, are a fresh resolver's answers")
    void rememberedPeersChangeNoAnswer(@ForAll("requests") List<Req> requests) {
        ClientIpResolver remembering = ClientIpResolver.trusting("10.0.0.0/8", "2001:db8:1::/48");
        for (Req r : requests) {
            Optional<String> fresh = ClientIpResolver.trusting("10.0.0.0/8", "2001:db8:1::/48")
                    .resolve(FakeRequest.get("/").from(r.peer()).header("X-Forwarded-For", r.header()));
            assertEquals(fresh, remembering.resolve(FakeRequest.get("/").from(r.peer())
                    .header("X-Forwarded-For", r.header())), r.toString());
            assertEquals(fresh, remembering.resolve(r.peer(), r.header()), r.toString());
        }
    }
}
