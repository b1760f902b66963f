package dev.faultline.logging;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.logging.JsonLinesAuditSink.ChainHead;
import dev.faultline.logging.JsonLinesAuditSink.FsyncPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.faultline.logging.CurrentRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@DisplayName("JsonLinesAuditSink")
class JsonLinesAuditSinkTest {

    static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456789Z");
    static final String ZEROS = "0".repeat(64);
    static final ObjectMapper JSON = new ObjectMapper();

    static AuditRecord rec(String type, Object... keyValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new AuditRecord(T0, type, fields);
    }

    /** The file's lines, split on '\n' only; the text after the last '\n' must be empty. */
    static List<String> lines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), "file ends with a newline");
        List<String> out = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        out.remove(out.size() - 1);
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String line) throws IOException {
        return JSON.readValue(line, LinkedHashMap.class);
    }

    static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static void assertVerifies(Path file, long records) throws IOException {
        AuditVerification v = AuditVerifier.verify(file);
        assertAll(
                () -> assertTrue(v.valid(), () -> "valid, but: " + v.problem()),
                () -> assertEquals(records, v.records()),
                () -> assertEquals(0, v.firstBadLine()),
                () -> assertEquals("", v.problem()));
    }

    @Nested
    @DisplayName("writes each record as one JSON line")
    class Format {

        @Test
        @DisplayName("with seq 1, the timestamp, the type, the fields in order, then prev (64 zeros) and hash last")
        void firstLine(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                sink.append(rec("authentication", "user_id", "alice", "success", true, "auth_method", "password"));
            }
            List<String> lines = lines(file);
            assertEquals(1, lines.size());
            Map<String, Object> line = parse(lines.get(0));
            assertEquals(List.of("seq", "timestamp", "type", "user_id", "success", "auth_method", "prev", "hash"),
                    List.copyOf(line.keySet()));
            assertEquals(1, line.get("seq"));
            assertEquals("2025-03-01T10:15:30.123456789Z", line.get("timestamp"));
            assertEquals("authentication", line.get("type"));
            assertEquals("alice", line.get("user_id"));
            assertEquals(true, line.get("success"));
            assertEquals("password", line.get("auth_method"));
            assertEquals(ZEROS, line.get("prev"));
            assertTrue(((String) line.get("hash")).matches("[0-9a-f]{64}"));
            assertTrue(lines.get(0).startsWith("{\"seq\":1,\"timestamp\":\"2025-03-01T10:15:30.123456789Z\","
                    + "\"type\":\"authentication\",\"user_id\":\"alice\""), "compact, in order: " + lines.get(0));
        }

        @Test
        @DisplayName("with hash = SHA-256(prev + newline + the line up to its prev member), and prev = the line before's hash")
        void hashDefinition(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                for (int i = 0; i < 3; i++) {
                    sink.append(rec("authorization", "resource", "/videos/" + i, "action", "delete", "granted", i % 2 == 0));
                }
            }
            String prev = ZEROS;
            long seq = 0;
            for (String line : lines(file)) {
                Map<String, Object> parsed = parse(line);
                String hash = (String) parsed.get("hash");
                String suffix = ",\"hash\":\"" + hash + "\"}";
                assertTrue(line.endsWith(suffix), "hash is the last member, textually");
                String body = line.substring(0, line.length() - suffix.length());
                assertTrue(body.endsWith(",\"prev\":\"" + prev + "\""), "prev is the member before hash");
                assertEquals(sha256Hex((prev + "\n" + body).getBytes(StandardCharsets.UTF_8)), hash);
                assertEquals(++seq, ((Number) parsed.get("seq")).longValue());
                prev = hash;
            }
            assertEquals(3, seq);
        }

        @Test
        @DisplayName("round-trips strings, booleans, numbers, nulls and lists, and the file verifies")
        void roundTrip(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            List<AuditRecord> records = List.of(
                    rec("authentication", "user_id", "alice", "success", false, "auth_method", "token", "reason", "expired"),
                    rec("authorization", "resource", "/a", "action", "read", "granted", true, "attempt", 3),
                    rec("custom", "long", Long.MAX_VALUE, "double", 1.5, "none", null, "list", List.of("x", 2)),
                    rec("empty"));
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                records.forEach(sink::append);
            }
            List<String> lines = lines(file);
            assertEquals(records.size(), lines.size());
            for (int i = 0; i < records.size(); i++) {
                Map<String, Object> back = parse(lines.get(i));
                AuditRecord r = records.get(i);
                assertEquals(r.type(), back.get("type"));
                assertEquals(r.timestamp(), Instant.parse((String) back.get("timestamp")));
                Map<String, Object> fields = new LinkedHashMap<>(back);
                fields.keySet().removeAll(List.of("seq", "timestamp", "type", "prev", "hash"));
                assertEquals(JSON.readValue(JSON.writeValueAsString(r.fields()), Map.class), fields);
                assertEquals(List.copyOf(r.fields().keySet()), List.copyOf(fields.keySet()), "field order kept");
            }
            assertVerifies(file, records.size());
        }

        @Test
        @DisplayName("head() starts at GENESIS and is the seq and hash of the last line after each append")
        void head(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                assertEquals(ChainHead.GENESIS, sink.head());
                assertEquals(new ChainHead(0, ZEROS), sink.head());
                for (int i = 1; i <= 3; i++) {
                    sink.append(rec("t", "i", i));
                    List<String> lines = lines(file);
                    Map<String, Object> last = parse(lines.get(lines.size() - 1));
                    assertEquals(new ChainHead(i, (String) last.get("hash")), sink.head());
                }
                assertEquals(sink.head(), AuditVerifier.verify(file).head());
                assertEquals("3:" + sink.head().hash(), sink.head().toString());
            }
        }
    }

    @Nested
    @DisplayName("rejects, writing nothing,")
    class Rejects {

        @Test
        @DisplayName("field names that are members of every line: seq, timestamp, type, prev, hash")
        void reservedNames(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                for (String name : List.of("seq", "timestamp", "type", "prev", "hash")) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> sink.append(rec("t", "user_id", "u", name, "x")));
                    assertTrue(e.getMessage().contains("'" + name + "'") && e.getMessage().contains("reserved"),
                            e.getMessage());
                }
                assertEquals(0, Files.size(file));
                assertEquals(ChainHead.GENESIS, sink.head());
                sink.append(rec("t", "sequence", 1, "hashes", 2));
            }
            assertVerifies(file, 1);
        }

        @Test
        @DisplayName("field names that become equal once unpaired surrogates are replaced")
        void collidingNames(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                assertThrows(IllegalArgumentException.class, () -> sink.append(rec("t", "a\uD800", 1, "a\uDC00", 2)));
                assertThrows(IllegalArgumentException.class, () -> sink.append(rec("t", "has\uD800", 1, "has\uFFFD", 2)));
                assertEquals(0, Files.size(file));
            }
        }

        @Test
        @DisplayName("a field value that cannot be rendered as JSON")
        void unrenderable(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> sink.append(rec("t", "bad", new Exploding())));
                assertTrue(e.getMessage().contains("cannot be rendered"), e.getMessage());
                assertEquals(0, Files.size(file));
                assertEquals(ChainHead.GENESIS, sink.head());
            }
        }

        @Test
        @DisplayName("a record whose line would be longer than MAX_LINE_BYTES")
        void tooLarge(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                sink.append(rec("t", "n", 1));
                long size = Files.size(file);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> sink.append(rec("t", "big", "x".repeat(JsonLinesAuditSink.MAX_LINE_BYTES))));
                assertTrue(e.getMessage().contains("too large"), e.getMessage());
                assertEquals(size, Files.size(file));
                assertEquals(1, sink.head().seq());
                sink.append(rec("t", "n", 2));
            }
            assertVerifies(file, 2);
        }
    }

    /** A bean whose getter throws: Jackson cannot render it. */
    public static final class Exploding {
        public String getValue() {
            throw new IllegalStateException("boom");
        }
    }

    @Nested
    @DisplayName("keeps each record on one line and verifiable")
    class AwkwardStrings {

        @Test
        @DisplayName("with quotes, backslashes, line breaks, control characters, U+2028, emoji and unpaired surrogates")
        void awkward(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            List<String> values = List.of(
                    "say \"hi\" \\ back\\slash",
                    "line\nbreak\r\nand\rreturn",
                    "nul\u0000 bell\u0007 esc\u001b unit\u001f tab\t del\u007f",
                    "sep\u2028para\u2029",
                    "emoji \uD83D\uDE00 é ü 日本",
                    "lone high \uD800 lone low \uDC00 reversed \uDE00\uD83D",
                    "\"},{\"seq\":99,\"hash\":\"" + "f".repeat(64) + "\"}\n{");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                for (String v : values) {
                    sink.append(rec("type\nwith\u0000\uD800", "value", v, "name\n\uDC00", v));
                }
            }
            List<String> lines = lines(file);
            assertEquals(values.size(), lines.size(), "one line per record");
            for (int i = 0; i < values.size(); i++) {
                Map<String, Object> back = parse(lines.get(i));
                String expected = values.get(i)
                        .replace("\uDE00\uD83D", "\uFFFD\uFFFD").replace("\uD800", "\uFFFD").replace("\uDC00", "\uFFFD");
                assertEquals(expected, back.get("value"));
                assertEquals(expected, back.get("name\n\uFFFD"));
                assertEquals("type\nwith\u0000\uFFFD", back.get("type"));
                assertEquals(i + 1, back.get("seq"), "an injected seq stays inside its string");
            }
            byte[] bytes = Files.readAllBytes(file);
            assertEquals(values.size(), count(bytes, (byte) '\n'));
            assertEquals(0, count(bytes, (byte) '\r'));
            assertVerifies(file, values.size());
        }

        private int count(byte[] bytes, byte b) {
            int n = 0;
            for (byte x : bytes) {
                n += x == b ? 1 : 0;
            }
            return n;
        }
    }

    @Nested
    @DisplayName("when opening an existing file")
    class Resume {

        @Test
        @DisplayName("continues its chain: seq and prev follow its last line, and the whole file verifies")
        void continues(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            ChainHead first;
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                for (int i = 0; i < 3; i++) {
                    sink.append(rec("t", "i", i));
                }
                first = sink.head();
            }
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                assertEquals(first, sink.head());
                sink.append(rec("t", "i", 3));
                sink.append(rec("t", "i", 4));
                assertEquals(5, sink.head().seq());
            }
            List<String> lines = lines(file);
            assertEquals(5, lines.size());
            Map<String, Object> fourth = parse(lines.get(3));
            assertEquals(4, fourth.get("seq"));
            assertEquals(first.hash(), fourth.get("prev"));
            assertVerifies(file, 5);
        }

        @Test
        @DisplayName("that is empty, starts at seq 1")
        void empty(@TempDir Path dir) throws Exception {
            Path file = Files.createFile(dir.resolve("audit.jsonl"));
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                assertEquals(ChainHead.GENESIS, sink.head());
                sink.append(rec("t"));
            }
            assertEquals(1, parse(lines(file).get(0)).get("seq"));
            assertVerifies(file, 1);
        }

        @Test
        @DisplayName("that ends with a partial line, refuses with the file, the problem and where to cut, changing nothing")
        void partialLastLine(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                sink.append(rec("t", "i", 1));
                sink.append(rec("t", "i", 2));
            }
            long complete = Files.size(file);
            Files.write(file, "{\"seq\":3,\"timest".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
            byte[] before = Files.readAllBytes(file);

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> JsonLinesAuditSink.open(file));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("incomplete line"), e.getMessage());
            assertTrue(e.getMessage().contains("byte offset " + complete), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(file), "nothing appended after the garbage");
            assertEquals(3, AuditVerifier.verify(file).firstBadLine());

            // the documented repair: cut after the last complete line, open again
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(complete);
            }
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                assertEquals(2, sink.head().seq());
                sink.append(rec("t", "i", 3));
            }
            assertVerifies(file, 3);
        }

        @Test
        @DisplayName("with no complete line at all, refuses")
        void onlyGarbage(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("audit.jsonl"), "{\"seq\":1");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> JsonLinesAuditSink.open(file));
            assertTrue(e.getMessage().contains("no complete line"), e.getMessage());
            assertEquals(8, Files.size(file));
        }

        @Test
        @DisplayName("whose last line was edited, refuses to continue from it")
        void editedLastLine(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                sink.append(rec("t", "user_id", "alice"));
                sink.append(rec("t", "user_id", "bob"));
            }
            Files.writeString(file, Files.readString(file).replace("\"bob\"", "\"eve\""));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> JsonLinesAuditSink.open(file));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("hash does not match its content"), e.getMessage());
        }

        @Test
        @DisplayName("that is not an audit file, refuses")
        void notAuditFile(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("notes.txt"), "hello\nworld\n");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> JsonLinesAuditSink.open(file));
            assertTrue(e.getMessage().contains("not an audit record"), e.getMessage());
            assertEquals("hello\nworld\n", Files.readString(file));
        }
    }

    @Nested
    @DisplayName("under concurrent appends")
    class Concurrency {

        @Test
        @DisplayName("from 8 threads x 500 writes 4000 records, seq 1..4000 in file order, and the chain verifies")
        void manyThreads(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            int threads = 8;
            int each = 500;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < each; i++) {
                            sink.append(rec("authorization", "thread", thread, "i", i, "resource", "/r/" + i));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertEquals(threads * each, sink.head().seq());
            } finally {
                pool.shutdownNow();
            }
            List<Map<String, Object>> parsed = new ArrayList<>();
            for (String line : lines(file)) {
                parsed.add(parse(line));
            }
            assertEquals(LongStream.rangeClosed(1, threads * each).boxed().collect(Collectors.toList()),
                    parsed.stream().map(m -> ((Number) m.get("seq")).longValue()).collect(Collectors.toList()));
            Map<Object, Long> perThread = parsed.stream()
                    .collect(Collectors.groupingBy(m -> m.get("thread"), Collectors.counting()));
            assertEquals(threads, perThread.size());
            perThread.values().forEach(n -> assertEquals(each, n));
            assertVerifies(file, threads * each);
        }
    }

    @Nested
    @DisplayName("for durability and safety")
    class Durability {

        @Test
        @DisplayName("with FSYNC writes, continues and verifies like FLUSH")
        void fsync(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file, FsyncPolicy.FSYNC)) {
                sink.append(rec("t", "i", 1));
                sink.append(rec("t", "i", 2));
                assertEquals(2, lines(file).size(), "on disk when append returns");
                assertTrue(sink.toString().contains("FSYNC"), sink.toString());
            }
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file, FsyncPolicy.FSYNC)) {
                sink.append(rec("t", "i", 3));
            }
            assertVerifies(file, 3);
        }

        @Test
        @DisplayName("writes each record before append returns, with FLUSH too")
        void flushVisible(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                sink.append(rec("t", "i", 1));
                assertEquals(1, lines(file).size());
                assertVerifies(file, 1);
            }
        }

        @Test
        @DisplayName("creates the file but not a missing directory")
        void missingDirectory(@TempDir Path dir) {
            Path file = dir.resolve("missing").resolve("audit.jsonl");
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> JsonLinesAuditSink.open(file));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }

        @Test
        @DisplayName("writes the record of an interrupted thread and keeps its interrupt status")
        void interrupted(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file, FsyncPolicy.FSYNC)) {
                Thread.currentThread().interrupt();
                try {
                    sink.append(rec("t", "i", 1));
                } finally {
                    assertTrue(Thread.interrupted(), "interrupt status kept (and cleared here)");
                }
                assertTrue(sink.channel().isOpen(), "the interrupt did not close the file");
                sink.append(rec("t", "i", 2));
            }
            assertVerifies(file, 2);
        }

        @Test
        @DisplayName("reopens the file when an interrupt closed its channel, and the chain continues")
        void reopensClosedChannel(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                sink.append(rec("t", "i", 1));
                FileChannel before = sink.channel();
                before.close(); // what an interrupt during a write does to an interruptible channel
                sink.append(rec("t", "i", 2));
                assertNotEquals(before, sink.channel());
                assertTrue(sink.channel().isOpen());
                assertThrows(IllegalStateException.class, () -> JsonLinesAuditSink.open(file), "still locked");
            }
            assertVerifies(file, 2);
        }

        @Test
        @DisplayName("refuses a second sink on the same file while the first is open")
        void oneWriter(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                sink.append(rec("t"));
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> JsonLinesAuditSink.open(file));
                assertTrue(e.getMessage().contains("already open"), e.getMessage());
                sink.append(rec("t"));
            }
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                sink.append(rec("t"));
            }
            assertVerifies(file, 3);
        }

        @Test
        @DisplayName("stops accepting records once the file was changed by someone else, and does not extend it")
        void externalChange(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                sink.append(rec("t", "i", 1));
                sink.append(rec("t", "i", 2));
                long oneLine = lines(file).get(0).getBytes(StandardCharsets.UTF_8).length + 1;
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(oneLine); // a copytruncate rotation, or someone removing the last record
                }
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> sink.append(rec("t", "i", 3)));
                assertTrue(e.getMessage().contains("changed by someone else"), e.getMessage());
                IllegalStateException again = assertThrows(IllegalStateException.class,
                        () -> sink.append(rec("t", "i", 4)));
                assertTrue(again.getMessage().contains("stopped accepting records"), again.getMessage());
                assertEquals(oneLine, Files.size(file));
                assertEquals(2, sink.head().seq(), "the head is what the sink wrote");
            }
        }

        @Test
        @DisplayName("after close, refuses appends, keeps its head, and closing again does nothing")
        void close(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            JsonLinesAuditSink sink = JsonLinesAuditSink.open(file);
            sink.append(rec("t"));
            ChainHead head = sink.head();
            sink.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> sink.append(rec("t")));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            sink.close();
            assertSame(head, sink.head());
            assertFalse(sink.channel().isOpen());
            assertVerifies(file, 1);
        }
    }

    @Nested
    @DisplayName("ChainHead")
    class ChainHeads {

        @Test
        @DisplayName("accepts seq >= 0 with 64 lowercase hex digits, and 64 zeros for seq 0")
        void valid() {
            assertEquals(0, ChainHead.GENESIS.seq());
            assertEquals(ZEROS, ChainHead.GENESIS.hash());
            assertEquals(7, new ChainHead(7, "ab".repeat(32)).seq());
        }

        @Test
        @DisplayName("rejects a negative seq, a hash that is not 64 lowercase hex digits, and seq 0 with another hash")
        void invalid() {
            assertThrows(IllegalArgumentException.class, () -> new ChainHead(-1, ZEROS));
            assertThrows(IllegalArgumentException.class, () -> new ChainHead(1, "AB".repeat(32)));
            assertThrows(IllegalArgumentException.class, () -> new ChainHead(1, "ab".repeat(31)));
            assertThrows(IllegalArgumentException.class, () -> new ChainHead(1, "xy".repeat(32)));
            assertThrows(IllegalArgumentException.class, () -> new ChainHead(0, "ab".repeat(32)));
            assertThrows(NullPointerException.class, () -> new ChainHead(1, null));
        }
    }

    @Nested
    @DisplayName("as a sink of AuditEvents")
    class WithAuditEvents {

        private final Clock clock = Clock.fixed(Instant.parse("2025-06-01T08:00:00Z"), ZoneOffset.UTC);

        @Test
        @DisplayName("receives authentication and authorization records as verifiable lines with their audit fields")
        void events(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                AuditEvents audit = new AuditEvents(CurrentRequest.NONE, clock, List.of(sink));
                audit.authentication(true, "alice", "password", null);
                audit.authentication(false, "mallory", "token", "expired");
                audit.authorization("/videos/42", "delete", false, "bob");
                assertEquals(0, audit.sinkFailures());
            }
            List<String> lines = lines(file);
            assertEquals(3, lines.size());

            Map<String, Object> ok = parse(lines.get(0));
            assertEquals(List.of("seq", "timestamp", "type", "user_id", "success", "auth_method", "prev", "hash"),
                    List.copyOf(ok.keySet()));
            assertEquals("authentication", ok.get("type"));
            assertEquals("2025-06-01T08:00:00Z", ok.get("timestamp"));
            assertEquals("alice", ok.get(LogFields.USER_ID));
            assertEquals(true, ok.get(LogFields.SUCCESS));
            assertEquals("password", ok.get(LogFields.AUTH_METHOD));

            Map<String, Object> failed = parse(lines.get(1));
            assertEquals(false, failed.get(LogFields.SUCCESS));
            assertEquals("token", failed.get(LogFields.AUTH_METHOD));
            assertEquals("expired", failed.get(LogFields.REASON));

            Map<String, Object> denied = parse(lines.get(2));
            assertEquals("authorization", denied.get("type"));
            assertEquals("bob", denied.get(LogFields.USER_ID));
            assertEquals("/videos/42", denied.get(LogFields.RESOURCE));
            assertEquals("delete", denied.get(LogFields.ACTION));
            assertEquals(false, denied.get(LogFields.GRANTED));
            assertEquals(3, denied.get("seq"));

            assertVerifies(file, 3);
        }

        @Test
        @DisplayName("still receives the record when another sink throws, which is counted and logged at ERROR")
        void failingSink(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            AuditSink failing = r -> {
                throw new IllegalStateException("database down");
            };
            Logger logger = (Logger) LoggerFactory.getLogger(LogFields.LOGGER_AUDIT);
            ListAppender<ILoggingEvent> appender = new ListAppender<>();
            appender.start();
            logger.addAppender(appender);
            Level level = logger.getLevel();
            logger.setLevel(Level.INFO);
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                AuditEvents audit = new AuditEvents(CurrentRequest.NONE, clock, List.of(failing, sink, failing));
                audit.authorization("/admin", "read", true, "carol");
                assertEquals(2, audit.sinkFailures());
                audit.authentication(true, "carol", "oidc", null);
                assertEquals(4, audit.sinkFailures());
            } finally {
                logger.detachAppender(appender);
                logger.setLevel(level);
            }
            List<String> lines = lines(file);
            assertEquals(2, lines.size());
            assertEquals("/admin", parse(lines.get(0)).get(LogFields.RESOURCE));
            assertEquals("oidc", parse(lines.get(1)).get(LogFields.AUTH_METHOD));
            assertVerifies(file, 2);

            List<ILoggingEvent> events = appender.list;
            assertEquals(2, events.size());
            for (ILoggingEvent e : events) {
                assertEquals(Level.ERROR, e.getLevel());
                assertTrue(e.getFormattedMessage().contains("2 of 3 audit sinks failed"), e.getFormattedMessage());
                assertFalse(e.getFormattedMessage().contains("only in this log line"), "the file sink stored it");
                assertEquals("database down", e.getThrowableProxy().getMessage());
                assertEquals(1, e.getThrowableProxy().getSuppressed().length, "the second failure is kept, suppressed");
            }
        }

        @Test
        @DisplayName("once closed, makes AuditEvents count a failure instead of losing the record silently")
        void closedSink(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("audit.jsonl");
            JsonLinesAuditSink sink = JsonLinesAuditSink.open(file);
            AuditEvents audit = new AuditEvents(CurrentRequest.NONE, clock, List.of(sink));
            audit.authentication(true, "dave", "password", null);
            sink.close();
            audit.authentication(true, "dave", "password", null);
            assertEquals(1, audit.sinkFailures());
            assertVerifies(file, 1);
        }
    }

    @Test
    @DisplayName("writes the hash suffix in exactly the length the verifier strips")
    void suffixLength(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
            sink.append(rec("t"));
            String line = lines(file).get(0);
            assertEquals(",\"hash\":\"" + sink.head().hash() + "\"}",
                    line.substring(line.length() - JsonLinesAuditSink.HASH_SUFFIX_BYTES));
            assertNull(AuditVerifier.check(line.getBytes(StandardCharsets.UTF_8), line.length(),
                    MessageDigest.getInstance("SHA-256")).problem());
        }
    }
}
