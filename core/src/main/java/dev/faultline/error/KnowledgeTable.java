package dev.faultline.error;

import dev.faultline.internal.Preconditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The classifier's knowledge of exception classes and of the signals they carry, parsed from the versioned
 * resource {@value #RESOURCE} and the user's entries (see that file for the format). Immutable once built;
 * its lookups do not allocate.
 */
final class KnowledgeTable {

    /** The built-in table, next to this class. */
    static final String RESOURCE = "classifications-v1.properties";

    /** The format version this code reads ({@code faultline.knowledge.version}). */
    static final String VERSION = "1";

    private static final String VERSION_KEY = "faultline.knowledge.version";

    /** What a class entry says. */
    record Entry(Classification classification, boolean generic, boolean transport,
            @Nullable String signalKind, @Nullable String signalPath, @Nullable String headersPath) {
    }

    /** A message prefix that refines a class. */
    record Prefix(String prefix, Classification classification) {
    }

    private final Map<String, Entry> classes;
    private final Map<String, Classification> sqlStates;
    /** By two-character SQLState class, indexed by {@link #sqlClassIndex}. */
    private final @Nullable Classification[] sqlClasses = new Classification[36 * 36];
    /** Vendor by class-name prefix, longest first. */
    private final List<Map.Entry<String, String>> sqlVendors;
    private final Map<String, IntTable> sqlCodes;
    /** By downstream status 200..599 (exact entries and {@code Nxx} classes resolved). */
    private final @Nullable Classification[] http = new Classification[600];
    private final Map<String, Classification> grpc;
    private final IntTable mongo;
    private final Map<String, Prefix[]> messages;
    private final Map<String, String> source;

    private static final KnowledgeTable BUILT_IN = new KnowledgeTable(loadBuiltIn());

    static KnowledgeTable builtIn() {
        return BUILT_IN;
    }

    /** The built-in entries overridden and extended by {@code overrides}. */
    static KnowledgeTable withOverrides(Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return BUILT_IN;
        }
        Map<String, String> merged = new LinkedHashMap<>(BUILT_IN.source);
        merged.putAll(overrides);
        return new KnowledgeTable(merged);
    }

    private static Map<String, String> loadBuiltIn() {
        Properties p = new Properties();
        try (InputStream in = KnowledgeTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the classifier's table " + RESOURCE + " is missing from the classpath");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the classifier's table " + RESOURCE, e);
        }
        String version = p.getProperty(VERSION_KEY);
        if (!VERSION.equals(version)) {
            throw new IllegalStateException(RESOURCE + ": " + VERSION_KEY + " is " + version + ", this code reads " + VERSION);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            m.put(key, p.getProperty(key));
        }
        return m;
    }

    private KnowledgeTable(Map<String, String> source) {
        this.source = Map.copyOf(source);
        Map<String, Entry> cls = new HashMap<>();
        Map<String, Classification> states = new HashMap<>();
        List<Map.Entry<String, String>> vendors = new ArrayList<>();
        Map<String, Map<Integer, Classification>> codes = new HashMap<>();
        Map<Integer, Classification> httpExact = new HashMap<>();
        Classification[] httpClass = new Classification[6];
        Map<String, Classification> grpcCodes = new HashMap<>();
        Map<Integer, Classification> mongoCodes = new HashMap<>();
        Map<String, List<Prefix>> prefixes = new HashMap<>();
        for (Map.Entry<String, String> e : source.entrySet()) {
            String key = e.getKey().strip();
            String value = e.getValue().strip();
            if (key.equals(VERSION_KEY)) {
                continue;
            }
            int dot = key.indexOf('.');
            String section = dot < 0 ? key : key.substring(0, dot);
            String name = dot < 0 ? "" : key.substring(dot + 1);
            if (name.isEmpty()) {
                throw bad(key, "names nothing after the section");
            }
            switch (section) {
                case "class" -> cls.put(name, entry(key, value));
                case "sqlstate" -> {
                    if (name.length() == 2) {
                        int i = sqlClassIndex(name.charAt(0), name.charAt(1));
                        if (i < 0) {
                            throw bad(key, "is not an SQLState class (two of 0-9, A-Z)");
                        }
                        sqlClasses[i] = classification(key, value);
                    } else if (name.length() == 5) {
                        states.put(name, classification(key, value));
                    } else {
                        throw bad(key, "is neither an SQLState (five characters) nor its class (two)");
                    }
                }
                case "sqlvendor" -> vendors.add(Map.entry(name, value));
                case "sqlcode" -> {
                    int d = name.lastIndexOf('.');
                    if (d <= 0) {
                        throw bad(key, "must be sqlcode.<vendor>.<code>");
                    }
                    codes.computeIfAbsent(name.substring(0, d), v -> new HashMap<>())
                            .put(integer(key, name.substring(d + 1)), classification(key, value));
                }
                case "http" -> {
                    if (name.length() == 3 && name.endsWith("xx") && name.charAt(0) >= '2' && name.charAt(0) <= '5') {
                        httpClass[name.charAt(0) - '0'] = classification(key, value);
                    } else {
                        int status = integer(key, name);
                        if (status < 200 || status > 599) {
                            throw bad(key, "is not an HTTP status (200..599)");
                        }
                        httpExact.put(status, classification(key, value));
                    }
                }
                case "grpc" -> grpcCodes.put(name, classification(key, value));
                case "mongo" -> mongoCodes.put(integer(key, name), classification(key, value));
                case "message" -> {
                    int hash = name.indexOf('#');
                    String type = hash < 0 ? name : name.substring(0, hash);
                    int at = value.indexOf("prefix=");
                    if (at < 0 || at + 7 >= value.length()) {
                        throw bad(key, "needs prefix=<text>");
                    }
                    prefixes.computeIfAbsent(type, t -> new ArrayList<>())
                            .add(new Prefix(value.substring(at + 7), classification(key, value.substring(0, at))));
                }
                default -> throw bad(key, "has an unknown section '" + section + "' (class, sqlstate, sqlvendor, "
                        + "sqlcode, http, grpc, mongo, message)");
            }
        }
        vendors.sort((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()));
        for (int s = 200; s < 600; s++) {
            Classification exact = httpExact.get(s);
            http[s] = exact != null ? exact : httpClass[s / 100];
        }
        Map<String, IntTable> codeTables = new HashMap<>();
        codes.forEach((vendor, m) -> codeTables.put(vendor, new IntTable(m)));
        Map<String, Prefix[]> prefixArrays = new HashMap<>();
        prefixes.forEach((type, list) -> prefixArrays.put(type, list.toArray(Prefix[]::new)));
        this.classes = Map.copyOf(cls);
        this.sqlStates = Map.copyOf(states);
        this.sqlVendors = List.copyOf(vendors);
        this.sqlCodes = Map.copyOf(codeTables);
        this.grpc = Map.copyOf(grpcCodes);
        this.mongo = new IntTable(mongoCodes);
        this.messages = Map.copyOf(prefixArrays);
    }

    /** Validates one user entry on its own, so that a builder can refuse it where it is given. */
    static void check(String key, String value) {
        new KnowledgeTable(Map.of(key, value));
    }

    @Nullable Entry classEntry(String className) {
        return classes.get(className);
    }

    /** The vendor whose codes apply to an SQL exception of this class, if its package is known. */
    @Nullable IntTable sqlCodesOf(String className) {
        for (Map.Entry<String, String> v : sqlVendors) {
            if (className.startsWith(v.getKey())) {
                return sqlCodes.get(v.getValue());
            }
        }
        return null;
    }

    /** What an SQLState (and a vendor code, where the vendor is known) says; null when nothing does. */
    @Nullable Classification sql(@Nullable String state, int code, @Nullable IntTable vendorCodes) {
        if (vendorCodes != null && code != 0) {
            Classification c = vendorCodes.get(code);
            if (c != null) {
                return c;
            }
        }
        if (state == null || state.length() != 5) {
            return null;
        }
        Classification c = sqlStates.get(state);
        if (c != null) {
            return c;
        }
        int i = sqlClassIndex(state.charAt(0), state.charAt(1));
        return i < 0 ? null : sqlClasses[i];
    }

    /** What a downstream's HTTP status says; null outside 200..599. */
    @Nullable Classification http(int status) {
        return status >= 200 && status < 600 ? http[status] : null;
    }

    @Nullable Classification grpc(String code) {
        return grpc.get(code);
    }

    @Nullable Classification mongo(int code) {
        return mongo.get(code);
    }

    Prefix @Nullable [] prefixes(String className) {
        return messages.get(className);
    }

    private static int sqlClassIndex(char a, char b) {
        int x = digit(a);
        int y = digit(b);
        return x < 0 || y < 0 ? -1 : x * 36 + y;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static Entry entry(String key, String value) {
        boolean generic = false;
        boolean transport = false;
        String kind = null;
        String path = null;
        String headers = null;
        StringBuilder rest = new StringBuilder();
        for (String token : value.split("\\s+")) {
            if (token.equals("generic")) {
                generic = true;
            } else if (token.equals("transport")) {
                transport = true;
            } else if (token.startsWith("signal=")) {
                String s = token.substring(7);
                int colon = s.indexOf(':');
                if (colon <= 0 || colon == s.length() - 1) {
                    throw bad(key, "signal must be <kind>:<accessor>: " + token);
                }
                kind = s.substring(0, colon);
                if (!List.of("sql", "http", "grpc", "mongo", "server", "message").contains(kind)) {
                    throw bad(key, "has an unknown signal kind '" + kind + "' (sql, http, grpc, mongo, server, message)");
                }
                path = s.substring(colon + 1);
            } else if (token.startsWith("headers=")) {
                headers = token.substring(8);
            } else {
                rest.append(token).append(' ');
            }
        }
        return new Entry(classification(key, rest.toString()), generic, transport, kind, path, headers);
    }

    /** Parses {@code <type> [status=NNN] [severity=...] [retryable=yes|no]}. */
    static Classification classification(String key, String value) {
        String[] tokens = value.strip().split("\\s+");
        if (tokens.length == 0 || tokens[0].isEmpty()) {
            throw bad(key, "names no error type");
        }
        ErrorType type;
        try {
            type = ErrorType.valueOf(tokens[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(key, "has an unknown error type '" + tokens[0] + "' (one of "
                    + Arrays.stream(ErrorType.values()).map(ErrorType::label).toList() + ")");
        }
        int status = type.status();
        ErrorSeverity severity = type.severity();
        boolean retryable = type.retryable();
        for (int i = 1; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.startsWith("status=")) {
                status = integer(key, t.substring(7));
                if (status < 400 || status > 599) {
                    throw bad(key, "status must be 400..599: " + t);
                }
            } else if (t.startsWith("severity=")) {
                try {
                    severity = ErrorSeverity.valueOf(t.substring(9).toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw bad(key, "has an unknown severity: " + t);
                }
            } else if (t.equals("retryable=yes") || t.equals("retryable=true")) {
                retryable = true;
            } else if (t.equals("retryable=no") || t.equals("retryable=false")) {
                retryable = false;
            } else {
                throw bad(key, "has an unknown setting '" + t + "'");
            }
        }
        if (type == ErrorType.VALIDATION && retryable) {
            throw bad(key, "a validation failure is never retryable");
        }
        if ((type == ErrorType.VALIDATION || type == ErrorType.CONFLICT) && severity.compareTo(ErrorSeverity.MEDIUM) > 0) {
            throw bad(key, type.label() + " is never above medium severity");
        }
        Classification of = Classification.of(type);
        if (status == of.status() && severity == of.severity() && retryable == of.retryable()) {
            return of;
        }
        return new Classification(type, severity, status, retryable);
    }

    private static int integer(String key, String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw bad(key, "'" + s + "' is not a number");
        }
    }

    private static IllegalArgumentException bad(String key, String why) {
        return Preconditions.invalid("classifier knowledge '" + key + "'", why);
    }

    /** An immutable int-keyed table looked up by binary search: no boxing. */
    static final class IntTable {
        private final int[] keys;
        private final Classification[] values;

        IntTable(Map<Integer, Classification> m) {
            keys = m.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            values = new Classification[keys.length];
            for (int i = 0; i < keys.length; i++) {
                values[i] = m.get(keys[i]);
            }
        }

        @Nullable Classification get(int key) {
            int i = Arrays.binarySearch(keys, key);
            return i >= 0 ? values[i] : null;
        }
    }
}
