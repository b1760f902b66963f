package dev.faultline.security;

import java.util.Set;

/**
 * Cross-site scripting: reads the canonical text the way an HTML tokenizer would, in one pass. Outside
 * a tag it looks for the start of a tag, a quote that closes an attribute value early
 * ({@code " onmouseover=}), and script URLs; inside a tag it reads the name and then each attribute
 * (name, optional {@code =} and quoted or unquoted value) by the HTML rules, so {@code <img/src=x
 * onerror=...>}, {@code <img src=`x`onerror=...>} and {@code <img src="/" =_=" title="onerror=...">}
 * come out as the browser sees them.
 *
 * <p>Reports: script elements, frame-like elements, other elements that load or run content
 * ({@code style}, {@code link}, {@code meta}, {@code base}, {@code svg}, {@code xml}, namespaced and
 * SVG animation elements, {@code <!ENTITY}, {@code <?xml-stylesheet}), event-handler attributes,
 * {@code style} attributes (in bodies only with CSS that runs or loads code), attributes that bind or
 * import ({@code datasrc}, {@code xmlns}, {@code xlink:href}, {@code formaction}, {@code attributename}),
 * {@code srcdoc}, and {@code javascript:}, {@code vbscript:} and markup-carrying {@code data:} URLs.
 *
 * <p><b>Linear.</b> The pass moves forward only: a tag is read once up to its {@code >} (or the next
 * {@code <}, or the end) and scanning resumes after it; an unterminated quoted value is read once
 * more as plain text. The lookaheads (scheme names, handler names) are bounded by small constants.
 */
final class Xss extends Family {

