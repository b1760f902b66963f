package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.http.Exchange;
import dev.faultline.testkit.TestRequest;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@DisplayName("RequestContext, the application's handle")
class RequestContextTest {

    private final Faultline faultline = Faultline.builder().environment(Environment.PRODUCTION)
            .settings(name -> null).alertingEnabled(false).build();

    @Test
    @DisplayName("is one object per exchange that is not the exchange and cannot be cast to the SPI")
    void distinct() {
        Exchange x = faultline.open(TestRequest.get("/a").header("X-Request-Id", "ctx-1"));
        RequestContext c = Faultline.requestContext(x);
        assertSame(c, Faultline.requestContext(x));
        assertFalse(Exchange.class.isInstance(c));
        assertFalse(Exchange.Scope.class.isAssignableFrom(RequestContext.class));
        assertEquals("ctx-1", c.requestId());
    }

    @Test
    @DisplayName("Faultline.current() is the bound request's handle, and empty outside one")
    void current() {
        assertEquals(Optional.empty(), Faultline.current());
        Exchange x = faultline.open(TestRequest.get("/a"));
        try (Exchange.Scope ignored = x.bind()) {
            assertSame(Faultline.requestContext(x), Faultline.current().orElseThrow());
        }
        assertEquals(Optional.empty(), Faultline.current());
    }

    @Test
    @DisplayName("sets the user id on the exchange and, while bound, in the MDC")
    void userId() {
        Exchange x = faultline.open(TestRequest.get("/a"));
        RequestContext c = Faultline.requestContext(x);
        try (RequestContext.Scope ignored = c.bind()) {
            c.userId("alice");
            assertEquals("alice", MDC.get("user_id"));
        }
        assertNull(MDC.get("user_id"));
        assertEquals(Optional.of("alice"), x.userId());
        assertEquals(Optional.of("alice"), c.userId());
    }

    @Test
    @DisplayName("wrap(executor) runs every task bound to the request, and leaves the worker clean")
    void wrap() throws Exception {
        Exchange x = faultline.open(TestRequest.get("/a").header("X-Request-Id", "ctx-2"));
        RequestContext c = Faultline.requestContext(x);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<String> seen = new AtomicReference<>();
            c.wrap(pool).execute(() -> seen.set(MDC.get("request_id") + " " + Faultline.current().map(RequestContext::requestId).orElse("none")));
            AtomicReference<String> after = new AtomicReference<>();
            pool.submit(() -> after.set(MDC.get("request_id") + " " + Faultline.current().isPresent())).get(5, TimeUnit.SECONDS);
            assertEquals("ctx-2 ctx-2", seen.get());
            assertEquals("null false", after.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("business events in the request carry its request id and user id")
    void businessEvents() {
        Exchange x = faultline.open(TestRequest.get("/a").header("X-Request-Id", "ctx-3"));
        x.userId("bob");
        DefaultExchange.Current current = DefaultExchange.Current.INSTANCE;
        assertNull(current.requestId());
        try (Exchange.Scope ignored = x.bind()) {
            assertEquals("ctx-3", current.requestId());
            assertEquals("bob", current.userId());
        }
        assertTrue(current.userId() == null);
    }
}
