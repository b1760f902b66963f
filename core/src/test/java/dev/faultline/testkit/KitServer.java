package dev.faultline.testkit;

import java.net.URI;

/** A running server under test, started by an adapter's kit subclass on 127.0.0.1 and a free port. */
public interface KitServer extends AutoCloseable {

    /** {@code http://127.0.0.1:<port>} with no trailing slash. */
    URI baseUri();

    /** Stops the server; must not throw for an already stopped one. */
    @Override
    void close() throws Exception;
}
