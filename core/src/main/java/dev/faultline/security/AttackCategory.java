package dev.faultline.security;

import java.util.Locale;

/** The kinds of attack the security monitor reports. */
public enum AttackCategory {
    /** Cross-site scripting: markup or script URLs that a browser would run. */
    XSS,
    /** SQL injection: tautologies, {@code UNION SELECT}, stacked queries, time delays. */
    SQL_INJECTION,
    /** Path traversal: {@code ../} sequences and absolute paths of sensitive files. */
    PATH_TRAVERSAL,
    /** Command injection: shell metacharacters followed by a command. */
    COMMAND_INJECTION,
    /** Log4Shell-style {@code ${jndi:...}} lookups, obfuscated or not. */
    JNDI_LOOKUP,
    /** Carriage return or line feed where a header could be injected. */
    CRLF_INJECTION,
    /** A client over its request rate; reported by the rate limiter, never by the scanner. */
    RATE_LIMIT;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** The snake_case name used in log events and reports: {@code sql_injection}. */
    public String id() {
        return id;
    }
}
