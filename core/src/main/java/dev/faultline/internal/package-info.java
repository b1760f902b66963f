/** Implementation details shared inside the core. Not API: may change in any release. */
@NullMarked
package dev.faultline.internal;

import org.jspecify.annotations.NullMarked;
