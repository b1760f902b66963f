package dev.faultline.undertow;

import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The request framing checks Undertow leaves to the application (RFC 9112 §6.1): a
 * {@code Transfer-Encoding} whose last coding is not exactly {@code chunked} leaves the body's length
 * unknown — Undertow reads such a body until the connection closes, or takes {@code xchunked} for
 * chunked — so it is refused with a 400 before the application runs. Conflicting or doubled
 * {@code Content-Length} and {@code Content-Length} with {@code Transfer-Encoding} Undertow refuses
 * itself, before any handler. Stateless.
 */
final class Framing {

    private Framing() {
    }

    /** What is wrong with the request's framing, or {@code null} when nothing is. */
    static @Nullable String check(HttpServerExchange exchange) {
        HeaderValues te = exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
        if (te == null || te.isEmpty()) {
            return null;
        }
        String last = null;
        for (String value : te) {
            for (String coding : value.split(",")) {
                String c = coding.trim().toLowerCase(Locale.ROOT);
                if (!c.isEmpty()) {
                    last = c;
                }
            }
        }
        return "chunked".equals(last) ? null : "Transfer-Encoding does not end with chunked";
    }

    /** The refusal: a 400 problem whose public detail says what was wrong, without echoing the request. */
    static FaultlineException refusal(String problem) {
        return new FaultlineException(ErrorType.VALIDATION, "The request's framing is not valid: " + problem + ".",
                problem, null);
    }
}
