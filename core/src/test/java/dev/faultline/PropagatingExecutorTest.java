package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.http.Exchange;
import dev.faultline.testkit.TestRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@DisplayName("Faultline.propagating(executor)")
class PropagatingExecutorTest {

    @Test
    @DisplayName("runs a task bound to the exchange that was current when it was submitted, and leaves the thread clean")
    void carriesTheExchange() throws Exception {
        Faultline f = Faultline.builder().settings(n -> null).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            var executor = Faultline.propagating(pool);
            Exchange x = f.open(TestRequest.get("/a").header("X-Request-Id", "prop-1"));
            CompletableFuture<String> seen = new CompletableFuture<>();
            try (Exchange.Scope ignored = x.bind()) {
                executor.execute(() -> seen.complete(MDC.get("request_id") + "|"
                        + Faultline.current().map(RequestContext::requestId).orElse("none")));
            }
            assertEquals("prop-1|prop-1", seen.get(10, TimeUnit.SECONDS));
            CompletableFuture<String> after = new CompletableFuture<>();
            executor.execute(() -> after.complete(MDC.get("request_id") + "|"
                    + Faultline.current().map(RequestContext::requestId).orElse("none")));
            assertEquals("null|none", after.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }
}
