package dev.faultline.logging;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.logging.JsonLinesAuditSink.ChainHead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("AuditVerifier")
class AuditVerifierTest {

    static final String ZEROS = "0".repeat(64);

    /** Writes {@code n} records with the sink and returns their heads, index i for seq i + 1. */
    static List<ChainHead> write(Path file, int n) {
        List<ChainHead> heads = new ArrayList<>();
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
            for (int i = 1; i <= n; i++) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("user_id", "user-" + i);
                fields.put("resource", "/videos/" + i);
                fields.put("granted", i % 2 == 0);
                sink.append(new AuditRecord(Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i), "authorization", fields));
                heads.add(sink.head());
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return heads;
    }

    /** The file's lines without their newlines; the file must end with one. */
    static List<String> lines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"));
        return new ArrayList<>(Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1)));
    }

    static void writeLines(Path file, List<String> lines) throws IOException {
        Files.writeString(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    static String sha256Hex(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** A line as a writer who knows the format would produce it: {@code members} (without braces) linked to {@code prev}. */
    static String forge(String members, String prev) throws Exception {
        String body = "{" + members + ",\"prev\":\"" + prev + "\"";
        return body + ",\"hash\":\"" + sha256Hex(prev + "\n" + body) + "\"}";
    }

    static String hashOf(String line) {
        return line.substring(line.length() - 66, line.length() - 2);
    }

    static void assertBad(AuditVerification v, long line, String problem, long records) {
        assertAll(
                () -> assertFalse(v.valid(), "invalid"),
                () -> assertEquals(line, v.firstBadLine(), () -> "first bad line; problem: " + v.problem()),
                () -> assertEquals(problem, v.problem()),
                () -> assertEquals(records, v.records(), "good records before it"));
    }

    @Nested
    @DisplayName("reports as valid")
    class Valid {

        @Test
        @DisplayName("an empty file: no records, the genesis head")
        void empty(@TempDir Path dir) throws Exception {
            Path file = Files.createFile(dir.resolve("audit.jsonl"));
            AuditVerification v = AuditVerifier.verify(file);
            assertEquals(new AuditVerification(true, 0, 0, "", ChainHead.GENESIS), v);
        }

        @Test
        @DisplayName("an intact file: every record counted, the head that the sink reported")
        void intact(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            List<ChainHead> heads = write(file, 10);
            AuditVerification v = AuditVerifier.verify(file);
            assertEquals(new AuditVerification(true, 10, 0, "", heads.get(9)), v);
        }

        @Test
        @DisplayName("an intact file that reaches its anchor, or has grown past it")
        void anchored(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            List<ChainHead> heads = write(file, 10);
            assertTrue(AuditVerifier.verify(file, heads.get(9)).valid());
            AuditVerification grown = AuditVerifier.verify(file, heads.get(4));
            assertTrue(grown.valid(), grown.problem());
            assertEquals(10, grown.records());
            assertTrue(AuditVerifier.verify(file, ChainHead.GENESIS).valid());
        }

        @Test
        @DisplayName("records larger than the read buffers, streamed across chunk boundaries")
        void largeRecords(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                for (int i = 0; i < 40; i++) {
                    sink.append(new AuditRecord(Instant.EPOCH, "big", Map.of("blob", "é".repeat(3000 + 997 * i))));
                }
            }
            assertTrue(Files.size(file) > 4 * 64 * 1024);
            AuditVerification v = AuditVerifier.verify(file);
            assertTrue(v.valid(), v.problem());
            assertEquals(40, v.records());
        }
    }

    @Test
    @DisplayName("throws for a file that cannot be read, rather than calling it invalid")
    void missingFile(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> AuditVerifier.verify(dir.resolve("absent.jsonl")));
    }

    @Nested
    @DisplayName("reports an edited line")
    class Edits {

        @Test
        @DisplayName("when one letter of a field value changed: at that line, hash does not match")
        void fieldValue(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            List<ChainHead> heads = write(file, 5);
            List<String> lines = lines(file);
            lines.set(2, lines.get(2).replace("\"user-3\"", "\"user-X\""));
            writeLines(file, lines);
            AuditVerification v = AuditVerifier.verify(file);
            assertBad(v, 3, "line 3: hash does not match its content (edited?)", 2);
            assertEquals(heads.get(1), v.head(), "the last good head");
        }

        @Test
        @DisplayName("when any single byte of a line changed: always at that line")
        void everyByte(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            write(file, 5);
            byte[] original = Files.readAllBytes(file);
            List<String> lines = lines(file);
            int start = lines.get(0).length() + 1 + lines.get(1).length() + 1;
            int end = start + lines.get(2).length();
            for (int i = start; i < end; i++) {
                byte[] edited = original.clone();
                edited[i] ^= 0x01;
                assertTrue(edited[i] != '\n', "no line break introduced");
                Files.write(file, edited);
                AuditVerification v = AuditVerifier.verify(file);
                int at = i - start;
                assertFalse(v.valid(), () -> "undetected change at byte " + at);
                assertEquals(3, v.firstBadLine(), () -> "byte " + at + ": " + v.problem());
                assertTrue(v.problem().startsWith("line 3: "), v.problem());
                assertEquals(2, v.records());
            }
        }

        @Test
        @DisplayName("when a value was replaced by a well-formed one of another length")
        void wellFormedEdit(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            write(file, 5);
            List<String> lines = lines(file);
            lines.set(3, lines.get(3).replace("\"granted\":true", "\"granted\":false"));
            writeLines(file, lines);
            assertBad(AuditVerifier.verify(file), 4, "line 4: hash does not match its content (edited?)", 3);
        }
    }

    @Nested
    @DisplayName("reports a broken chain")
    class Chain {

        @Test
        @DisplayName("when a middle line was removed: at the line after the gap")
        void removedMiddle(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            List<ChainHead> heads = write(file, 10);
            List<String> lines = lines(file);
            lines.remove(4);
            writeLines(file, lines);
            AuditVerification v = AuditVerifier.verify(file);
            assertBad(v, 5, "line 5: seq 6 follows 4 (a record was removed or reordered)", 4);
            assertEquals(heads.get(3), v.head());
        }

        @Test
        @DisplayName("when two lines were swapped: at the first of them")
        void swapped(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            write(file, 6);
            List<String> lines = lines(file);
            Collections.swap(lines, 2, 3);
            writeLines(file, lines);
            assertBad(AuditVerifier.verify(file), 3, "line 3: seq 4 follows 2 (a record was removed or reordered)", 2);
        }

        @Test
        @DisplayName("when a line was duplicated: at the copy")
        void duplicated(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            write(file, 5);
            List<String> lines = lines(file);
            lines.add(3, lines.get(2));
            writeLines(file, lines);
            assertBad(AuditVerifier.verify(file), 4, "line 4: seq 3 follows 3 (a record was duplicated or reordered)", 3);
        }

        @Test
        @DisplayName("when the first line was removed: at line 1")
        void removedFirst(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            write(file, 3);
            List<String> lines = lines(file);
            lines.remove(0);
            writeLines(file, lines);
            AuditVerification v = AuditVerifier.verify(file);
            assertBad(v, 1, "line 1: seq 2 where 1 was expected (records were removed from the start, or this is not"
                    + " the start of the file)", 0);
            assertEquals(ChainHead.GENESIS, v.head());
        }

        @Test
        @DisplayName("when a self-consistent line does not link to its predecessor: prev does not link")
        void prevLink(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            write(file, 10);
            List<String> lines = lines(file);
            lines.set(8, forge("\"seq\":9,\"timestamp\":\"2025-01-01T00:00:09Z\",\"type\":\"authorization\","
                    + "\"user_id\":\"forger\"", "ab".repeat(32)));
            writeLines(file, lines);
            assertBad(AuditVerifier.verify(file), 9, "line 9: prev does not link to line 8", 8);
        }

        @Test
        @DisplayName("when a self-consistent first line has another prev than 64 zeros")
        void prevFirst(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            writeLines(file, List.of(forge("\"seq\":1,\"timestamp\":\"2025-01-01T00:00:00Z\",\"type\":\"t\"", "ab".repeat(32))));
            assertBad(AuditVerifier.verify(file), 1, "line 1: prev is not 64 zeros (this is not the start of a chain)", 0);
        }

        @Test
        @DisplayName("when the file was cut in the middle of a line, wherever the cut: incomplete last line")
        void truncatedMidLine(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            write(file, 8);
            byte[] original = Files.readAllBytes(file);
            List<String> lines = lines(file);
            int start = 0;
            for (int i = 0; i < 6; i++) {
                start += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
            }
            int length = lines.get(6).getBytes(StandardCharsets.UTF_8).length;
            for (int cut = 1; cut <= length; cut++) {
                Files.write(file, Arrays.copyOf(original, start + cut));
                assertBad(AuditVerifier.verify(file), 7, "line 7: incomplete last line (file truncated mid-record); the "
                        + "complete lines end at byte offset " + start, 6);
            }
        }

        @Test
        @DisplayName("when the last line was removed: only against an anchored head, at the missing line")
        void removedLast(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            List<ChainHead> heads = write(file, 10);
            ChainHead anchor = heads.get(9);
            List<String> lines = lines(file);
            lines.remove(9);
            writeLines(file, lines);

            AuditVerification alone = AuditVerifier.verify(file);
            assertTrue(alone.valid(), "a shorter chain is a valid chain: the documented limit");
            assertEquals(9, alone.records());

            AuditVerification anchored = AuditVerifier.verify(file, anchor);
            assertBad(anchored, 10, "line 10: the file ends at seq 9 but the anchored head is seq 10 (records removed "
                    + "from the end)", 9);
            assertEquals(heads.get(8), anchored.head());
        }

        @Test
        @DisplayName("when the chain was rewritten with recomputed hashes: only against an anchored head")
        void rewritten(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            List<ChainHead> heads = write(file, 6);
            List<String> lines = lines(file);
            List<String> forged = new ArrayList<>();
            String prev = ZEROS;
            for (String line : lines) {
                String members = line.substring(1, line.indexOf(",\"prev\":\"")).replace("user-2", "user-X");
                String f = forge(members, prev);
                forged.add(f);
                prev = hashOf(f);
            }
            writeLines(file, forged);

            assertTrue(AuditVerifier.verify(file).valid(), "SHA-256 has no secret: the documented limit");
            assertBad(AuditVerifier.verify(file, heads.get(3)), 4,
                    "line 4: hash differs from the anchored head " + heads.get(3) + " (the chain was rewritten up to here)", 3);
        }
    }

    @Nested
    @DisplayName("reports a malformed line")
    class Malformed {

        @Test
        @DisplayName("that is not a record at all")
        void garbage(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            write(file, 3);
            List<String> lines = lines(file);
            lines.add(1, "hello world");
            writeLines(file, lines);
            assertBad(AuditVerifier.verify(file), 2,
                    "line 2: not an audit record (it does not end with the \"prev\" and \"hash\" members)", 1);
        }

        @Test
        @DisplayName("that is empty")
        void emptyLine(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            write(file, 3);
            List<String> lines = lines(file);
            lines.add(2, "");
            writeLines(file, lines);
            assertBad(AuditVerifier.verify(file), 3, "line 3: empty line", 2);
        }

        @Test
        @DisplayName("whose line ending was converted to CRLF")
        void crlf(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            write(file, 3);
            Files.writeString(file, Files.readString(file).replace("\n", "\r\n"));
            assertBad(AuditVerifier.verify(file), 1,
                    "line 1: ends with a carriage return (were line endings converted to CRLF?)", 0);
        }

        @Test
        @DisplayName("whose hash matches but which is not valid JSON")
        void invalidJson(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            writeLines(file, List.of(forge("\"seq\":1,\"timestamp\":\"2025-01-01T00:00:00Z\",\"type\":\"t\",\"a\":tru",
                    ZEROS)));
            AuditVerification v = AuditVerifier.verify(file);
            assertEquals(1, v.firstBadLine());
            assertTrue(v.problem().startsWith("line 1: not valid JSON ("), v.problem());
        }

        @Test
        @DisplayName("whose hash matches but which repeats a member")
        void duplicateMember(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            writeLines(file, List.of(forge("\"seq\":1,\"timestamp\":\"2025-01-01T00:00:00Z\",\"type\":\"t\",\"seq\":2",
                    ZEROS)));
            AuditVerification v = AuditVerifier.verify(file);
            assertEquals(1, v.firstBadLine());
            assertTrue(v.problem().startsWith("line 1: not valid JSON (") && v.problem().contains("seq"), v.problem());
        }

        @Test
        @DisplayName("whose hash matches but which lacks a required member or has a malformed one")
        void members(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            Map<String, String> cases = new LinkedHashMap<>();
            cases.put("\"timestamp\":\"2025-01-01T00:00:00Z\",\"type\":\"t\"", "line 1: member \"seq\" is missing or not a positive integer");
            cases.put("\"seq\":\"1\",\"timestamp\":\"2025-01-01T00:00:00Z\",\"type\":\"t\"", "line 1: member \"seq\" is missing or not a positive integer");
            cases.put("\"seq\":0,\"timestamp\":\"2025-01-01T00:00:00Z\",\"type\":\"t\"", "line 1: member \"seq\" is missing or not a positive integer");
            cases.put("\"seq\":1.5,\"timestamp\":\"2025-01-01T00:00:00Z\",\"type\":\"t\"", "line 1: member \"seq\" is missing or not a positive integer");
            cases.put("\"seq\":1,\"timestamp\":\"yesterday\",\"type\":\"t\"", "line 1: member \"timestamp\" is missing or not an ISO-8601 instant");
            cases.put("\"seq\":1,\"type\":\"t\"", "line 1: member \"timestamp\" is missing or not an ISO-8601 instant");
            cases.put("\"seq\":1,\"timestamp\":\"2025-01-01T00:00:00Z\"", "line 1: member \"type\" is missing or not a string");
            cases.put("\"seq\":1,\"timestamp\":\"2025-01-01T00:00:00Z\",\"type\":7", "line 1: member \"type\" is missing or not a string");
            for (Map.Entry<String, String> c : cases.entrySet()) {
                writeLines(file, List.of(forge(c.getKey(), ZEROS)));
                assertBad(AuditVerifier.verify(file), 1, c.getValue(), 0);
            }
        }

        @Test
        @DisplayName("that is longer than MAX_LINE_BYTES, without reading it whole")
        void tooLong(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            write(file, 2);
            try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
                byte[] block = new byte[64 * 1024];
                Arrays.fill(block, (byte) 'x');
                for (int i = 0; i < 40; i++) {
                    out.write(block);
                }
            }
            assertBad(AuditVerifier.verify(file), 3, "line 3: longer than " + JsonLinesAuditSink.MAX_LINE_BYTES
                    + " bytes (not an audit record, or its line breaks are missing)", 2);
        }
    }

    @Nested
    @DisplayName("AuditVerification")
    class Results {

        @Test
        @DisplayName("rejects contradictory components")
        void consistent() {
            assertThrows(IllegalArgumentException.class, () -> new AuditVerification(true, 1, 2, "", ChainHead.GENESIS));
            assertThrows(IllegalArgumentException.class, () -> new AuditVerification(true, 1, 0, "x", ChainHead.GENESIS));
            assertThrows(IllegalArgumentException.class, () -> new AuditVerification(false, 1, 0, "x", ChainHead.GENESIS));
            assertThrows(IllegalArgumentException.class, () -> new AuditVerification(false, 1, 2, "", ChainHead.GENESIS));
            assertThrows(IllegalArgumentException.class, () -> new AuditVerification(true, -1, 0, "", ChainHead.GENESIS));
        }
    }

    @Nested
    @DisplayName("from the command line")
    class CommandLine {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        private int run(String... args) {
            return AuditVerifier.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        }

        @Test
        @DisplayName("prints the head of a valid file and exits with 0")
        void valid(@TempDir Path dir) {
            Path file = dir.resolve("audit.jsonl");
            List<ChainHead> heads = write(file, 3);
            assertEquals(0, run(file.toString()));
            assertEquals("valid: 3 records, head " + heads.get(2) + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
            assertEquals(0, run(file.toString(), heads.get(1).toString()));
        }

        @Test
        @DisplayName("prints the problem of an invalid file and exits with 1")
        void invalid(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            List<ChainHead> heads = write(file, 3);
            List<String> lines = lines(file);
            lines.remove(2);
            writeLines(file, lines);
            assertEquals(1, run(file.toString(), heads.get(2).toString()));
            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.startsWith("INVALID: line 3: the file ends at seq 2"), printed);
            assertTrue(printed.contains("2 good records before it, last good head " + heads.get(1)), printed);
        }

        @Test
        @DisplayName("exits with 2 on wrong usage, a malformed anchor or an unreadable file")
        void errors(@TempDir Path dir) {
            assertEquals(2, run());
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage"));
            Path file = dir.resolve("audit.jsonl");
            write(file, 1);
            assertEquals(2, run(file.toString(), "not-a-head"));
            assertEquals(2, run(file.toString(), "1:xyz"));
            assertEquals(2, run(dir.resolve("absent").toString()));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read"));
        }
    }
}
