package dev.faultline.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.faultline.logging.JsonLinesAuditSink.ChainHead;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks a file written by {@link JsonLinesAuditSink}: that every line is a record in the documented
 * format whose {@code hash} matches its content, that {@code seq} runs 1, 2, 3, … without gaps, that
 * each {@code prev} is the {@code hash} of the line before (64 zeros on the first), and that the file
 * ends with a newline. It stops at the first bad line and reports it.
 *
 * <p><b>Detected</b>: a changed byte anywhere in a line (content, {@code seq}, {@code prev},
 * {@code hash}); a removed, inserted, duplicated or reordered line; records removed from the start; a
 * line that is not JSON or lacks a required member; a file cut in the middle of a line; line endings
 * converted to CRLF. <b>Not detected</b> by {@link #verify(Path)} alone: records removed from the end at
 * a line boundary, and a file rewritten by someone who recomputed every hash (SHA-256 has no secret).
 * {@link #verify(Path, ChainHead)} detects both up to a head recorded elsewhere earlier.
 *
 * <p>Streams the file: memory stays bounded by {@link JsonLinesAuditSink#MAX_LINE_BYTES} whatever the
 * file's size. A file being appended to may show an incomplete last line (a write in progress): verify a
 * closed file, or read that case accordingly. Stateless and thread-safe.
 *
 * <p>Also a command-line tool: {@code java -cp faultline-core.jar dev.faultline.logging.AuditVerifier
 * FILE [SEQ:HASH]} prints the result and exits with 0 (valid), 1 (invalid) or 2 (usage or I/O error).
 */
public final class AuditVerifier {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final byte[] PREV_MEMBER = ",\"prev\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HASH_MEMBER = "\",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);

    private AuditVerifier() {
    }

    /**
     * Verifies the whole chain in {@code file}. An empty file is a valid chain of no records.
     *
     * @param file the audit file
     * @return the outcome; {@link AuditVerification#head()} is the head of the good part of the file
     * @throws IOException if the file cannot be read (an unreadable file is not reported as invalid)
     */
    public static AuditVerification verify(Path file) throws IOException {
        return walk(Objects.requireNonNull(file, "file"), null);
    }

    /**
     * Verifies the whole chain in {@code file} as {@link #verify(Path)} does, and also that it reaches
     * {@code anchor}, a head obtained earlier from {@link JsonLinesAuditSink#head()} and kept elsewhere:
     * the file must contain the record with the anchor's {@code seq}, and that record must have the
     * anchor's {@code hash}. This detects records removed from the end of the file (which leaves a
     * valid, shorter chain) and a chain rewritten with recomputed hashes up to the anchor. Records after
     * the anchor are verified as usual, but only against each other.
     *
     * @param file the audit file
     * @param anchor a head recorded earlier
     * @return the outcome; when the file ends before the anchor, {@link AuditVerification#firstBadLine()}
     *     is the number the first missing line would have
     * @throws IOException if the file cannot be read
     */
    public static AuditVerification verify(Path file, ChainHead anchor) throws IOException {
        return walk(Objects.requireNonNull(file, "file"), Objects.requireNonNull(anchor, "anchor"));
    }

    /**
     * The command-line tool: {@code AuditVerifier FILE [SEQ:HASH]}.
     *
     * @param args the file, and optionally an anchored head as {@code seq:hash}
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The command-line tool, testable: the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2) {
            err.println("usage: AuditVerifier FILE [SEQ:HASH]");
            return 2;
        }
        ChainHead anchor = null;
        if (args.length == 2) {
            int colon = args[1].indexOf(':');
            try {
                anchor = new ChainHead(Long.parseLong(args[1].substring(0, Math.max(colon, 0))),
                        args[1].substring(colon + 1));
            } catch (IllegalArgumentException e) {
                err.println("not a chain head (SEQ:HASH, as JsonLinesAuditSink.head() prints it): " + args[1]);
                return 2;
            }
        }
        AuditVerification v;
        try {
            v = anchor == null ? verify(Path.of(args[0])) : verify(Path.of(args[0]), anchor);
        } catch (IOException | RuntimeException e) {
            err.println("cannot read " + args[0] + ": " + e);
            return 2;
        }
        if (v.valid()) {
            out.println("valid: " + v.records() + " records, head " + v.head());
            return 0;
        }
        out.println("INVALID: " + v.problem());
        out.println(v.records() + " good records before it, last good head " + v.head());
        return 1;
    }

    // --- one line

    /** A checked line: its seq, prev and hash, or what is wrong with it (then the rest is meaningless). */
    record Checked(long seq, String prev, String hash, @Nullable String problem) {
        static Checked bad(String problem) {
            return new Checked(0, "", "", problem);
        }
    }

    /**
     * Checks one line on its own (without its newline): format, own hash, JSON, required members. Not its
     * place in the chain. Shared with {@link JsonLinesAuditSink} for resuming a file.
     */
    static Checked check(byte[] line, int length, MessageDigest sha256) {
        if (length == 0) {
            return Checked.bad("empty line");
        }
        if (line[length - 1] == '\r') {
            return Checked.bad("ends with a carriage return (were line endings converted to CRLF?)");
        }
        int bodyLength = length - JsonLinesAuditSink.HASH_SUFFIX_BYTES;
        int prevAt = bodyLength - JsonLinesAuditSink.PREV_SUFFIX_BYTES;
        if (prevAt < 1 || line[0] != '{'
                || !regionEquals(line, prevAt, PREV_MEMBER)
                || !regionEquals(line, prevAt + PREV_MEMBER.length + 64, HASH_MEMBER)
                || line[length - 2] != '"' || line[length - 1] != '}') {
            return Checked.bad("not an audit record (it does not end with the \"prev\" and \"hash\" members)");
        }
        String prev = new String(line, prevAt + PREV_MEMBER.length, 64, StandardCharsets.ISO_8859_1);
        String hash = new String(line, length - 66, 64, StandardCharsets.ISO_8859_1);
        if (!JsonLinesAuditSink.isHash(prev) || !JsonLinesAuditSink.isHash(hash)) {
            return Checked.bad("\"prev\" or \"hash\" is not 64 lowercase hex digits");
        }
        if (!JsonLinesAuditSink.hash(sha256, prev, line, bodyLength).equals(hash)) {
            return Checked.bad("hash does not match its content (edited?)");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(line, 0, length);
        } catch (JsonProcessingException e) {
            return Checked.bad("not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            return Checked.bad("not valid JSON (" + e.getMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            return Checked.bad("not a JSON object");
        }
        JsonNode seq = node.get("seq");
        if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 1) {
            return Checked.bad("member \"seq\" is missing or not a positive integer");
        }
        JsonNode timestamp = node.get("timestamp");
        if (timestamp == null || !timestamp.isTextual() || !isInstant(timestamp.textValue())) {
            return Checked.bad("member \"timestamp\" is missing or not an ISO-8601 instant");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            return Checked.bad("member \"type\" is missing or not a string");
        }
        JsonNode prevNode = node.get("prev");
        JsonNode hashNode = node.get("hash");
        if (prevNode == null || !prev.equals(prevNode.textValue()) || hashNode == null
                || !hash.equals(hashNode.textValue())) {
            return Checked.bad("members \"prev\" and \"hash\" are not the last members");
        }
        return new Checked(seq.longValue(), prev, hash, null);
    }

    private static boolean regionEquals(byte[] line, int at, byte[] expected) {
        return at >= 0 && at + expected.length <= line.length
                && Arrays.equals(line, at, at + expected.length, expected, 0, expected.length);
    }

    private static boolean isInstant(String s) {
        try {
            Instant.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    // --- the file

    private static AuditVerification walk(Path file, @Nullable ChainHead anchor) throws IOException {
        Walk walk = new Walk(anchor);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[64 * 1024];
            int n;
            while ((n = in.read(chunk)) != -1) {
                if (!walk.feed(chunk, n)) {
                    return walk.result();
                }
            }
        }
        walk.end();
        return walk.result();
    }

    /** The state of a verification: the line being read and the last good record. */
    private static final class Walk {
        private final @Nullable ChainHead anchor;
        private final MessageDigest sha256 = JsonLinesAuditSink.sha256();
        private byte[] line = new byte[4096];
        private int length;
        private long lineNumber;
        private long records;
        private long goodBytes;
        private ChainHead last = ChainHead.GENESIS;
        private long badLine;
        private String problem = "";

        Walk(@Nullable ChainHead anchor) {
            this.anchor = anchor;
        }

        /** Takes the next bytes of the file; false once a bad line was found. */
        boolean feed(byte[] chunk, int n) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    if (!collect(chunk, start, i - start) || !line()) {
                        return false;
                    }
                    length = 0;
                    start = i + 1;
                }
            }
            return collect(chunk, start, n - start);
        }

        /** The file ended. */
        void end() {
            if (length > 0) {
                bad(lineNumber + 1, "incomplete last line (file truncated mid-record); the complete lines end at "
                        + "byte offset " + goodBytes);
            } else if (anchor != null && last.seq() < anchor.seq()) {
                bad(lineNumber + 1, "the file ends at seq " + last.seq() + " but the anchored head is seq "
                        + anchor.seq() + " (records removed from the end)");
            }
        }

        AuditVerification result() {
            return new AuditVerification(badLine == 0, records, badLine, problem, last);
        }

        private boolean collect(byte[] chunk, int from, int count) {
            if (count == 0) {
                return true;
            }
            if ((long) length + count > JsonLinesAuditSink.MAX_LINE_BYTES) {
                return bad(lineNumber + 1, "longer than " + JsonLinesAuditSink.MAX_LINE_BYTES
                        + " bytes (not an audit record, or its line breaks are missing)");
            }
            if (length + count > line.length) {
                line = Arrays.copyOf(line, Math.min(JsonLinesAuditSink.MAX_LINE_BYTES,
                        Math.max(line.length * 2, length + count)));
            }
            System.arraycopy(chunk, from, line, length, count);
            length += count;
            return true;
        }

        /** Checks the complete line in the buffer; false if bad. */
        private boolean line() {
            lineNumber++;
            Checked c = check(line, length, sha256);
            if (c.problem() != null) {
                return bad(lineNumber, c.problem());
            }
            long expected = last.seq() + 1;
            if (c.seq() != expected) {
                if (lineNumber == 1) {
                    return bad(1, "seq " + c.seq() + " where 1 was expected (records were removed from the start,"
                            + " or this is not the start of the file)");
                }
                return bad(lineNumber, "seq " + c.seq() + " follows " + last.seq()
                        + (c.seq() > expected ? " (a record was removed or reordered)"
                                : " (a record was duplicated or reordered)"));
            }
            if (!c.prev().equals(last.hash())) {
                return bad(lineNumber, lineNumber == 1
                        ? "prev is not 64 zeros (this is not the start of a chain)"
                        : "prev does not link to line " + (lineNumber - 1));
            }
            if (anchor != null && c.seq() == anchor.seq() && !c.hash().equals(anchor.hash())) {
                return bad(lineNumber, "hash differs from the anchored head " + anchor
                        + " (the chain was rewritten up to here)");
            }
            records++;
            goodBytes += length + 1;
            last = new ChainHead(c.seq(), c.hash());
            return true;
        }

        private boolean bad(long lineNumber, String what) {
            badLine = lineNumber;
            problem = "line " + lineNumber + ": " + what;
            return false;
        }
    }
}
