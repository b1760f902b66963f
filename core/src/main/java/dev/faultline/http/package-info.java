/** The adapter SPI: the views of a request and response, the exchange lifecycle and error replies. */
@NullMarked
package dev.faultline.http;

import org.jspecify.annotations.NullMarked;
