package dev.faultline.jaxrs;

/**
 * The entity the exception mapper answers with: the failure itself, turned into a problem by the
 * response filter, which has the request's exchange (the mapper has not: it may run on any thread, and
 * Jakarta REST injects no request context into providers).
 *
 * @param error what was thrown
 * @param status the status a {@code WebApplicationException} carries, or 0 to classify {@code error}
 */
record Failure(Throwable error, int status) {
}
