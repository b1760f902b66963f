package dev.faultline.security;

/**
 * CRLF injection: a line break followed by {@code Name:} where a header could be injected (anywhere
 * but a body), or any line break in the path. Normalisation turns every CR/LF run into one
 * {@code '\\n'}, so a check runs at each of those and reads a bounded window.
 */
final class Crlf extends Family {

    @Override
    long rules() {
        return mask(Rule.CRLF_HEADER_INJECTION);
    }

    @Override
    String relevantChars() {
        return "\n";
    }

    @Override
    boolean relevant(Cursor t) {
        return t.has('\n') && t.part != Cursor.Part.BODY;
    }

    @Override
    String triggers() {
        return "\n";
    }

    @Override
    void visit(int i, char ch) {
        crlf(i);
    }

    /** A line break followed by {@code Name:} (anywhere but a body), or any line break in a path. */
    private void crlf(int i) {
        if (!need(Rule.CRLF_HEADER_INJECTION) || part == Cursor.Part.BODY) {
            return;
        }
        if (part == Cursor.Part.PATH) {
            hit(Rule.CRLF_HEADER_INJECTION);
            return;
        }
        int j = i + 1;
        if (at(j) == ' ') {
            j++;
        }
        int k = j;
        while (k - j < 64 && (isAlnum(at(k)) || at(k) == '-' || at(k) == '_')) {
            k++;
        }
        if (k == j) {
            return;
        }
        if (at(k) == ' ') {
            k++;
        }
        if (at(k) == ':' && at(k + 1) != '/') {
            hit(Rule.CRLF_HEADER_INJECTION);
        }
    }

}
