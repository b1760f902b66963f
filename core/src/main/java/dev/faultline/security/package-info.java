/**
 * The security monitor's engine: attack signatures in linear time ({@link
 * dev.faultline.security.SignatureScanner}, {@link dev.faultline.security.RequestScanner}), per-client
 * rate limits (a token bucket per client) and the client address behind
 * trusted proxies ({@link dev.faultline.security.ClientIpResolver}).
 *
 * <p>Nothing here logs or blocks: these types answer questions ("what does this request look like?",
 * "may this client go on?", "who is the client?"); the exchange decides what to do with the answers.
 * No finding ever carries the inspected value, only where it was found.
 */
@NullMarked
package dev.faultline.security;

import org.jspecify.annotations.NullMarked;
