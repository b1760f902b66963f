/**
 * One complete application per server, each the README's quick start for it: {@code GET /hello}
 * answers {@code hello}, and {@code GET /fail} throws, which Faultline answers with a 500
 * {@code application/problem+json} body carrying the request id (the exception's message stays in the
 * log). Each {@code main} runs on 127.0.0.1:8080; {@code start(faultline, port)} is what the tests call.
 * The README shows these files verbatim ({@code QuickStartReadmeTest} keeps them equal).
 */
@NullMarked
package dev.faultline.examples.quickstart;

import org.jspecify.annotations.NullMarked;
