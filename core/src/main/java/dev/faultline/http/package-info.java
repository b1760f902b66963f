/**
 * The adapter SPI: what only adapters (and integrations built on one) use. The views of a request
 * and response ({@link dev.faultline.http.RequestView}, {@link dev.faultline.http.ResponseView}), the
 * exchange lifecycle ({@link dev.faultline.http.Exchange}: fail, record, close, captures, the reply
 * decision) and the replies it decides ({@link dev.faultline.http.HttpReply},
 * {@link dev.faultline.http.ErrorReply}), and the rules every adapter applies alike: which status
 * becomes a problem and which headers describe a body ({@link dev.faultline.http.HttpReply}), how a
 * reply's headers are written ({@link dev.faultline.http.HttpReply#writeHeaders}), how bodies are
 * counted and captured ({@link dev.faultline.http.BodyTee}, {@link dev.faultline.http.CapturingInputStream},
 * {@link dev.faultline.http.CapturingOutputStream}) and how a failure of the request body is known as
 * the client's ({@link dev.faultline.http.BodyFailure}, {@link dev.faultline.http.WatchedReader}).
 * Application code uses {@link dev.faultline.RequestContext} instead.
 */
@NullMarked
package dev.faultline.http;

import org.jspecify.annotations.NullMarked;
