/** Faultline for Undertow: {@link dev.faultline.undertow.FaultlineHandler}. */
@NullMarked
package dev.faultline.undertow;

import org.jspecify.annotations.NullMarked;
