package dev.faultline.security;

import static dev.faultline.security.AttackCategory.COMMAND_INJECTION;
import static dev.faultline.security.AttackCategory.CRLF_INJECTION;
import static dev.faultline.security.AttackCategory.JNDI_LOOKUP;
import static dev.faultline.security.AttackCategory.PATH_TRAVERSAL;
import static dev.faultline.security.AttackCategory.SQL_INJECTION;
import static dev.faultline.security.AttackCategory.XSS;

/** The scanner's rules: stable ids, categories and fixed descriptions. Order is report order. */
enum Rule {
    XSS_SCRIPT_TAG("xss.script-tag", XSS, "script element"),
    XSS_JAVASCRIPT_URL("xss.javascript-url", XSS, "javascript: or vbscript: URL"),
    XSS_EVENT_HANDLER("xss.event-handler", XSS, "inline event-handler attribute"),
    XSS_FRAME_TAG("xss.frame-tag", XSS, "iframe, frame, object or embed element"),
    XSS_SRCDOC("xss.srcdoc", XSS, "srcdoc attribute"),
    XSS_DATA_HTML("xss.data-html", XSS, "data: URL that carries markup or script"),
    XSS_DANGEROUS_TAG("xss.dangerous-tag", XSS, "element that loads or runs content (style, link, meta, svg, xml...)"),
    XSS_STYLE("xss.style", XSS, "style attribute (CSS expressions, bindings, imports)"),
    XSS_DANGEROUS_ATTRIBUTE("xss.dangerous-attribute", XSS, "attribute that binds or imports code (datasrc, xmlns, xlink:href...)"),
    SQLI_TAUTOLOGY("sqli.tautology", SQL_INJECTION, "always-true condition after a quote or number"),
    SQLI_UNION_SELECT("sqli.union-select", SQL_INJECTION, "UNION SELECT"),
    SQLI_STACKED_QUERY("sqli.stacked-query", SQL_INJECTION, "second statement after a semicolon"),
    SQLI_COMMENT_OUT("sqli.comment-out", SQL_INJECTION, "quote closed and the rest commented out"),
    SQLI_TIME_DELAY("sqli.time-delay", SQL_INJECTION, "time-delay function"),
    SQLI_SUBQUERY("sqli.subquery", SQL_INJECTION, "subquery right after a quote"),
    SQLI_ERROR_BASED("sqli.error-based", SQL_INJECTION, "error-based extraction function"),
    SQLI_SCHEMA_PROBE("sqli.schema-probe", SQL_INJECTION, "schema or version probe"),
    SQLI_XP_CMDSHELL("sqli.xp-cmdshell", SQL_INJECTION, "xp_cmdshell"),
    SQLI_SYNTAX("sqli.syntax", SQL_INJECTION, "breaks out of a SQL literal and parses as SQL"),
    TRAVERSAL_DOT_DOT("traversal.dot-dot", PATH_TRAVERSAL, "../ sequence"),
    TRAVERSAL_SENSITIVE_FILE("traversal.sensitive-file", PATH_TRAVERSAL, "path of a sensitive system file"),
    CMD_SHELL_METACHAR("cmd.shell-metachar", COMMAND_INJECTION, "shell separator followed by a command"),
    CMD_SUBSTITUTION("cmd.substitution", COMMAND_INJECTION, "shell command substitution"),
    CMD_IFS("cmd.ifs-evasion", COMMAND_INJECTION, "$IFS used as a separator"),
    JNDI_LOOKUP_RULE("jndi.lookup", JNDI_LOOKUP, "${jndi:...} lookup"),
    JNDI_NESTED("jndi.nested-lookup", JNDI_LOOKUP, "deeply nested ${...} lookups"),
    CRLF_HEADER_INJECTION("crlf.header-injection", CRLF_INJECTION, "line break followed by a header");

    final String id;
    final AttackCategory category;
    final String description;

    Rule(String id, AttackCategory category, String description) {
        this.id = id;
        this.category = category;
        this.description = description;
    }

    Finding at(String location) {
        return new Finding(id, category, location, description);
    }
}
