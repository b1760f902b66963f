/**
 * Security: the settings ({@link dev.faultline.security.SecurityConfig}), attack signatures in linear
 * time ({@link dev.faultline.security.SignatureScanner}, {@link dev.faultline.security.RequestScanner}),
 * the client address behind trusted proxies ({@link dev.faultline.security.ClientIpResolver}), and what
 * the security monitor reports ({@link dev.faultline.security.ScanReport},
 * {@link dev.faultline.security.SecurityStats}). The monitor itself, which rate-limits clients, counts
 * findings and logs them, is core's own.
 *
 * <p>Nothing here logs or blocks: these types answer questions ("what does this request look like?",
 * "who is the client?"); the exchange decides what to do with the answers. No finding ever carries the
 * inspected value, only where it was found.
 */
@NullMarked
package dev.faultline.security;

import org.jspecify.annotations.NullMarked;
