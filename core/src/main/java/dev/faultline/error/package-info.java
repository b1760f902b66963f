/** The error taxonomy, the exceptions applications throw, classification and RFC 9457 problems. */
@NullMarked
package dev.faultline.error;

import org.jspecify.annotations.NullMarked;
