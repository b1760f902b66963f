package dev.faultline.servlet;

import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP status a servlet container put on an exception of its own, such as the one
 * {@code getParameter} throws for a form over the container's size limit. The Servlet API has no
 * type for these, so they are recognised by name, without a compile dependency on any container:
 *
 * <ul>
 *   <li>Jetty 12: anything implementing {@code org.eclipse.jetty.http.HttpException}
 *       ({@code BadMessageException} and the {@code HttpException.RuntimeException} family), status
 *       from {@code getCode()};</li>
 *   <li>Tomcat 10.1/11: {@code org.apache.tomcat.util.http.InvalidParameterException}, status from
 *       {@code getErrorCode()}.</li>
 * </ul>
 *
 * <p>The cause chain is walked and the innermost status wins (Jetty wraps "413 form too large" in
 * "400 unable to parse form content"). Never throws. Thread-safe.
 */
final class ContainerErrors {

    private static final int MAX_DEPTH = 8;
    private static final String JETTY_HTTP_EXCEPTION = "org.eclipse.jetty.http.HttpException";
    private static final String TOMCAT_INVALID_PARAMETER = "org.apache.tomcat.util.http.InvalidParameterException";

    private ContainerErrors() {
    }

    /** The status in 400..599 the container put on {@code failure} or one of its causes, or -1. */
    static int status(Throwable failure) {
        int status = -1;
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
            int s = own(t);
            if (s >= 400 && s <= 599) {
                status = s;
            }
            Throwable cause = t.getCause();
            t = cause == t ? null : cause;
        }
        return status;
    }

    private static int own(Throwable t) {
        try {
            for (Class<?> c = t.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) {
                if (c.getName().equals(TOMCAT_INVALID_PARAMETER)) {
                    return call(c.getMethod("getErrorCode"), t);
                }
                Class<?> jetty = find(c.getInterfaces());
                if (jetty != null) {
                    return call(jetty.getMethod("getCode"), t);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unknown) {
            // another version of the container: the classifier decides alone
        }
        return -1;
    }

    private static @Nullable Class<?> find(Class<?>[] interfaces) {
        for (Class<?> i : interfaces) {
            if (i.getName().equals(JETTY_HTTP_EXCEPTION)) {
                return i;
            }
            Class<?> inherited = find(i.getInterfaces());
            if (inherited != null) {
                return inherited;
            }
        }
        return null;
    }

    private static int call(Method method, Throwable t) throws ReflectiveOperationException {
        return method.invoke(t) instanceof Integer status ? status : -1;
    }
}
