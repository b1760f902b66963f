package dev.faultline.security;

import java.util.Set;
import java.util.TreeSet;

/** Runs one attack family on a value as the scanner would (decoded and normalised first); for the family tests. */
final class Families {

    private Families() {
    }

    static final SignatureScanner SCANNER = SignatureScanner.create();
    static final long ALL = -1L >>> 1;

    /** The rule ids {@code family} reports for {@code value} at {@code location}. */
    static Set<String> rules(Family family, String location, String value) {
        String text = SCANNER.canonical(value, new Canonicalizer.Work()).text();
        Cursor c = new Cursor().set(text);
        c.part = Cursor.Part.of(location);
        long found = family.run(c, ALL);
        Set<String> out = new TreeSet<>();
        for (Rule r : Rule.values()) {
            if ((found & (1L << r.ordinal())) != 0) {
                out.add(r.id);
            }
        }
        return out;
    }

    static Set<String> rules(Family family, String value) {
        return rules(family, "query:q", value);
    }
}
