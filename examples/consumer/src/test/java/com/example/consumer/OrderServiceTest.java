package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Faultline, as published, answers a failing request of a user's Undertow service with a problem. */
class OrderServiceTest {

    private static final Pattern REQUEST_ID = Pattern.compile("\"request_id\"\\s*:\\s*\"([^\"]+)\"");

    private static OrderService service;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        service = OrderService.start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aKnownOrderIsServedAsTheApplicationWroteIt() throws Exception {
        HttpResponse<String> response = get("/orders/1");
        assertEquals(200, response.statusCode());
        assertEquals("{\"id\":\"1\"}", response.body());
        assertTrue(response.headers().firstValue("X-Request-Id").isPresent(), "every exchange gets a request id");
    }

    @Test
    void aThrownNotFoundBecomesA404ProblemWithTheRequestId() throws Exception {
        HttpResponse<String> response = get("/orders/2");
        assertEquals(404, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        String body = response.body();
        assertTrue(body.contains("\"status\":404"), body);
        assertTrue(body.contains("\"error_type\":\"not_found\""), body);
        assertTrue(body.contains("\"detail\":\"Order not found\""), body);
        assertFalse(body.contains("no order 2"), "the internal message stays internal: " + body);
        String header = response.headers().firstValue("X-Request-Id").orElseThrow();
        Matcher id = REQUEST_ID.matcher(body);
        assertTrue(id.find(), body);
        assertEquals(header, id.group(1), "the body names the request id of the X-Request-Id header");
    }

    @Test
    void anUnexpectedExceptionBecomesA500ProblemThatLeaksNothing() throws Exception {
        HttpResponse<String> response = get("/crash");
        assertEquals(500, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        String body = response.body();
        assertTrue(body.contains("\"error_type\":\"internal\""), body);
        assertFalse(body.contains(OrderService.INTERNAL_MESSAGE), body);
        assertFalse(body.contains("IllegalStateException"), body);
        Matcher id = REQUEST_ID.matcher(body);
        assertTrue(id.find(), body);
        assertEquals(response.headers().firstValue("X-Request-Id").orElseThrow(), id.group(1));
    }
}
