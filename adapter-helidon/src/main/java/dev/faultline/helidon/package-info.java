/** Faultline for Helidon 4 SE: {@link dev.faultline.helidon.FaultlineFeature}. */
@NullMarked
package dev.faultline.helidon;

import org.jspecify.annotations.NullMarked;
