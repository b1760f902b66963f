package dev.faultline.logging;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.faultline.internal.Json;
import dev.faultline.internal.Preconditions;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AuditSink} that appends each record as one line of JSON to a file, chained by SHA-256
 * hashes so that editing, removing, reordering or truncating records is detected by
 * {@link AuditVerifier}.
 *
 * <h2>Format</h2>
 *
 * <p>The file is UTF-8 and holds one JSON object per line, each line ending with {@code '\n'} (never
 * {@code "\r\n"}):
 *
 * <pre>{@code
 * {"seq":1,"timestamp":"2025-01-01T10:00:00Z","type":"authentication","user_id":"alice","success":true,"auth_method":"password","prev":"000…000","hash":"3f5a…"}
 * }</pre>
 *
 * <ul>
 *   <li>{@code seq}: 1 for the first line of the file, then 2, 3, … without gaps;</li>
 *   <li>{@code timestamp}: the record's {@link AuditRecord#timestamp()} as an ISO-8601 instant
 *       ({@link java.time.Instant#toString()});</li>
 *   <li>{@code type}: the record's {@link AuditRecord#type()};</li>
 *   <li>then the record's fields, in the record's order, rendered by the shared Faultline mapper
 *       (strings with unpaired surrogates get U+FFFD; control characters, quotes and line breaks are
 *       escaped, so a record is always exactly one line);</li>
 *   <li>{@code prev}: the {@code hash} of the previous line, or 64 zeros ({@link ChainHead#GENESIS})
 *       on the first line;</li>
 *   <li>{@code hash}: always the last member, 64 lowercase hex digits: {@code
 *       hex(SHA-256(prev + "\n" + body))}, where {@code prev} is the 64 ASCII hex digits of the
 *       {@code prev} member and {@code body} is the exact UTF-8 bytes of the line up to and including
 *       the {@code "prev":"…"} member, that is the line without its trailing
 *       <code>,"hash":"&lt;64 hex&gt;"&#125;</code> (75 bytes) and without the newline.</li>
 * </ul>
 *
 * <p>The output is compact (no whitespace between tokens). A verifier needs no JSON re-serialisation:
 * it strips the fixed-length hash suffix textually and hashes the remaining bytes. Record field names
 * must differ from {@code seq}, {@code timestamp}, {@code type}, {@code prev} and {@code hash} (and
 * from one another once unpaired surrogates are replaced); otherwise {@link #append} throws
 * {@link IllegalArgumentException} and writes nothing. A line may be at most {@link #MAX_LINE_BYTES}
 * bytes long, so that a verifier works in bounded memory.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li><b>Durability</b>: {@link #append} returns only after the whole line was written, and, per
 *       {@link FsyncPolicy}, handed to the operating system ({@link FsyncPolicy#FLUSH FLUSH}: survives
 *       a crash of the JVM) or forced to the storage device ({@link FsyncPolicy#FSYNC FSYNC}: also
 *       survives a crash of the machine). When it throws, the record is not in the file: a failed
 *       write is undone by truncating the file back to its previous length. If even that fails, or
 *       if the file was changed by someone else while open (its length is not what this sink wrote),
 *       the sink stops accepting records ({@link IllegalStateException}) rather than extend a chain
 *       it can no longer vouch for; {@link AuditEvents} then keeps each record in its ERROR log line.
 *   <li><b>Interrupts</b>: an append on an interrupted thread still writes the record (the interrupt
 *       status is kept and restored afterwards), so that a cancelled request does not lose its audit
 *       record; an interrupt arriving in the middle of the write makes that one append fail cleanly,
 *       and the next append reopens the file.</li>
 *   <li><b>Resuming</b>: {@link #open} on an existing file continues its chain from the last line.
 *       Only that line is checked (its format and its own hash): run {@link AuditVerifier} to check
 *       the whole file. If the file ends with an incomplete line (the machine crashed in the middle
 *       of a write, or the file was cut), {@code open} refuses with an {@link IllegalStateException}
 *       naming the file and the byte offset where the complete lines end: appending after the garbage
 *       would bury it in the middle of the chain. The operator runs {@link AuditVerifier}, keeps a copy
 *       of the file as evidence, truncates it at that offset and opens it again.</li>
 *   <li><b>One writer</b>: the sink takes an exclusive {@linkplain FileLock lock} on the file while
 *       open, so that a second sink on the same file in the same JVM fails to open (and, where the
 *       operating system supports it, so does one in another process). The cross-process lock is
 *       advisory and best-effort: on some systems closing any other channel on the same file from this
 *       process releases it, and where file locks are unsupported the sink opens without one.</li>
 * </ul>
 *
 * <h2>What the chain detects, and what it does not</h2>
 *
 * <p>{@link AuditVerifier#verify(Path)} detects a changed byte in any line, a removed, inserted,
 * duplicated or reordered line, a line whose {@code prev} does not link to its predecessor, and a file
 * cut in the middle of a line. It does <em>not</em> detect records removed from the end of the file at
 * a line boundary, nor a file rewritten wholesale by someone who recomputed every hash: SHA-256 has
 * no secret key. Both are caught by comparing with a {@linkplain #head() chain head} recorded
 * elsewhere (another system, a ticket, a signed message): {@link AuditVerifier#verify(Path,
 * ChainHead)} reports a file that ends before the anchored head, or whose record at the anchored
 * {@code seq} has another hash. Anchor the head regularly (say hourly, and at shutdown).
 *
 * <p>Do not rotate the file by copying and truncating it in place ({@code copytruncate}): the sink
 * notices the change and stops. To rotate, close the sink, move the file, and open a new one (a new
 * file starts a new chain at {@code seq} 1; anchor the old file's final head).
 *
 * <h2>Thread-safety</h2>
 *
 * <p>Thread-safe. Appends from many threads are serialised by one lock, so that each line's
 * {@code seq} and {@code prev} follow the line before it; the lock is held only for one append (the
 * hash of one line, one write, and with {@code FSYNC} one {@code force}). The JSON rendering of the
 * record happens before, outside the lock. Audit events are rare enough for this not to matter; with
 * {@code FSYNC} an append costs one disk flush, on the request's thread.
 */
public final class JsonLinesAuditSink implements AuditSink, Closeable {

    /** The longest line, in bytes without its newline, that the sink writes and the verifier reads. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    /** The members that every line has, and that record fields therefore cannot use. */
    static final Set<String> RESERVED = Set.of("seq", "timestamp", "type", "prev", "hash");

    /** Length in bytes of the <code>,"hash":"&lt;64 hex&gt;"&#125;</code> suffix of every line. */
    static final int HASH_SUFFIX_BYTES = ",\"hash\":\"".length() + 64 + "\"}".length();

    /** Length in bytes of the {@code ,"prev":"<64 hex>"} end of every line's hashed body. */
    static final int PREV_SUFFIX_BYTES = ",\"prev\":\"".length() + 64 + "\"".length();

    /**
     * How far an append goes before it returns.
     */
    public enum FsyncPolicy {
        /**
         * The line is written to the file (handed to the operating system) before {@code append}
         * returns: it survives a crash or kill of the JVM, not a power loss or kernel crash. The default.
         */
        FLUSH,
        /**
         * As {@link #FLUSH}, and the file's content is forced to the storage device
         * ({@link FileChannel#force(boolean) force(false)}) before {@code append} returns: it survives a
         * power loss too, on storage that honours flushes. Costs one disk flush per record. When the
         * file is created, its directory is forced too (where the platform allows it).
         */
        FSYNC
    }

    /**
     * The end of a chain: the {@code seq} and {@code hash} of its last record, or {@link #GENESIS} for an
     * empty file. Record it somewhere the file's writers cannot change, and pass it to
     * {@link AuditVerifier#verify(Path, ChainHead)} later: that detects records removed from the end of
     * the file and a chain rewritten with recomputed hashes.
     *
     * @param seq the last record's {@code seq}; 0 for an empty chain
     * @param hash the last record's {@code hash}, 64 lowercase hex digits; 64 zeros for an empty chain
     */
    public record ChainHead(long seq, String hash) {

        /** The head of an empty chain: seq 0, 64 zeros; the {@code prev} of the first line. */
        public static final ChainHead GENESIS = new ChainHead(0, "0".repeat(64));

        /**
         * Checks the head's form.
         *
         * @throws IllegalArgumentException if {@code seq} is negative, {@code hash} is not 64 lowercase
         *     hex digits, or {@code seq} is 0 with another hash than 64 zeros
         */
        public ChainHead {
            Objects.requireNonNull(hash, "hash");
            if (seq < 0) {
                throw Preconditions.invalid("seq", "must not be negative: " + seq);
            }
            if (!isHash(hash)) {
                throw Preconditions.invalid("hash", "must be 64 lowercase hex digits: " + hash);
            }
            if (seq == 0 && !hash.equals("0".repeat(64))) {
                throw Preconditions.invalid("hash", "of the head of an empty chain (seq 0) must be 64 zeros");
            }
        }

        /** {@code seq:hash}, the form to anchor. */
        @Override
        public String toString() {
            return seq + ":" + hash;
        }
    }

    private final Path file;
    private final FsyncPolicy policy;
    private final ReentrantLock lock = new ReentrantLock();
    private final MessageDigest sha256 = sha256();

    // guarded by lock
    private FileChannel channel;
    private @Nullable FileLock fileLock;
    private long size;
    private boolean closed;
    private @Nullable Exception broken;

    private volatile ChainHead head;

    private JsonLinesAuditSink(Path file, FsyncPolicy policy, FileChannel channel, @Nullable FileLock fileLock,
            long size, ChainHead head) {
        this.file = file;
        this.policy = policy;
        this.channel = channel;
        this.fileLock = fileLock;
        this.size = size;
        this.head = head;
    }

    /**
     * Opens {@code file} with {@link FsyncPolicy#FLUSH}; see {@link #open(Path, FsyncPolicy)}.
     *
     * @param file the audit file; created if absent, continued if present
     * @return the open sink
     * @throws IllegalStateException if the file ends with an incomplete line or an invalid last line,
     *     or another sink has it open
     * @throws UncheckedIOException if it cannot be opened or read
     */
    public static JsonLinesAuditSink open(Path file) {
        return open(file, FsyncPolicy.FLUSH);
    }

    /**
     * Opens {@code file} for appending, creating it (but not its directory) if absent. An existing file's
     * chain is continued: the next record gets the last line's {@code seq} + 1 and its {@code hash} as
     * {@code prev}. Only the last line is checked (its format and its own hash); the rest of the file is
     * not read: run {@link AuditVerifier} for that.
     *
     * <p>A file that does not end with {@code '\n'} ends with a partial record (the machine crashed in
     * the middle of a write, or the file was cut): {@code open} refuses it, with the byte offset where
     * its complete lines end. Appending after it would leave garbage in the middle of the chain. Keep a
     * copy as evidence, check it with {@link AuditVerifier}, truncate it at that offset, and open again.
     *
     * @param file the audit file
     * @param policy how far each append goes before it returns
     * @return the open sink
     * @throws IllegalStateException if the file ends with an incomplete line or its last line is not a
     *     valid record, or another sink (in this JVM, or where supported in another process) has it open
     * @throws UncheckedIOException if it cannot be opened or read
     */
    public static JsonLinesAuditSink open(Path file, FsyncPolicy policy) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(policy, "policy");
        boolean existed = Files.exists(file);
        try {
            Tail tail = existed ? readTail(file) : new Tail(0, ChainHead.GENESIS);
            FileChannel channel = FileChannel.open(file, APPEND, CREATE, WRITE);
            try {
                FileLock fileLock = lock(file, channel);
                long size = channel.size();
                if (size != tail.size) {
                    throw new IllegalStateException("audit file " + file + " changed while it was being opened ("
                            + tail.size + " bytes, then " + size + "): is another process writing it?");
                }
                if (!existed && policy == FsyncPolicy.FSYNC) {
                    forceDirectory(file);
                }
                return new JsonLinesAuditSink(file, policy, channel, fileLock, size, tail.head);
            } catch (RuntimeException | IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open audit file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends {@code record} as the next line of the chain and returns once it is written per the
     * {@link FsyncPolicy}. Blocks while another thread appends.
     *
     * @param record the record
     * @throws IllegalArgumentException if a field name is reserved ({@code seq}, {@code timestamp},
     *     {@code type}, {@code prev}, {@code hash}), null, or a duplicate once unpaired surrogates are
     *     replaced, a value cannot be rendered as JSON, or the line would exceed {@link #MAX_LINE_BYTES};
     *     nothing is written
     * @throws IllegalStateException if the sink is closed, or stopped after a failure it could not undo
     *     or after the file was changed by someone else
     * @throws UncheckedIOException if the write failed; the record is not in the file
     */
    @Override
    public void append(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        byte[] members = render(record);
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("audit sink on " + file + " is closed");
            }
            if (broken != null) {
                throw new IllegalStateException("audit sink on " + file + " stopped accepting records after: "
                        + broken.getMessage() + "; run AuditVerifier on the file, repair it and open it again",
                        broken);
            }
            ChainHead previous = head;
            long seq = previous.seq() + 1;
            byte[] body = body(seq, members, previous.hash());
            if (body.length + HASH_SUFFIX_BYTES > MAX_LINE_BYTES) {
                throw Preconditions.invalid("audit record", "of type " + Json.safe(record.type()) + " is too large: "
                        + (body.length + HASH_SUFFIX_BYTES) + " bytes, at most " + MAX_LINE_BYTES);
            }
            String hash = hash(previous.hash(), body, body.length);
            byte[] line = Arrays.copyOf(body, body.length + HASH_SUFFIX_BYTES + 1);
            byte[] suffix = (",\"hash\":\"" + hash + "\"}\n").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(suffix, 0, line, body.length, suffix.length);
            write(seq, line);
            head = new ChainHead(seq, hash);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The current end of the chain: the {@code seq} and {@code hash} of the last line in the file
     * ({@link ChainHead#GENESIS} for an empty file). Record it elsewhere to detect later truncation or
     * rewriting ({@link AuditVerifier#verify(Path, ChainHead)}). Does not block; reflects every append
     * that has returned.
     *
     * @return the current head
     */
    public ChainHead head() {
        return head;
    }

    /**
     * Closes the file and releases its lock. Waits for an append in progress. Later appends throw
     * {@link IllegalStateException}; {@link #head()} keeps returning the final head. Idempotent.
     *
     * @throws IOException if closing the file failed
     */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            fileLock = null;
            channel.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "JsonLinesAuditSink[" + file + ", " + policy + ", head " + head + "]";
    }

    /** The open channel; for tests of the recovery from a channel closed by an interrupt. */
    FileChannel channel() {
        lock.lock();
        try {
            return channel;
        } finally {
            lock.unlock();
        }
    }

    // --- writing

    /** {@code "timestamp":…,"type":…,<fields>} as UTF-8, without braces. Outside the lock. */
    private static byte[] render(AuditRecord record) {
        Set<String> names = new HashSet<>();
        for (String name : record.fields().keySet()) {
            if (name == null) {
                throw Preconditions.invalid("audit record", "field names must not be null");
            }
            String safe = Json.safe(name);
            if (RESERVED.contains(safe)) {
                throw Preconditions.invalid("audit record", "field name '" + safe
                        + "' is reserved (seq, timestamp, type, prev and hash are members of every line)");
            }
            if (!names.add(safe)) {
                throw Preconditions.invalid("audit record", "field name '" + safe
                        + "' appears twice once unpaired surrogates are replaced by U+FFFD");
            }
        }
        try (ByteArrayBuilder out = new ByteArrayBuilder(256);
                JsonGenerator g = Json.mapper().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", record.timestamp().toString());
            g.writeStringField("type", Json.safe(record.type()));
            for (Map.Entry<String, Object> f : record.fields().entrySet()) {
                g.writeFieldName(Json.safe(f.getKey()));
                g.writeObject(f.getValue());
            }
            g.writeEndObject();
            g.flush();
            byte[] json = out.toByteArray();
            return Arrays.copyOfRange(json, 1, json.length - 1);
        } catch (IOException e) {
            throw Preconditions.invalid("audit record", "of type " + Json.safe(record.type())
                    + " has a field that cannot be rendered as JSON: " + e.getMessage(), e);
        }
    }

    /** The hashed body: <code>{"seq":N,&lt;members&gt;,"prev":"&lt;hex&gt;"</code>, without a closing brace. */
    private static byte[] body(long seq, byte[] members, String prev) {
        byte[] head = ("{\"seq\":" + seq + ",").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = (",\"prev\":\"" + prev + "\"").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + members.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(members, 0, body, head.length, members.length);
        System.arraycopy(tail, 0, body, head.length + members.length, tail.length);
        return body;
    }

    private String hash(String prev, byte[] body, int length) {
        return hash(sha256, prev, body, length);
    }

    /** {@code hex(SHA-256(prev + "\n" + body[0, length)))}; the one definition, shared with the verifier. */
    static String hash(MessageDigest sha256, String prev, byte[] body, int length) {
        sha256.reset();
        sha256.update(prev.getBytes(StandardCharsets.US_ASCII));
        sha256.update((byte) '\n');
        sha256.update(body, 0, length);
        return HexFormat.of().formatHex(sha256.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    static boolean isHash(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Writes the whole line, then forces it per policy; undoes a partial write on failure. Under lock. */
    private void write(long seq, byte[] line) {
        boolean interrupted = Thread.interrupted(); // an interrupt would close the channel: keep it for later
        try {
            FileChannel ch = openChannel();
            long actual = ch.size();
            if (actual != size) {
                IllegalStateException e = new IllegalStateException("audit file " + file + " was changed by someone else: "
                        + size + " bytes written by this sink, " + actual + " bytes found");
                broken = e;
                throw e;
            }
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            if (policy == FsyncPolicy.FSYNC) {
                ch.force(false);
            }
            size += line.length;
        } catch (IOException e) {
            interrupted |= Thread.interrupted();
            undo(e);
            throw new UncheckedIOException("could not append audit record seq " + seq + " to " + file + ": " + e, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Truncates the file back to the length before the failed write, or stops the sink. Under lock. */
    private void undo(IOException failure) {
        try {
            FileChannel ch = openChannel();
            if (ch.size() > size) {
                ch.truncate(size);
            }
            if (policy == FsyncPolicy.FSYNC) {
                ch.force(false);
            }
            if (ch.size() != size) {
                throw new IOException("length is " + ch.size() + " bytes instead of " + size);
            }
        } catch (IOException | RuntimeException e) {
            IOException stop = new IOException("a failed append (" + failure + ") could not be undone: " + e, e);
            stop.addSuppressed(failure);
            broken = stop;
        }
    }

    /**
     * The channel, reopened if an interrupt of the appending thread closed it (an interruptible channel
     * closes on interrupt, for every thread). Under lock.
     */
    private FileChannel openChannel() throws IOException {
        if (!channel.isOpen()) {
            FileChannel reopened = FileChannel.open(file, APPEND, WRITE);
            try {
                fileLock = lock(file, reopened);
            } catch (RuntimeException | IOException e) {
                reopened.close();
                throw e;
            }
            channel = reopened;
        }
        return channel;
    }

    private static @Nullable FileLock lock(Path file, FileChannel channel) throws IOException {
        try {
            // a region past any real end of file, so that readers (the verifier) are never blocked,
            // even where locks are mandatory
            FileLock fileLock = channel.tryLock(Long.MAX_VALUE - 1, 1, false);
            if (fileLock == null) {
                throw new IllegalStateException("audit file " + file + " is locked by another process");
            }
            return fileLock;
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("audit file " + file + " is already open by another audit sink in this JVM", e);
        } catch (IOException e) {
            // file locks unsupported here (some network file systems): go on without one
            return null;
        }
    }

    private static void forceDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // not possible on every platform (Windows): the file's own force still applies
        }
    }

    // --- resuming

    private record Tail(long size, ChainHead head) {
    }

    /** The length and last record of an existing file; refuses a partial or invalid last line. */
    private static Tail readTail(Path file) throws IOException {
        try (FileChannel r = FileChannel.open(file, READ)) {
            long size = r.size();
            if (size == 0) {
                return new Tail(0, ChainHead.GENESIS);
            }
            if (readByte(r, size - 1) != '\n') {
                long newline = lastNewline(r, size, (long) MAX_LINE_BYTES + 1);
                String where = newline >= 0
                        ? "its complete lines end at byte offset " + (newline + 1) + " (the last "
                                + (size - newline - 1) + " bytes are the incomplete line)"
                        : newline == -1 ? "it has no complete line at all (truncate it to 0 bytes)"
                        : "no line break in its last " + (MAX_LINE_BYTES + 1) + " bytes: it is not an audit file";
                throw new IllegalStateException("audit file " + file + " ends with an incomplete line (a crash in the "
                        + "middle of a write, or a cut file): refusing to append after it; " + where
                        + ". Keep a copy, check it with AuditVerifier, truncate it after its last complete line "
                        + "and open it again");
            }
            long end = size - 1;
            long newline = lastNewline(r, end, (long) MAX_LINE_BYTES + 1);
            if (newline == -2) {
                throw new IllegalStateException("cannot continue the audit chain of " + file + ": its last line is longer than "
                        + MAX_LINE_BYTES + " bytes; check the file with AuditVerifier");
            }
            long start = newline + 1;
            byte[] line = new byte[(int) (end - start)];
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                if (r.read(buffer, start + buffer.position()) < 0) {
                    throw new IOException("file shrank while being read");
                }
            }
            AuditVerifier.Checked checked = AuditVerifier.check(line, line.length, sha256());
            if (checked.problem() != null) {
                throw new IllegalStateException("cannot continue the audit chain of " + file + ": its last line (at byte "
                        + "offset " + start + ") is not a valid record: " + checked.problem()
                        + "; check the file with AuditVerifier");
            }
            return new Tail(size, new ChainHead(checked.seq(), checked.hash()));
        }
    }

    private static int readByte(FileChannel r, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        if (r.read(one, position) != 1) {
            throw new IOException("file shrank while being read");
        }
        return one.get(0);
    }

    /**
     * Position of the last {@code '\n'} before {@code end}, looking back at most {@code limit} bytes; -1 if
     * there is none down to the start of the file, -2 if there is none within the limit.
     */
    private static long lastNewline(FileChannel r, long end, long limit) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(8192);
        long floor = Math.max(0, end - limit);
        long pos = end;
        while (pos > floor) {
            int n = (int) Math.min(block.capacity(), pos - floor);
            block.clear().limit(n);
            long from = pos - n;
            while (block.hasRemaining()) {
                if (r.read(block, from + block.position()) < 0) {
                    throw new IOException("file shrank while being read");
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    return from + i;
                }
            }
            pos = from;
        }
        return floor == 0 ? -1 : -2;
    }
}
