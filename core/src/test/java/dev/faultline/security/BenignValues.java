package dev.faultline.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic corpus of realistic benign query values, built from fixed word lists and a seeded
 * random generator (the same values on every run and machine): search phrases with apostrophes and
 * quotes, names like O'Brien, prices, dates, e-mail addresses, URLs, JSON snippets, code snippets as
 * sent in a "message" field, and non-English text. Each value is paired with the parameter it would
 * arrive in. None of it was chosen by looking at what the scanner flags.
 */
final class BenignValues {

    record Value(String location, String value) {
    }

    private BenignValues() {
    }

    static final String[] FIRST = {"Sean", "Mary", "Liam", "Aoife", "Conor", "Siobhan", "Patrick", "Grace",
        "Jean-Luc", "Zoë", "José", "Ana", "Mohammed", "Fatima", "Chen", "Mei", "Olga", "Dmitri", "Ingrid",
        "Lars", "Ngozi", "Kwame", "Priya", "Arjun", "Hana", "Kenji", "Lucía", "Mateo", "Chloé", "D'Arcy"};
    static final String[] LAST = {"O'Brien", "O'Neil", "D'Angelo", "McDonald", "O'Connor", "Smith-Jones",
        "D'Souza", "L'Estrange", "Van der Berg", "de la Cruz", "O'Hara", "Dell'Acqua", "N'Diaye", "Müller",
        "García", "Nguyen", "Kowalski", "St. John", "O'Reilly", "Ó Súilleabháin", "al-Rashid", "Mac an tSaoi",
        "D'Amico", "Fitzgerald", "Björk", "Zhang", "Ivanova", "Okafor", "Tanaka", "Dubois"};
    static final String[] PRODUCTS = {"kids' shoes", "women's coats", "men's shirts", "children's books",
        "baby's first christmas ornament", "dog's bed", "cat toys", "farmer's market tote", "chef's knife",
        "captain's hat", "teacher's gift", "bird feeder", "rock 'n' roll t-shirt", "14\" laptop sleeve",
        "2x4 lumber", "1/2\" copper pipe", "3/4 length sleeve dress", "king size duvet", "usb-c cable 2m",
        "iphone 15 case", "4k tv 55\"", "rain jacket (waterproof)", "running shoes size 10.5",
        "coffee beans 1kg", "o-ring 3mm", "wall art 24x36", "\"vintage\" lamp", "new year's eve dress",
        "valentine's day card", "mother's day flowers", "st. patrick's day hat", "hand-knit scarf",
        "solid oak table", "led bulbs e27 (pack of 6)", "noise-cancelling headphones", "tea for two set"};
    static final String[] PHRASES = {"where's the nearest station", "what's new in java 21", "can't log in",
        "don't have an account?", "it's not working after the update", "how to fix 'file not found'",
        "best pizza near me", "who is the ceo of o'reilly", "why won't my car start", "is it safe to eat raw eggs",
        "what time does the shop open", "i'd like to cancel my order", "you're the best", "they've shipped it",
        "order status", "track my parcel", "return policy for sale items", "gift wrap or not",
        "black and white photos", "salt and pepper shakers", "rock and roll hall of fame",
        "to be or not to be", "cats and dogs", "the lord of the rings", "select a size", "drop shipping",
        "union station chicago", "update my address", "delete my account", "insert coin", "table for two",
        "order by phone", "group tours", "having trouble logging in", "where is my order", "like new condition",
        "sleep apnea treatment", "benchmark results", "exec summary template", "drop-down menu not working",
        "1 in 3 people", "5 or 6 people", "2 and a half men", "top 10 movies of 2023", "between 5 and 10 dollars",
        "null and void", "true or false quiz", "case study", "select committee report",
        "\"exact phrase\" search", "\"red dress\" -maxi", "\"o'brien\" OR \"obrien\"", "pc's and mac's",
        "the 90's", "rock'n'roll", "y'all", "ma'am", "o'clock", "'til dawn", "fish 'n' chips"};
    static final String[] WORDS = {"blue", "red", "small", "large", "cotton", "wool", "set", "pack", "new",
        "sale", "gift", "vintage", "handmade", "organic", "cheap", "best", "review", "price", "near", "me",
        "open", "now", "free", "shipping", "and", "or", "not", "with", "without", "for", "in", "on", "at",
        "the", "a", "of", "to", "from", "by", "select", "order", "group", "union", "table", "drop", "like"};
    static final String[] DOMAINS = {"example.com", "example.org", "mail.example.co.uk", "uni-example.de",
        "example.fr", "shop.example.io"};
    static final String[] NON_ENGLISH = {"l'été à Paris", "aujourd'hui c'est lundi", "qu'est-ce que c'est",
        "j'ai faim", "dell'anno scorso", "un'altra volta", "l'or et l'argent", "¿dónde está la estación?",
        "niño pequeño", "straße und weg", "grüße aus köln", "größe 42", "こんにちは世界", "東京 ラーメン",
        "北京烤鸭", "你好，世界", "안녕하세요", "привет, как дела?", "спасибо большое", "שלום עולם",
        "مرحبا بالعالم", "नमस्ते दुनिया", "Ελληνικά γράμματα", "çok güzel", "Đà Nẵng", "naïve café",
        "smörgåsbord", "crème brûlée", "piñata", "fjörður", "żółć", "český krumlov", "São Paulo – centro",
        "Ο'Κόνορ", "l'école d'été", "c'est-à-dire", "d'accord", "jusqu'à demain", "n'importe quoi",
        "quell'uomo", "all'una", "anch'io"};
    static final String[] CODE = {"for (int i = 0; i < n; i++) { sum += a[i]; }",
        "if (x > 0 && y < 10) { return x; }", "const total = items.reduce((a, b) => a + b, 0);",
        "def add(a, b):\n    return a + b", "print(\"hello, world\")", "System.out.println(\"it's done\");",
        "let name = user?.name ?? 'anonymous';", "x = [i * 2 for i in range(10)]",
        "git commit -m \"fix: don't crash on empty input\"", "npm install --save-dev typescript",
        "Map<String, List<Integer>> index = new HashMap<>();", "while (!queue.isEmpty()) queue.poll();",
        "SELECT is a reserved word in SQL, so quote it", "a <= b || c >= d", "if a == b and c != d: pass",
        "function f(x) { return x * x; }", "$ ls -la ~/projects", "x := 5", "println!(\"{}\", v.len());",
        "#include <stdio.h>", "int main(void) { return 0; }", "foo.bar(baz).qux()", "arr[0] = arr[1] - 1;",
        "/* TODO: refactor */", "// see issue #42", "catch (IOException e) { log.warn(\"failed\", e); }",
        "docker run -p 8080:8080 app:latest", "curl is great for testing APIs",
        "the regex ^[a-z]+$ matches lowercase words", "use Option<T> instead of null"};

