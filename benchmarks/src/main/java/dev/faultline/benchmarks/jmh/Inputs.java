package dev.faultline.benchmarks.jmh;

/**
 * Deterministic inputs of an exact size in characters (all ASCII, so also in bytes): JSON request
 * bodies and query strings as an API receives them. Exact sizes make the time ratios between sizes
 * ratios of equal amounts of work per character.
 */
final class Inputs {

    private static final String[] WORDS = {"coast", "walk", "morning", "river", "city", "night", "train",
        "market", "garden", "bridge", "autumn", "harbour", "valley", "festival", "studio", "review"};

    private Inputs() {
    }

    /**
     * A JSON object of exactly {@code chars} characters: {@code {"videos":[...],"note":"..."}}, a list
     * of video records (numbers, strings, a tag array, a nested owner) in which each record has two
     * sensitive members ({@code password}, and the owner's {@code access_token}) and a string member
     * that holds embedded JSON with an {@code api_key}; the {@code note} pads to the exact size.
     *
     * @throws IllegalArgumentException if {@code chars} is too small for one record
     */
    static String jsonBody(int chars) {
        String head = "{\"videos\":[";
        String tail = "],\"note\":\"";
        String end = "\"}";
        StringBuilder b = new StringBuilder(chars).append(head);
        int i = 0;
        while (true) {
            String record = videoRecord(i);
            int sep = i == 0 ? 0 : 1;
            if (b.length() + sep + record.length() + tail.length() + end.length() > chars) {
                break;
            }
            if (sep == 1) {
                b.append(',');
            }
            b.append(record);
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("a JSON body of " + chars + " characters cannot hold one record");
        }
        b.append(tail);
        pad(b, chars - end.length());
        b.append(end);
        return check(b.toString(), chars);
    }

    private static String videoRecord(int i) {
        String w1 = WORDS[i % WORDS.length];
        String w2 = WORDS[(i * 7 + 3) % WORDS.length];
        return "{\"id\":" + (1000 + i)
                + ",\"title\":\"A " + w1 + " " + w2 + ", part " + (i + 1) + "\""
                + ",\"description\":\"Filmed in one take; the " + w1 + " at dawn, then the " + w2
                + ". Music: \\\"Slow " + w2 + "\\\" (CC BY 4.0).\""
                + ",\"duration_s\":" + (60 + (i * 37) % 3600)
                + ",\"tags\":[\"" + w1 + "\",\"" + w2 + "\",\"4k\"]"
                + ",\"owner\":{\"id\":" + (77 + i % 13) + ",\"name\":\"Ada Lovelace\",\"email\":\"ada"
                + (i % 13) + "@example.com\",\"access_token\":\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl\"}"
                + ",\"password\":\"correct horse battery staple\""
                + ",\"settings\":\"{\\\"theme\\\":\\\"dark\\\",\\\"api_key\\\":\\\"k-" + (9000 + i) + "\\\"}\""
                + ",\"published\":true,\"stats\":{\"views\":" + (12345 + i * 101) + ",\"likes\":" + (678 + i) + "}}";
    }

    /**
     * A query string of exactly {@code chars} characters: parameters of about 512 characters each
     * ({@code q}, {@code filter}, {@code fields}, ... with an index), whose values are search text with
     * {@code +} for spaces and percent escapes ({@code %2C}, {@code %3A}, {@code %2F}), the last value
     * cut to the exact size. About 512 characters a parameter keeps 100 KiB within the scanner's default
     * 256 parameters, so the whole string is scanned at every size.
     */
    static String queryString(int chars) {
        String[] names = {"q", "filter", "fields", "tags", "cursor", "near"};
        StringBuilder b = new StringBuilder(chars + 600);
        int p = 0;
        while (b.length() < chars) {
            if (p > 0) {
                b.append('&');
            }
            b.append(names[p % names.length]).append(p).append('=');
            int valueEnd = b.length() + 500;
            int w = p;
            while (b.length() < valueEnd) {
                String word = WORDS[w % WORDS.length];
                switch (w % 4) {
                    case 0 -> b.append(word).append('+');
                    case 1 -> b.append(word).append("%2C+");
                    case 2 -> b.append("kind%3A").append(word).append('+');
                    default -> b.append(word).append("%2F").append(w % 97).append('+');
                }
                w++;
            }
            p++;
        }
        b.setLength(chars);
        // never end on a cut escape or a separator: end on a plain letter
        int last = chars - 1;
        char c = b.charAt(last);
        if (c == '%' || c == '&' || c == '=' || c == '+' || (last > 0 && b.charAt(last - 1) == '%')
                || (last > 1 && b.charAt(last - 2) == '%')) {
            for (int k = Math.max(0, chars - 3); k < chars; k++) {
                b.setCharAt(k, 'x');
            }
        }
        return check(b.toString(), chars);
    }

    private static void pad(StringBuilder b, int length) {
        int k = 0;
        while (b.length() < length) {
            b.append("lorem ipsum ".charAt(k++ % 12));
        }
    }

    private static String check(String s, int chars) {
        if (s.length() != chars) {
            throw new IllegalStateException("built " + s.length() + " characters, expected " + chars);
        }
        return s;
    }
}
