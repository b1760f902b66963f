package dev.faultline.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The rules every adapter applies, kept once in the SPI. */
@DisplayName("The adapter SPI's shared rules")
class AdapterRulesTest {

    private static final byte[] BODY = "{\"title\":\"a video\",\"script\":\"hello world\"}".getBytes(StandardCharsets.UTF_8);

    @Nested
    @DisplayName("a status becomes a problem")
    class ProblemStatus {

        @Test
        @DisplayName("from 400 to 599, and nothing else")
        void range() {
            assertFalse(HttpReply.isProblemStatus(399));
            assertTrue(HttpReply.isProblemStatus(400));
            assertTrue(HttpReply.isProblemStatus(404));
            assertTrue(HttpReply.isProblemStatus(599));
            assertFalse(HttpReply.isProblemStatus(600));
            assertFalse(HttpReply.isProblemStatus(200));
            assertFalse(HttpReply.isProblemStatus(302));
        }
    }

    @Nested
    @DisplayName("entity headers")
    class EntityHeaders {

        @Test
        @DisplayName("are the body-describing headers, in any case; Allow, WWW-Authenticate and cookies are not")
        void caseInsensitive() {
            assertTrue(HttpReply.isEntityHeader("content-type"));
            assertTrue(HttpReply.isEntityHeader("ETAG"));
            assertTrue(HttpReply.isEntityHeader("Location"));
            assertFalse(HttpReply.isEntityHeader("Allow"));
            assertFalse(HttpReply.isEntityHeader("WWW-Authenticate"));
            assertFalse(HttpReply.isEntityHeader("Set-Cookie"));
        }
    }

    @Nested
    @DisplayName("writeHeaders")
    class WriteHeaders {

        @Test
        @DisplayName("sets the first value of each name and adds the others, whatever their case")
        void setFirstAddRest() {
            HttpReply reply = HttpReply.of(503, List.of(Map.entry("Content-Type", "application/problem+json"),
                    Map.entry("Link", "<a>"), Map.entry("X-Request-Id", "r1"), Map.entry("link", "<b>")), new byte[0]);
            List<String> calls = new ArrayList<>();
            reply.writeHeaders(new HttpReply.HeaderWriter() {
                @Override
                public void set(String name, String value) {
                    calls.add("set " + name + ": " + value);
                }

                @Override
                public void add(String name, String value) {
                    calls.add("add " + name + ": " + value);
                }
            });
            assertEquals(List.of("set Content-Type: application/problem+json", "set Link: <a>", "set X-Request-Id: r1",
                    "add link: <b>"), calls);
        }
    }

    @Nested
    @DisplayName("CapturingInputStream")
    class Input {

        @Test
        @DisplayName("passes every byte through and keeps at most the cap")
        void captures() throws IOException {
            BodyCapture c = new BodyCapture(10);
            c.describe("application/json", null, BODY.length);
            InputStream in = new CapturingInputStream(new ByteArrayInputStream(BODY), c, e -> { });
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            seen.write(in.read());
            in.transferTo(seen);
            assertArrayEquals(BODY, seen.toByteArray(), "the application reads the whole body");
            assertEquals(BODY.length, c.totalBytes());
            assertEquals(10, c.keptBytes().length);
            assertTrue(c.truncated());
            assertEquals("{\"title\":\"", c.text());
        }

        @Test
        @DisplayName("captures what the application skips")
        void skipReadsThrough() throws IOException {
            BodyCapture c = new BodyCapture(1024);
            c.describe("application/json", null, -1);
            InputStream in = new CapturingInputStream(new ByteArrayInputStream(BODY), c, e -> { });
            assertEquals(5, in.skip(5));
            in.readAllBytes();
            assertEquals(new String(BODY, StandardCharsets.UTF_8), c.text());
            assertFalse(in.markSupported());
        }

        @Test
        @DisplayName("reports the server's exception before it propagates, with or without a capture")
        void reportsFailures() {
            IOException broken = new IOException("connection reset");
            InputStream server = new InputStream() {
                @Override
                public int read() throws IOException {
                    throw broken;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    throw broken;
                }
            };
            for (BodyCapture capture : new BodyCapture[] {null, new BodyCapture(8)}) {
                List<Exception> seen = new ArrayList<>();
                InputStream in = new CapturingInputStream(server, capture, seen::add);
                assertSame(broken, assertThrows(IOException.class, in::read));
                assertSame(broken, assertThrows(IOException.class, () -> in.read(new byte[4], 0, 4)));
                assertEquals(List.of(broken, broken), seen);
            }
        }
    }