    private static final Set<String> FRAME_TAGS = Set.of("iframe", "frame", "frameset", "object", "embed",
            "applet");
    private static final Set<String> DANGEROUS_TAGS = Set.of("style", "link", "meta", "base", "svg", "math",
            "xml", "set", "animate", "animatemotion", "animatetransform", "handler", "listener", "import",
            "vmlframe", "bgsound", "layer", "ilayer", "isindex", "xss", "feimage", "template", "portal",
            "noscript", "marquee");
    private static final Set<String> BINDING_ATTRIBUTES = Set.of("datasrc", "datafld", "dataformatas",
            "xlink:href", "formaction", "attributename", "implementation", "behavior", "ev:event",
            "ev:handler");
    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "formaction", "data",
            "to", "from", "values", "by", "xlink:href", "background", "dynsrc", "lowsrc", "poster", "code",
            "codebase", "content", "srcset", "ping", "icon", "manifest", "cite", "longdesc", "usemap");
    /** DOM event names, for handlers found outside any tag ({@code x onerror=alert(1)}). */
    private static final Set<String> EVENTS = Set.of("onabort", "onactivate", "onafterprint", "onanimationend",
            "onanimationiteration", "onanimationstart", "onauxclick", "onbeforeactivate", "onbeforecopy",
            "onbeforecut", "onbeforedeactivate", "onbeforepaste", "onbeforeprint", "onbeforeunload", "onbegin",
            "onblur", "onbounce", "oncanplay", "oncanplaythrough", "onchange", "onclick", "onclose",
            "oncontextmenu", "oncopy", "oncuechange", "oncut", "ondblclick", "ondeactivate", "ondrag",
            "ondragend", "ondragenter", "ondragleave", "ondragover", "ondragstart", "ondrop",
            "ondurationchange", "onend", "onended", "onerror", "onfinish", "onfocus", "onfocusin",
            "onfocusout", "onformdata", "onfullscreenchange", "onhashchange", "oninput", "oninvalid",
            "onkeydown", "onkeypress", "onkeyup", "onload", "onloadeddata", "onloadedmetadata", "onloadend",
            "onloadstart", "onmessage", "onmousedown", "onmouseenter", "onmouseleave", "onmousemove",
            "onmouseout", "onmouseover", "onmouseup", "onmousewheel", "onpagehide", "onpageshow", "onpaste",
            "onpause", "onplay", "onplaying", "onpointerdown", "onpointerenter", "onpointerleave",
            "onpointermove", "onpointerout", "onpointerover", "onpointerrawupdate", "onpointerup",
            "onpopstate", "onprogress", "onpropertychange", "onratechange", "onreadystatechange", "onrepeat",
            "onreset", "onresize", "onscroll", "onscrollend", "onsearch", "onseeked", "onseeking",
            "onselect", "onselectionchange", "onselectstart", "onshow", "onstart", "onstorage", "onsubmit",
            "onsuspend", "ontimer", "ontimeupdate", "ontoggle", "ontouchend", "ontouchmove", "ontouchstart",
            "ontransitionend", "ontransitionrun", "ontransitionstart", "onunload", "onvolumechange",
            "onwaiting", "onwebkitanimationend", "onwebkitanimationstart", "onwebkittransitionend",
            "onwheel", "onfilterchange", "onmove", "onmoveend", "onmovestart", "onzoom");

    private static final int MAX_NAME = 32;

    // names looked up without allocating: tag kinds, attribute kinds (bits), event names
    private static final int T_SCRIPT = 1;
    private static final int T_FRAME = 2;
    private static final int T_DANGEROUS = 3;
    private static final int A_STYLE = 1;
    private static final int A_SRCDOC = 2;
    private static final int A_BINDING = 4;
    private static final int A_URL = 8;
    private static final WordTable TAGS;
    private static final WordTable ATTRIBUTES;
    private static final WordTable EVENT_TABLE;

    static {
        java.util.Map<String, Integer> tags = new java.util.HashMap<>();
        tags.put("script", T_SCRIPT);
        FRAME_TAGS.forEach(t -> tags.put(t, T_FRAME));
        DANGEROUS_TAGS.forEach(t -> tags.put(t, T_DANGEROUS));
        TAGS = new WordTable(tags);
        java.util.Map<String, Integer> attrs = new java.util.HashMap<>();
        attrs.put("style", A_STYLE);
        attrs.put("srcdoc", A_SRCDOC);
        BINDING_ATTRIBUTES.forEach(x -> attrs.merge(x, A_BINDING, (u, v) -> u | v));
        URL_ATTRIBUTES.forEach(x -> attrs.merge(x, A_URL, (u, v) -> u | v));
        ATTRIBUTES = new WordTable(attrs);
        java.util.Map<String, Integer> events = new java.util.HashMap<>();
        EVENTS.forEach(x -> events.put(x, 1));
        EVENT_TABLE = new WordTable(events);
    }

    private static final int MAX_UNCLOSED_VALUE = 256;

    /** Per quote char (" ' `): a search for it found none to the end, so no later one is tried. */
    private boolean noDouble;
    private boolean noSingle;
    private boolean noBacktick;
    @Override
    long rules() {
        return mask(Rule.XSS_SCRIPT_TAG, Rule.XSS_JAVASCRIPT_URL, Rule.XSS_EVENT_HANDLER, Rule.XSS_FRAME_TAG,
                Rule.XSS_SRCDOC, Rule.XSS_DATA_HTML, Rule.XSS_DANGEROUS_TAG, Rule.XSS_STYLE,
                Rule.XSS_DANGEROUS_ATTRIBUTE);
    }

    @Override
    String relevantChars() {
        return "<=:";
    }

    @Override
    boolean relevant(Cursor t) {
        return t.has('<') || t.has('=') || t.has(':');
    }

    /** Where scanning resumes after a tag: chars before it were read as part of that tag. */
    private int resume;
    // the checks outside tags need an '=' (handlers, srcdoc) or a ':' (URLs)
    private boolean eq;
    private boolean colon;

    @Override
    String triggers() {
        return "<\"'`=jvds";
    }

    @Override
    void begin() {
        noDouble = false;
        noSingle = false;
        noBacktick = false;
        resume = 0;
        eq = c.has('=');
        colon = c.has(':');
    }

    @Override
    void visit(int i, char ch) {
        if (i < resume) {
            return;
        }
        switch (ch) {
            case '<' -> resume = tag(i);
            case '"', '\'', '`' -> {
                if (eq) {
                    quoteBreakout(i);
                }
            }
            case '=' -> looseHandler(i);
            case 'j', 'v' -> {
                if (colon && (i == 0 || !isWord(a[i - 1]))) {
                    scriptUrl(i);
                }
            }
            case 'd' -> {
                if (colon && need(Rule.XSS_DATA_HTML) && (i == 0 || !isWord(a[i - 1])) && dataUrl(i, false)) {
                    hit(Rule.XSS_DATA_HTML);
                }
            }
            case 's' -> {
                if (eq && need(Rule.XSS_SRCDOC) && (i == 0 || !isWord(a[i - 1])) && lit(i, "srcdoc")) {
                    int j = at(i + 6) == ' ' ? i + 7 : i + 6;
                    if (at(j) == '=') {
                        hit(Rule.XSS_SRCDOC);
                    }
                }
            }
            default -> {
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Tags
    // ------------------------------------------------------------------------------------------

    /** Reads the tag at {@code a[i] == '<'}; returns where scanning resumes (always after i). */
    private int tag(int i) {
        int j = i + 1;
        char first = at(j);
        if (first == '!') {
            if (lit(j + 1, "doctype") || lit(j + 1, "entity") || lit(j + 1, "attlist")
                    || lit(j + 1, "element")) {
                if (need(Rule.XSS_DANGEROUS_TAG) && (lit(j + 1, "entity") || lit(j + 1, "attlist")
                        || bracketWithin(j, 48))) {
                    hit(Rule.XSS_DANGEROUS_TAG);
                }
            }
            return i + 1;
        }
        if (first == '?') {
            if (lit(j + 1, "xml-stylesheet") || lit(j + 1, "import")) {
                if (need(Rule.XSS_DANGEROUS_TAG)) {
                    hit(Rule.XSS_DANGEROUS_TAG);
                }
            }
            return i + 1;
        }
        boolean closing = false;
        if (first == '/') {
            closing = true;
            j++;
        }
        char s = at(j);
        if (!((s >= 'a' && s <= 'z') || s > 0x7f && Character.isLetter(s))) {
            return i + 1;
        }
        // the tag name runs to a blank, '/' or '>' (HTML's rule); only a plain name is looked up
        int nameStart = j;
        boolean plain = true;
        while (j < n) {
            char t = a[j];
            if (isBlank(t) || t == '/' || t == '>' || t == '<') {
                break;
            }
            plain &= isAlnum(t) || t == ':' || t == '-' || t == '_';
            j++;
        }
        w.ops += j - nameStart;
        if (plain && j - nameStart <= MAX_NAME) {
            element(nameStart, j, closing);
        }
        return attributes(j, n);
    }

    private boolean bracketWithin(int j, int window) {
        for (int k = j; k < j + window; k++) {
            char t = at(k);
            if (t == '[') {
                return true;
            }
            if (t == '>' || t == '\0') {
                return false;
            }
        }
        return false;
    }

    private void element(int s, int e, boolean closing) {
        int kind = TAGS.get(a, s, e, 0);
        if (kind == T_SCRIPT) {
            if (need(Rule.XSS_SCRIPT_TAG)) {
                hit(Rule.XSS_SCRIPT_TAG);
            }
            return;
        }
        if (closing) {
            return;
        }
        if (kind == T_FRAME) {
            if (need(Rule.XSS_FRAME_TAG)) {
                hit(Rule.XSS_FRAME_TAG);
            }
        } else if ((kind == T_DANGEROUS || namespaced(s, e)) && need(Rule.XSS_DANGEROUS_TAG)) {
            hit(Rule.XSS_DANGEROUS_TAG);
        }
    }

    private boolean namespaced(int s, int e) {
        for (int k = s + 1; k < e; k++) {
            if (a[k] == ':') {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads attributes from {@code j} to the end of the tag; returns the index after the tag's
     * {@code >}, or of the next {@code <}, or the end.
     */
    private int attributes(int j, int n) {
        while (j < n) {
            char t = a[j];
            w.ops++;
            if (isBlank(t) || t == '/') {
                j++;
                continue;
            }
            if (t == '>') {
                return j + 1;
            }
            if (t == '<') {
                return j;
            }
            // attribute name: the first char may be anything (even '='), then up to blank / > =
            int ns = j;
            j++;
            while (j < n && !isBlank(a[j]) && a[j] != '/' && a[j] != '>' && a[j] != '=' && a[j] != '<') {
                j++;
            }
            int ne = j;
            w.ops += ne - ns;
            int k = j;
            while (k < n && isBlank(a[k])) {
                k++;
            }
            if (k < n && a[k] == '=') {
                k++;
                while (k < n && isBlank(a[k])) {
                    k++;
                }
                int vs;
                int ve;
                if (k < n && (a[k] == '"' || a[k] == '\'' || a[k] == '`')) {
                    char q = a[k];
                    vs = k + 1;
                    int e = vs;
                    if (unclosed(q)) {
                        e = n;
                    } else {
                        while (e < n && a[e] != q) {
                            e++;
                        }
                        w.ops += e - k;
                    }
                    if (e >= n) {
                        // unterminated: check its start, and read the rest again as plain text (a
                        // later search for the same quote is not tried, so this happens once per quote)
                        markUnclosed(q);
                        attribute(ns, ne, vs, Math.min(n, vs + MAX_UNCLOSED_VALUE), true);
                        return vs;
                    }
                    ve = e;
                    j = e + 1;
                } else {
                    vs = k;
                    int e = k;
                    while (e < n && !isBlank(a[e]) && a[e] != '>') {
                        e++;
                    }
                    w.ops += e - k;
                    ve = e;
                    j = e;
                }
                attribute(ns, ne, vs, ve, true);
            } else {
                attribute(ns, ne, -1, -1, false);
                j = Math.max(j, ne);
            }
        }
        return n;
    }

    private boolean unclosed(char q) {
        return q == '"' ? noDouble : q == '\'' ? noSingle : noBacktick;
    }

    private void markUnclosed(char q) {
        if (q == '"') {
            noDouble = true;
        } else if (q == '\'') {
            noSingle = true;
        } else {
            noBacktick = true;
        }
    }

    private void attribute(int ns, int ne, int vs, int ve, boolean hasValue) {
        int len = ne - ns;
        if (len <= 0 || len > MAX_NAME) {
            return;
        }
        // on* event handler, also namespaced (x:ontimer)
        int on = ns;
        for (int k = ns; k < ne - 1; k++) {
            if (a[k] == ':') {
                on = k + 1;
            }
        }
        if (hasValue && ne - on >= 5 && a[on] == 'o' && a[on + 1] == 'n' && need(Rule.XSS_EVENT_HANDLER)) {
            boolean letters = true;
            for (int k = on + 2; k < ne; k++) {
                letters &= (a[k] >= 'a' && a[k] <= 'z') || a[k] == '-';
            }
            if (letters) {
                hit(Rule.XSS_EVENT_HANDLER);
            }
        }
        int kind = ATTRIBUTES.get(a, ns, ne, 0);
        if (kind == A_STYLE && hasValue && need(Rule.XSS_STYLE)) {
            if (part != Cursor.Part.BODY || activeCss(vs, ve)) {
                hit(Rule.XSS_STYLE);
            }
        } else if (kind == A_SRCDOC && hasValue && need(Rule.XSS_SRCDOC)) {
            hit(Rule.XSS_SRCDOC);
        } else if (((kind & A_BINDING) != 0 || (len >= 5 && startsWith("xmlns", ns)))
                && need(Rule.XSS_DANGEROUS_ATTRIBUTE)) {
            hit(Rule.XSS_DANGEROUS_ATTRIBUTE);
        }
        if (hasValue && (kind & A_URL) != 0) {
            int k = vs;
            while (k < ve && isBlank(a[k])) {
                k++;
            }
            if (k < ve) {
                scriptUrl(k);
                if (need(Rule.XSS_DATA_HTML) && dataUrl(k, true)) {
                    hit(Rule.XSS_DATA_HTML);
                }
            }
            for (int m = vs; m < ve && need(Rule.XSS_JAVASCRIPT_URL); m++) {
                char t = a[m];
                if ((t == 'j' || t == 'v') && (m == vs || !isWord(a[m - 1]))) {
                    scriptUrl(m); // meta content="0; url=javascript:..."
                }
            }
        }
    }

    /** CSS that runs or loads code: expression(), url(), behavior, -moz-binding, @import, javascript:. */
    private boolean activeCss(int vs, int ve) {
        for (int k = vs; k < ve; k++) {
            char t = a[k];
            w.ops++;
            if (t == '(' && k >= 3) {
                return true; // expression( url( and friends
            }
            if (t == '@' || t == '\\') {
                return true; // @import, CSS escapes
            }
            if ((t == 'b' && (lit(k, "behavior") || lit(k, "behaviour") || lit(k, "binding")))
                    || (t == 'j' && lit(k, "javascript"))) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------
    // Outside tags
    // ------------------------------------------------------------------------------------------

    /** {@code " onclick=}, {@code "onload="}: an attribute value closed early to add an event handler. */
    private void quoteBreakout(int i) {
        if (!need(Rule.XSS_EVENT_HANDLER)) {
            return;
        }
        char t = at(i + 1);
        int j = i + 1;
        if (isBlank(t) || t == '/') {
            j++;
        }
        if (handler(j, false)) {
            hit(Rule.XSS_EVENT_HANDLER);
        }
    }

    /**
     * {@code x onerror=alert(1)}: a known event handler at the start of the value or after a blank,
     * outside any tag. Read backwards from its {@code =} at {@code e} (an '=' is rarer than a blank):
     * an optional blank, then the handler's name, a run of 5 to 26 letters that starts with {@code on}
     * right after a blank that no tag took, or at the start.
     */
    private void looseHandler(int e) {
        if (!need(Rule.XSS_EVENT_HANDLER)) {
            return;
        }
        int q = e - 1;
        if (q >= 0 && isBlank(a[q])) {
            q--;
        }
        int p = q;
        while (p >= 0 && q - p < 27 && a[p] >= 'a' && a[p] <= 'z') {
            p--;
        }
        w.ops += q - p;
        p++; // the name's first letter
        int len = q + 1 - p;
        if (len < 5 || len > 26 || (p > 0 && !(isBlank(a[p - 1]) && p - 1 >= resume))) {
            return;
        }
        if (handler(p, true)) {
            hit(Rule.XSS_EVENT_HANDLER);
        }
    }

    /** {@code on} + 3..24 letters + optional blank + {@code =} at {@code p}; {@code known}: a DOM event name. */
    private boolean handler(int p, boolean known) {
        if (at(p) != 'o' || at(p + 1) != 'n') {
            return false;
        }
        int q = p + 2;
        while (q - p - 2 < 24 && at(q) >= 'a' && at(q) <= 'z') {
            q++;
        }
        if (q - p - 2 < 3) {
            return false;
        }
        int e = q;
        if (isBlank(at(q))) {
            q++;
        }
        if (at(q) != '=') {
            return false;
        }
        if (!known) {
            return true;
        }
        if (EVENT_TABLE.get(a, p, e, 0) == 0) {
            return false;
        }
        // the value must look like script: a call, a quote, or a template literal
        for (int k = q + 1; k < q + 48; k++) {
            char t = at(k);
            if (t == '(' || t == '`' || t == '"' || t == '\'') {
                return true;
            }
            if (t == '\0' || isBlank(t)) {
                return false;
            }
        }
        return false;
    }

    /**
     * {@code javascript:} or {@code vbscript:} with at most one blank between letters (browsers skip tabs
     * and newlines in a scheme), followed directly by something other than a blank:
     * {@code JavaScript: The Good Parts} is prose, {@code javascript:alert(1)} is not.
     */
    private void scriptUrl(int i) {
        if (!need(Rule.XSS_JAVASCRIPT_URL)) {
            return;
        }
        String scheme = at(i) == 'j' ? "javascript:" : at(i) == 'v' ? "vbscript:" : null;
        if (scheme == null) {
            return;
        }
        char second = at(i + 1);
        if (second != scheme.charAt(1) && !isBlank(second)) {
            return; // most words at j or v (valley, java, video) end here
        }
        int j = i;
        int last = scheme.length() - 1;
        for (int k = 0; k <= last; k++) {
            if (at(j) != scheme.charAt(k)) {
                return;
            }
            j++;
            if (k < last && isBlank(at(j))) {
                j++;
            }
        }
        char t = at(j);
        if (!isBlank(t) && t != '\0') {
            hit(Rule.XSS_JAVASCRIPT_URL);
        }
    }

    /**
     * {@code data:text/html} anywhere; in a URL attribute ({@code inAttribute}) any {@code data:} URL
     * but a plain raster image.
     */
    private boolean dataUrl(int i, boolean inAttribute) {
        if (!lit(i, "data:")) {
            return false;
        }
        int j = isBlank(at(i + 5)) ? i + 6 : i + 5;
        if (lit(j, "text/html")) {
            return true;
        }
        if (!inAttribute) {
            return false;
        }
        return !(lit(j, "image/png") || lit(j, "image/gif") || lit(j, "image/jpeg") || lit(j, "image/jpg")
                || lit(j, "image/webp"));
    }
}