    /** Punctuation-heavy values that look a little like code or SQL but are everyday text. */
    static final String[] TRICKY = {"5'11\"", "6' x 8' rug", "2+2=4", "x=1", "1+1", "score: 3-1", "10% off",
        "AT&T", "Q&A", "R&D", "<3 love it", "a -> b", "=> next", "!important", "C++ / C#", "--force",
        "#tags", "@mention me", "Re: your order #1234 -- urgent", "1 or 2 items", "size 10 or 11",
        "pages 1-10", "1,000,000", "-5 degrees", "+44 20 7946 0958", "(555) 123-4567", "50/50 raffle",
        "his 'n' hers", "it's 2 o'clock", "top 5 or so", "1st and 2nd floor", "3 > 2", "a < b", "x != y",
        "yes/no", "and/or", "either/or", "w/o sugar", "#1 best seller", "item #42; qty 3", "A+ grade",
        "B- grade", "nuts & bolts", "salt & pepper", "'quoted'", "\"double quoted\"", "it''s", "O''Brien",
        "what's 1+1?", "is 7 > 5?", "true story", "null island", "select all", "drop box", "order now!",
        "update: shipped", "where to buy", "having fun", "limit 2 per customer", "union jack flag",
        "exec chair", "declare independence", "sleep mask", "version 2.0", "user guide", "database design book",
        "waitfor it", "case closed", "like a boss", "in stock", "not available", "between us",
        "1 and only", "0 or more", "or else", "and then", "the end", "3 for 2", "buy 1 get 1 free"};

    /** At least {@code count} distinct values. */
    static List<Value> generate(int count) {
        Random r = new Random(20261207L);
        Set<Value> out = new LinkedHashSet<>();
        int guard = 0;
        while (out.size() < count && guard++ < count * 20) {
            out.add(one(r));
        }
        return new ArrayList<>(out);
    }

