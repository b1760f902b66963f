/**
 * The security engine: per-client rate limiting (a token bucket per client) and the signature scan of
 * every request and captured body, counting and logging what it finds. Built from
 * {@link dev.faultline.security.SecurityConfig}; only core's pipeline admits requests, inspects bodies
 * and reports client faults through it. Not exported: not API, may change in any release.
 */
@NullMarked
package dev.faultline.internal.security;

import org.jspecify.annotations.NullMarked;
