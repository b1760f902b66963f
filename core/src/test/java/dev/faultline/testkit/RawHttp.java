package dev.faultline.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A deliberately dumb HTTP/1.1 client over a raw {@link Socket}, for the hostile part of the kit: it
 * sends exactly the bytes it is given (an HTTP client library refuses to send most of them), then reads
 * at most a fixed number of responses, and reports any further status line the server writes on the
 * same connection.
 *
 * <p>Everything is bounded: connect and read timeouts, the bytes read per response
 * ({@value #MAX_RESPONSE_BYTES}), the number of responses read, and the time spent watching for an extra
 * response after the expected ones ({@link Options#linger()}). Loopback only: the target must be
 * {@code 127.0.0.1}. Not thread-safe; one instance per target, each {@link #exchange} on its own
 * connection.
 */
public final class RawHttp {

    /** At most this many bytes are read per response (status line, headers and body). */
    public static final int MAX_RESPONSE_BYTES = 256 * 1024;

    private final String host;
    private final int port;

    private RawHttp(String host, int port) {
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            throw new IllegalArgumentException("the hostile kit talks to loopback only: " + host);
        }
        this.host = host;
        this.port = port;
    }

    /** A client for the server at {@code base} ({@code http://127.0.0.1:<port>}). */
    public static RawHttp to(URI base) {
        return new RawHttp(base.getHost(), base.getPort());
    }

    /** A client for {@code 127.0.0.1:port}. */
    public static RawHttp to(int port) {
        return new RawHttp("127.0.0.1", port);
    }

    /** {@code host:port}, as a {@code Host} header value. */
    public String authority() {
        return host + ":" + port;
    }

    /** The port. */
    public int port() {
        return port;
    }

    /**
     * How to send and how much to read.
     *
     * @param responses how many responses to read at most (1, or 2 for pipelined requests)
     * @param readTimeout the longest wait for the next bytes of a response
     * @param linger after the expected responses, how long to watch for an extra status line
     * @param hangUp close the socket right after sending, reading nothing (a client that goes away)
     * @param chunkDelay when not zero, send the bytes in {@code chunkSize} pieces with this pause between
     *     them (a slow client); the total time is bounded by the caller's bytes
     * @param chunkSize the piece size for a slow send
     * @param stallAfterSend after sending, wait this long without reading before reading (a stalled client)
     */
    public record Options(int responses, Duration readTimeout, Duration linger, boolean hangUp,
            Duration chunkDelay, int chunkSize, Duration stallAfterSend) {

        public Options {
            if (responses < 0 || responses > 8) {
                throw new IllegalArgumentException("responses must be in 0..8: " + responses);
            }
            Objects.requireNonNull(readTimeout, "readTimeout");
            Objects.requireNonNull(linger, "linger");
            Objects.requireNonNull(chunkDelay, "chunkDelay");
            Objects.requireNonNull(stallAfterSend, "stallAfterSend");
            if (chunkSize < 1) {
                throw new IllegalArgumentException("chunkSize must be at least 1: " + chunkSize);
            }
        }

        /** One response, 5 s read timeout, 300 ms linger. */
        public static Options standard() {
            return new Options(1, Duration.ofSeconds(5), Duration.ofMillis(300), false, Duration.ZERO, 1, Duration.ZERO);
        }

        public Options responses(int n) {
            return new Options(n, readTimeout, linger, hangUp, chunkDelay, chunkSize, stallAfterSend);
        }

        public Options readTimeout(Duration d) {
            return new Options(responses, d, linger, hangUp, chunkDelay, chunkSize, stallAfterSend);
        }

        public Options linger(Duration d) {
            return new Options(responses, readTimeout, d, hangUp, chunkDelay, chunkSize, stallAfterSend);
        }

        /** Send, then close without reading: the client went away. */
        public Options closeAfterSend() {
            return new Options(0, readTimeout, Duration.ZERO, true, chunkDelay, chunkSize, stallAfterSend);
        }

        /** Send in {@code size}-byte pieces with {@code delay} between them. */
        public Options slowly(int size, Duration delay) {
            return new Options(responses, readTimeout, linger, hangUp, delay, size, stallAfterSend);
        }

        /** After sending, wait {@code d} before reading. */
        public Options stall(Duration d) {
            return new Options(responses, readTimeout, linger, hangUp, chunkDelay, chunkSize, d);
        }
    }

    /** One parsed response. Header names are lower-cased; a header sent twice keeps both values. */
    public record Response(String statusLine, int status, Map<String, List<String>> headers, String body) {

        /** The first value of a header, or {@code null}. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        @Override
        public String toString() {
            return statusLine + " " + headers + " body=" + (body.length() > 400 ? body.substring(0, 400) + "..." : body);
        }
    }

    /**
     * What came back on the connection.
     *
     * @param responses the responses read, at most {@link Options#responses()}
     * @param extra responses that arrived after the expected ones, within the linger time (a double response)
     * @param closedByServer whether the server closed the connection (end of stream or reset) while we read
     * @param timedOut whether a read timed out while a response was expected
     * @param unparsable bytes the server sent that were not an HTTP/1.x response (e.g. an HTTP/0.9 answer), or empty
     */
    public record Result(List<Response> responses, List<Response> extra, boolean closedByServer, boolean timedOut,
            String unparsable) {

        /** How many responses came beyond the expected ones. */
        public int extraStatusLines() {
            return extra.size();
        }

        /** The expected responses and the extra ones. */
        public List<Response> all() {
            List<Response> all = new ArrayList<>(responses);
            all.addAll(extra);
            return all;
        }

        /** The only response, or {@code null} when none was read. */
        public Response response() {
            return responses.isEmpty() ? null : responses.get(0);
        }

        @Override
        public String toString() {
            return "Result[responses=" + responses + ", extra=" + extra + ", closedByServer="
                    + closedByServer + ", timedOut=" + timedOut + ", unparsable=" + abbreviate(unparsable) + "]";
        }
    }

    /** Closes sockets whose exchange overran {@link #DEADLINE}: a blocked write has no timeout of its own. */
    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "raw-http-watchdog");
                t.setDaemon(true);
                return t;
            });

    /**
     * The longest one exchange may take, sending and reading: past it the socket is closed (a server that
     * stops reading a large request without closing would otherwise block the send forever).
     */
    public static final Duration DEADLINE = Duration.ofSeconds(30);

    /** Sends {@code request} on a new connection and reads per {@code options}. Never throws for what the server does. */
    public Result exchange(byte[] request, Options options) throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            java.util.concurrent.ScheduledFuture<?> watchdog = watch(socket);
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), 5_000);
                socket.setSoTimeout((int) Math.max(1, options.readTimeout().toMillis()));
                boolean sendFailed = !send(socket, request, options);
                if (options.hangUp()) {
                    return new Result(List.of(), List.of(), sendFailed, false, ""); // closed by try-with-resources
                }
                if (!options.stallAfterSend().isZero()) {
                    Thread.sleep(options.stallAfterSend().toMillis());
                }
                return read(socket.getInputStream(), socket, options, sendFailed);
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    /** Closes {@code socket} once {@link #DEADLINE} has passed, unless cancelled first. */
    private static java.util.concurrent.ScheduledFuture<?> watch(Socket socket) {
        return WATCHDOG.schedule(() -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }, DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** {@link #exchange(byte[], Options)} of an ISO-8859-1 string (each char one byte). */
    public Result exchange(String request, Options options) throws IOException, InterruptedException {
        return exchange(request.getBytes(StandardCharsets.ISO_8859_1), options);
    }

    /** Sends {@code GET path} with {@code Connection: close} and returns the response, or {@code null}. */
    public Response get(String path) throws IOException, InterruptedException {
        Result r = exchange("GET " + path + " HTTP/1.1\r\nHost: " + authority() + "\r\nConnection: close\r\n\r\n",
                Options.standard().linger(Duration.ZERO));
        return r.response();
    }

    private static boolean send(Socket socket, byte[] request, Options options) throws InterruptedException {
        try {
            OutputStream out = socket.getOutputStream();
            if (options.chunkDelay().isZero()) {
                out.write(request);
                out.flush();
            } else {
                for (int i = 0; i < request.length; i += options.chunkSize()) {
                    out.write(request, i, Math.min(options.chunkSize(), request.length - i));
                    out.flush();
                    Thread.sleep(options.chunkDelay().toMillis());
                }
            }
            return true;
        } catch (IOException serverClosedFirst) {
            // the server refused and closed before we sent everything: read what it answered
            return false;
        }
    }

    private static Result read(InputStream raw, Socket socket, Options options, boolean sendFailed) throws IOException {
        Reader in = new Reader(raw);
        List<Response> responses = new ArrayList<>();
        List<Response> extra = new ArrayList<>();
        boolean timedOut = false;
        String unparsable = "";
        boolean lingering = false;
        try {
            while (responses.size() < options.responses() || (!options.linger().isZero() && extra.size() < 4)) {
                if (responses.size() >= options.responses() && !lingering) {
                    lingering = true; // watch a little longer for a response nobody asked for
                    socket.setSoTimeout((int) Math.max(1, options.linger().toMillis()));
                }
                String statusLine = in.line();
                if (statusLine == null) {
                    break; // closed
                }
                if (!statusLine.startsWith("HTTP/1.")) {
                    unparsable = statusLine + in.rest(4096);
                    break;
                }
                (lingering ? extra : responses).add(response(in, statusLine));
                if (in.closed) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            timedOut = !lingering;
        } catch (IOException reset) {
            in.closed = true;
        }
        return new Result(Collections.unmodifiableList(responses), Collections.unmodifiableList(extra), in.closed,
                timedOut, unparsable);
    }

    private static Response response(Reader in, String statusLine) throws IOException {
        int status = -1;
        String[] parts = statusLine.split(" ", 3);
        if (parts.length >= 2) {
            try {
                status = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException ignored) {
                status = -1;
            }
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while ((line = in.line()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        String body;
        List<String> te = headers.get("transfer-encoding");
        List<String> cl = headers.get("content-length");
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = "";
        } else if (te != null && te.toString().toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in);
        } else if (cl != null) {
            long length;
            try {
                length = Long.parseLong(cl.get(0));
            } catch (NumberFormatException e) {
                length = MAX_RESPONSE_BYTES;
            }
            body = in.bytes((int) Math.min(length, MAX_RESPONSE_BYTES));
        } else {
            body = in.rest(MAX_RESPONSE_BYTES); // until close
            in.closed = true;
        }
        return new Response(statusLine, status, Collections.unmodifiableMap(headers), body);
    }

    private static String chunked(Reader in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (b.length() < MAX_RESPONSE_BYTES) {
            String size = in.line();
            if (size == null) {
                break;
            }
            int semi = size.indexOf(';');
            int n;
            try {
                n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (n == 0) {
                String trailer;
                while ((trailer = in.line()) != null && !trailer.isEmpty()) {
                    // trailers ignored
                }
                break;
            }
            b.append(in.bytes(Math.min(n, MAX_RESPONSE_BYTES)));
            in.line(); // CRLF after the chunk
        }
        return b.toString();
    }

    /** A byte reader with a running total; lines end at LF (a CR before it is dropped). */
    private static final class Reader {
        private final InputStream in;
        boolean closed;
        long total;

        Reader(InputStream in) {
            this.in = in;
        }

        private int next() throws IOException {
            int c = in.read();
            if (c < 0) {
                closed = true;
            } else {
                total++;
            }
            return c;
        }

        /** The next line without its ending, or {@code null} at end of stream with nothing read. */
        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = next()) >= 0) {
                if (c == '\n') {
                    byte[] bytes = b.toByteArray();
                    int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
                }
                if (b.size() < 64 * 1024) {
                    b.write(c);
                }
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }

        String bytes(int n) throws IOException {
            byte[] out = in.readNBytes(n);
            total += out.length;
            if (out.length < n) {
                closed = true;
            }
            return new String(out, StandardCharsets.UTF_8);
        }

        String rest(int max) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            try {
                while (b.size() < max && (c = next()) >= 0) {
                    b.write(c);
                }
            } catch (SocketTimeoutException e) {
                // what came so far
            }
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