    private static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    private static Value one(Random r) {
        switch (r.nextInt(15)) {
            case 0 -> {
                return new Value("query:name", pick(r, FIRST) + " " + pick(r, LAST));
            }
            case 1 -> {
                return new Value("query:q", pick(r, PRODUCTS) + (r.nextBoolean() ? "" : " " + pick(r, WORDS)));
            }
            case 2 -> {
                return new Value("query:q", pick(r, PHRASES));
            }
            case 3 -> {
                StringBuilder b = new StringBuilder();
                int n = 2 + r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        b.append(' ');
                    }
                    b.append(pick(r, WORDS));
                }
                return new Value("query:q", b.toString());
            }
            case 4 -> {
                String[] fmt = {"$%d.%02d", "€%d,%02d", "%d.%02d USD", "£%d", "%d-%d", "under $%d", "%d.%02d"};
                String f = pick(r, fmt);
                return new Value("query:price", String.format(java.util.Locale.ROOT, f, r.nextInt(2000),
                        r.nextInt(100)));
            }
            case 5 -> {
                int y = 1950 + r.nextInt(80);
                int m = 1 + r.nextInt(12);
                int d = 1 + r.nextInt(28);
                String[] fmt = {"%04d-%02d-%02d", "%02d/%02d/%04d", "%d.%d.%d", "%04d-%02d-%02dT10:15:30Z",
                    "%02d-%02d-%04d"};
                int f = r.nextInt(fmt.length);
                String v = f == 1 || f == 4 ? String.format(fmt[f], m, d, y) : f == 2
                        ? String.format(fmt[f], d, m, y) : String.format(fmt[f], y, m, d);
                return new Value("query:date", v);
            }
            case 6 -> {
                String local = (pick(r, FIRST) + "." + pick(r, LAST)).toLowerCase(java.util.Locale.ROOT)
                        .replace(" ", "");
                String tag = r.nextInt(4) == 0 ? "+news" : "";
                return new Value("query:email", local + tag + "@" + pick(r, DOMAINS));
            }
            case 7 -> {
                String[] paths = {"/products/42", "/search?q=shoes&page=2", "/a/b/c.html", "/", "/docs/#intro",
                    "/blog/2024/05/why-we-moved", "/api/v1/items?sort=-price&limit=20", "/images/cat.png"};
                return new Value("query:url", "https://" + pick(r, DOMAINS) + pick(r, paths));
            }
            case 8 -> {
                String json = switch (r.nextInt(5)) {
                    case 0 -> "{\"name\":\"" + pick(r, FIRST) + " " + pick(r, LAST) + "\",\"age\":" + r.nextInt(99)
                            + "}";
                    case 1 -> "{\"q\":\"" + pick(r, PRODUCTS).replace("\"", "\\\"") + "\",\"page\":" + r.nextInt(9)
                            + "}";
                    case 2 -> "[" + r.nextInt(100) + "," + r.nextInt(100) + "," + r.nextInt(100) + "]";
                    case 3 -> "{\"active\":true,\"tags\":[\"" + pick(r, WORDS) + "\",\"" + pick(r, WORDS) + "\"]}";
                    default -> "{\"filter\":{\"price\":{\"gte\":" + r.nextInt(50) + ",\"lte\":" + (50 + r.nextInt(500))
                            + "}}}";
                };
                return new Value("query:filter", json);
            }
            case 9 -> {
                return new Value("query:message", pick(r, CODE));
            }
            case 10 -> {
                return new Value("query:q", pick(r, NON_ENGLISH) + (r.nextBoolean() ? "" : " " + r.nextInt(100)));
            }
            case 11 -> {
                String[] msgs = {"Hi, I'm %s and I'd like to return item #%d.", "Thanks %s! It's perfect :)",
                    "Order %d hasn't arrived yet - can you check?", "%s's review: 5/5, would buy again",
                    "Can I pay 50%% now and 50%% later? (order %d)", "Meet @ 5pm; bring %s's keys",
                    "Re: \"%s\" -- see attached", "%s said: \"that's the one\" (ref %d)"};
                String f = pick(r, msgs);
                String v = f.contains("%s") && f.contains("%d") ? String.format(f, pick(r, FIRST), r.nextInt(9999))
                        : f.contains("%s") ? String.format(f, pick(r, FIRST)) : String.format(f, r.nextInt(99999));
                return new Value("query:message", v);
            }
            case 12 -> {
                String[] ids = {"SKU-%05d", "%d", "-%d", "INV/%d/2024", "#%d", "%d%%", "v%d.0", "ref:%d", "%d-A"};
                return new Value("query:id", String.format(pick(r, ids), r.nextInt(100000)));
            }
            case 13 -> {
                return new Value("query:q", pick(r, TRICKY) + (r.nextInt(3) == 0 ? " " + pick(r, WORDS) : ""));
            }
            default -> {
                return new Value("query:q", pick(r, PRODUCTS) + " by " + pick(r, FIRST) + " " + pick(r, LAST));
            }
        }
    }
}
