package dev.faultline.jaxrs;

import dev.faultline.http.CapturingOutputStream;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * Whether a response has been committed (its status and headers sent), asked when writing its body
 * failed. Jakarta REST has no API for it, and the answer decides everything: a response that is not
 * committed is replaced by the runtime with the mapped failure (Jersey buffers the first 8 KiB, and a
 * {@code flush()} before that commits nothing), one that is cannot be. The runtimes that say it:
 *
 * <ul>
 *   <li>Jersey: its entity stream ({@code CommittingOutputStream.isCommitted()});</li>
 *   <li>RESTEasy: the response context's {@code getHttpResponse().isCommitted()}.</li>
 * </ul>
 *
 * Elsewhere a response counts as committed once something was flushed.
 */
final class Commits {

    private Commits() {
    }

    static boolean committed(Object runtimeStream, @Nullable ContainerResponseContext response, CapturingOutputStream tee) {
        Boolean committed = ask(runtimeStream, "isCommitted");
        if (committed == null && response != null) {
            Object httpResponse = call(response, "getHttpResponse");
            if (httpResponse != null) {
                committed = ask(httpResponse, "isCommitted");
            }
        }
        return committed != null ? committed : tee.flushed();
    }

    private static @Nullable Boolean ask(Object target, String method) {
        Object answer = call(target, method);
        return answer instanceof Boolean b ? b : null;
    }

    /** Calls a public no-argument method through a public type that declares it, or gives {@code null}. */
    private static @Nullable Object call(Object target, String name) {
        Deque<Class<?>> types = new ArrayDeque<>();
        types.add(target.getClass());
        while (!types.isEmpty()) {
            Class<?> type = types.poll();
            if (Modifier.isPublic(type.getModifiers())) {
                try {
                    Method m = type.getMethod(name);
                    return m.invoke(target);
                } catch (ReflectiveOperationException | RuntimeException | LinkageError notHere) {
                    // not through this type
                }
            }
            if (type.getSuperclass() != null) {
                types.add(type.getSuperclass());
            }
            types.addAll(java.util.List.of(type.getInterfaces()));
        }
        return null;
    }
}