    @Nested
    @DisplayName("CapturingOutputStream and BodyTee")
    class Output {

        @Test
        @DisplayName("pass every byte through, count it, and describe the capture once, at the first byte")
        void countsAndCaptures() throws IOException {
            BodyCapture c = new BodyCapture(1024);
            AtomicInteger described = new AtomicInteger();
            BodyTee tee = new BodyTee(c, capture -> {
                described.incrementAndGet();
                capture.describe("application/json", null, -1);
            });
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            CapturingOutputStream out = new CapturingOutputStream(sink, tee);
            assertEquals(0, described.get(), "not described before the first byte: the headers may still change");
            out.write(BODY, 0, 5);
            out.write(BODY[5]);
            out.write(BODY, 6, BODY.length - 6);
            assertArrayEquals(BODY, sink.toByteArray());
            assertEquals(BODY.length, tee.count());
            assertEquals(1, described.get());
            assertEquals(new String(BODY, StandardCharsets.UTF_8), c.text());
        }

        @Test
        @DisplayName("count without a capture")
        void countsOnly() throws IOException {
            CapturingOutputStream out = new CapturingOutputStream(OutputStream.nullOutputStream(), BodyTee.counting());
            out.write(BODY);
            out.write(1);
            assertEquals(BODY.length + 1, out.tee().count());
            assertNull(out.tee().capture());
        }

        @Test
        @DisplayName("note a flush, and close the server's stream without flushing it first")
        void flushAndClose() throws IOException {
            List<String> calls = new ArrayList<>();
            OutputStream server = new OutputStream() {
                @Override
                public void write(int b) {
                    calls.add("write");
                }

                @Override
                public void flush() {
                    calls.add("flush");
                }

                @Override
                public void close() {
                    calls.add("close");
                }
            };
            CapturingOutputStream out = new CapturingOutputStream(server, BodyTee.counting());
            out.write(1);
            out.close();
            assertFalse(out.flushed());
            assertEquals(List.of("write", "close"), calls);
            out.flush();
            assertTrue(out.flushed());
        }

        @Test
        @DisplayName("discard: the count and the captured bytes start again, and the capture is described again")
        void discard() {
            BodyCapture c = new BodyCapture(64);
            AtomicInteger described = new AtomicInteger();
            BodyTee tee = new BodyTee(c, capture -> capture.describe(
                    described.incrementAndGet() == 1 ? "text/html" : "application/problem+json", null, -1));
            tee.write("<html>".getBytes(StandardCharsets.UTF_8), 0, 6);
            tee.discard();
            assertEquals(0, tee.count());
            byte[] problem = "{\"status\":500}".getBytes(StandardCharsets.UTF_8);
            tee.write(problem, 0, problem.length);
            assertEquals(problem.length, tee.count());
            assertEquals("{\"status\":500}", c.text());
            assertEquals("application/problem+json", c.contentType());
        }
    }

    @Nested
    @DisplayName("WatchedReader")
    class Reader {

        @Test
        @DisplayName("reads through, and reports the server's exception before it propagates")
        void watches() throws IOException {
            assertEquals("line", new WatchedReader(new StringReader("line\n"), e -> { }).readLine());
            IOException broken = new IOException("early EOF");
            java.io.Reader server = new java.io.Reader() {
                @Override
                public int read(char[] cbuf, int off, int len) throws IOException {
                    throw broken;
                }

                @Override
                public void close() {
                }
            };
            List<Exception> seen = new ArrayList<>();
            WatchedReader in = new WatchedReader(server, seen::add);
            assertSame(broken, assertThrows(IOException.class, in::readLine));
            assertSame(broken, assertThrows(IOException.class, in::read));
            assertEquals(List.of(broken, broken), seen);
        }
    }

    @Nested
    @DisplayName("BodyFailure")
    class BodyFailures {

