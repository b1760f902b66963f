/**
 * The recovery engine: runs the configured strategies and stale-if-error for a failed request, and
 * sheds failing routes. Built from {@link dev.faultline.recovery.RecoveryConfig}; only core's pipeline
 * calls it. Not exported: not API, may change in any release.
 */
@NullMarked
package dev.faultline.internal.recovery;

import org.jspecify.annotations.NullMarked;
