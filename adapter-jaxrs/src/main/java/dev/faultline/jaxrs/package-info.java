/**
 * Faultline for Jakarta REST (Jersey, RESTEasy and any runtime of Jakarta REST 4.0):
 * {@link dev.faultline.jaxrs.FaultlineFeature}.
 */
@NullMarked
package dev.faultline.jaxrs;

import org.jspecify.annotations.NullMarked;
