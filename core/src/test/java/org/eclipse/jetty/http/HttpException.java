package org.eclipse.jetty.http;

/**
 * Stands for Jetty 12's {@code HttpException} in core's own tests: the classifier recognises it by name
 * and reads {@code getCode()}. Not shipped (the test-jar holds only the conformance kit).
 */
public interface HttpException {
    int getCode();
}
