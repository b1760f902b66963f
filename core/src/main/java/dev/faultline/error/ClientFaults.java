package dev.faultline.error;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Built-in knowledge of a client that went away or stopped sending: the failure is the client's
 * connection, not the service, and classifies as {@link ErrorType#CLIENT_CLOSED}; and of a request body
 * whose framing the server's parser refused mid-read (a 400, see {@link #classify(Throwable)}).
 *
 * <p>Two kinds of evidence, both matched by name so that the core needs no server on its class path:
 * <ul>
 *   <li><b>the servers' own exceptions</b> for it, wherever they are in the cause chain: Jetty's
 *       {@code EofException}, Tomcat's {@code ClientAbortException}, Helidon's
 *       {@code DataReader$InsufficientDataAvailableException}, Undertow's {@code UT000128} (a plain
 *       {@code IOException} recognised by its message code); Grizzly has no class of its own and is
 *       covered by the second kind;</li>
 *   <li><b>generic I/O failures</b> that mean a dead peer ({@code ClosedChannelException},
 *       {@code EOFException}, "Broken pipe", "Connection reset", "Connection closed") — but only when
 *       the server's own connection threw them: the first frame of their stack trace outside the JDK
 *       belongs to a server's I/O layer (Undertow/XNIO, Jetty, Tomcat, Grizzly, Helidon). The same
 *       exception from a database driver or an HTTP client the application calls is the service's
 *       problem and keeps its ordinary classification.</li>
 * </ul>
 *
 * <p>Consulted by {@link ErrorClassifier} after user rules and {@link FaultlineException}s and before the
 * rest of the built-in knowledge. Not cached: the second kind looks at the instance (a message and a few
 * stack frames, only for the handful of I/O classes named above). Stateless and thread-safe.
 */
final class ClientFaults {

    /** Exceptions that only a server's connection to its client throws. */
    private static final Set<String> CLIENT_GONE = Set.of(
            "org.eclipse.jetty.io.EofException",
            "org.apache.catalina.connector.ClientAbortException",
            "io.helidon.common.buffers.DataReader$InsufficientDataAvailableException");

    /** Generic I/O exceptions that mean a dead peer when the server's connection throws them. */
    private static final Set<String> DEAD_PEER = Set.of(
            "java.nio.channels.ClosedChannelException",
            "java.nio.channels.AsynchronousCloseException",
            "java.io.EOFException",
            "java.io.IOException",
            "java.net.SocketException");

    /**
     * Undertow's message codes for a peer that closed early (UT000128: while reading a fixed-length body;
     * UT000029: in the middle of a chunk; UT000036: while parsing multipart data).
     */
    private static final String[] UNDERTOW_CODES = {"UT000128", "UT000029", "UT000036"};

    /** Exceptions of a request body whose framing is malformed: a 400, the client's bytes are at fault. */
    private static final Set<String> MALFORMED = Set.of("org.apache.coyote.BadRequestException");

    /**
     * Undertow's message codes for a malformed request body: chunked framing (UT000042 trailers, UT000195
     * chunk size), form decoding (UT000047 too many parameters, UT000072 an undecodable escape), a gzip
     * request body (UT000156, UT000157).
     */
    private static final String[] UNDERTOW_MALFORMED = {"UT000042", "UT000195", "UT000047", "UT000072", "UT000156",
            "UT000157"};

    /** Messages of a dead peer, lower-cased. */
    private static final String[] DEAD_PEER_MESSAGES = {"broken pipe", "connection reset", "connection closed",
            "connection was aborted", "an established connection was aborted", "stream is closed", "peer closed"};

    /** Packages of the servers' I/O layers. */
    private static final String[] SERVER_IO = {"io.undertow.", "org.xnio.", "org.eclipse.jetty.", "org.apache.coyote.",
            "org.apache.catalina.connector.", "org.apache.tomcat.util.net.", "org.glassfish.grizzly.",
            "io.helidon.webserver.", "io.helidon.common.socket.", "io.helidon.common.buffers.", "io.helidon.http."};

    private ClientFaults() {
    }

    /**
     * {@link ErrorType#CLIENT_CLOSED} when {@code throwable}'s chain shows a client that went away; a 400
     * {@link ErrorType#VALIDATION} when it shows a request body with malformed framing (Undertow's
     * {@code UT000042} trailers and {@code UT000195} chunk size, Tomcat's {@code BadRequestException});
     * else {@code null}.
     */
    static @Nullable Classification classify(Throwable throwable) {
        Throwable t = throwable;
        for (int depth = 0; t != null && depth < ErrorClassifier.MAX_CHAIN_DEPTH; depth++, t = cause(t)) {
            if (clientGone(t)) {
                return Classification.of(ErrorType.CLIENT_CLOSED);
            }
            if (malformed(t)) {
                return Classification.of(ErrorType.VALIDATION);
            }
        }
        return null;
    }

    private static boolean malformed(Throwable t) {
        if (MALFORMED.contains(t.getClass().getName())) {
            return true;
        }
        if (!(t instanceof java.io.IOException || t instanceof IllegalArgumentException
                || t.getClass().getName().startsWith("io.undertow."))) {
            return false;
        }
        String message = message(t);
        for (String code : UNDERTOW_MALFORMED) {
            if (message.startsWith(code)) {
                return true;
            }
        }
        return false;
    }

    private static boolean clientGone(Throwable t) {
        boolean generic = false;
        for (Class<?> c = t.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) {
            String name = c.getName();
            if (CLIENT_GONE.contains(name)) {
                return true;
            }
            if (DEAD_PEER.contains(name)) {
                generic = true;
                break;
            }
        }
        if (!generic) {
            return false;
        }
        String message = message(t);
        for (String code : UNDERTOW_CODES) {
            if (message.startsWith(code)) {
                return true;
            }
        }
        boolean deadPeer = t instanceof java.nio.channels.ClosedChannelException || t instanceof java.io.EOFException;
        if (!deadPeer) {
            String lower = message.toLowerCase(Locale.ROOT);
            for (String m : DEAD_PEER_MESSAGES) {
                if (lower.contains(m)) {
                    deadPeer = true;
                    break;
                }
            }
        }
        return deadPeer && thrownByServerIo(t);
    }

    /** Whether the first frame outside the JDK is in a server's I/O layer. */
    private static boolean thrownByServerIo(Throwable t) {
        StackTraceElement[] frames;
        try {
            frames = t.getStackTrace();
        } catch (RuntimeException unreadable) {
            return false;
        }
        for (StackTraceElement f : frames) {
            String cls = f.getClassName();
            if (cls.startsWith("java.") || cls.startsWith("javax.") || cls.startsWith("jdk.") || cls.startsWith("sun.")
                    || cls.startsWith("com.sun.")) {
                continue;
            }
            for (String p : SERVER_IO) {
                if (cls.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    private static String message(Throwable t) {
        try {
            String m = t.getMessage();
            return m == null ? "" : m;
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    private static @Nullable Throwable cause(Throwable t) {
        try {
            Throwable c = t.getCause();
            return c == t ? null : c;
        } catch (Throwable unreadable) {
            return null;
        }
    }
}