        private final dev.faultline.error.ErrorClassifier classifier = dev.faultline.error.ErrorClassifier.create();

        @Test
        @DisplayName("knows a failure that wraps what the body stream threw, and no other")
        void caused() {
            BodyFailure body = new BodyFailure();
            IOException parser = new IOException("invalid chunk size");
            RuntimeException wrapped = new IllegalStateException("could not read the order", new RuntimeException(parser));
            assertFalse(body.caused(wrapped), "nothing was thrown yet");
            body.accept(parser);
            assertTrue(body.caused(wrapped));
            assertTrue(body.caused(parser));
            assertFalse(body.caused(new IllegalStateException("elsewhere")));
            assertSame(parser, body.last());
        }

        @Test
        @DisplayName("makes a body failure the classifier takes for a server error a 400, and leaves the others")
        void asClientFault() {
            BodyFailure body = new BodyFailure();
            IOException parser = new IOException("invalid chunk size");
            body.accept(parser);
            RuntimeException wrapped = new IllegalStateException("could not read the order", parser);
            Throwable fault = body.asClientFault(wrapped, classifier);
            assertEquals(400, classifier.classify(fault).status());
            assertSame(wrapped, fault.getCause());
            RuntimeException unrelated = new IllegalStateException("a bug");
            assertSame(unrelated, body.asClientFault(unrelated, classifier));
        }
    }

    @Nested
    @DisplayName("ServerRefusal")
    class Refusals {

        @Test
        @DisplayName("keeps the server's 4xx and makes any other status it chose for the client's bytes a 400")
        void clientStatus() {
            assertEquals(431, ServerRefusal.clientStatus(431));
            assertEquals(400, ServerRefusal.clientStatus(400));
            assertEquals(400, ServerRefusal.clientStatus(505));
            assertEquals(400, ServerRefusal.clientStatus(501));
            assertEquals(400, ServerRefusal.clientStatus(500));
        }

        @Test
        @DisplayName("records a client fault with the status, whose public detail does not quote the request")
        void failure() {
            dev.faultline.error.ErrorClassifier classifier = dev.faultline.error.ErrorClassifier.create();
            IllegalArgumentException parser = new IllegalArgumentException("bad header: <script>");
            dev.faultline.error.FaultlineException f = ServerRefusal.failure(431, "header too large", parser);
            assertEquals(431, classifier.classify(f).status());
            assertSame(parser, f.getCause());
            assertFalse(String.valueOf(f.publicDetail()).contains("script"));
            assertEquals(400, classifier.classify(ServerRefusal.failure(400, null, null)).status());
        }
    }

    @Nested
    @DisplayName("the view of a refused request")
    class RefusedRequestView {

        @Test
        @DisplayName("what the server could not parse becomes UNKNOWN, / and no query")
        void normalises() {
            RequestView v = new ServerRefusal.RefusedRequest(null, "", "", null, ServerRefusal.RefusedRequest.Headers.NONE);
            assertEquals(List.of("UNKNOWN", "/"), List.of(v.method(), v.path()));
            assertNull(v.query());
            assertNull(v.header("host"));
            List<String> seen = new ArrayList<>();
            v.forEachHeader((n, value) -> seen.add(n));
            assertEquals(List.of(), seen);
        }

        @Test
        @DisplayName("what the server parsed is kept as it is, headers through the server's lookup")
        void keeps() {
            RequestView v = new ServerRefusal.RefusedRequest("GET", "/videos", "page=2", "127.0.0.1",
                    new ServerRefusal.RefusedRequest.Headers() {
                        @Override
                        public String get(String name) {
                            return "host".equalsIgnoreCase(name) ? "example.test" : null;
                        }

                        @Override
                        public void forEach(java.util.function.BiConsumer<String, String> action) {
                            action.accept("Host", "example.test");
                        }
                    });
            assertEquals(List.of("GET", "/videos", "page=2", "127.0.0.1", "example.test"),
                    List.of(v.method(), v.path(), v.query(), v.remoteAddress(), v.header("HOST")));
            List<String> seen = new ArrayList<>();
            v.forEachHeader((n, value) -> seen.add(n + "=" + value));
            assertEquals(List.of("Host=example.test"), seen);
        }
    }
}
