package dev.faultline.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The peer address of a request. Jakarta REST (4.0 included) has no API for it, so the default
 * resolver asks the runtimes it knows, by reflection and without a compile dependency on them:
 *
 * <ul>
 *   <li>RESTEasy: the request context's {@code getHttpRequest().getRemoteAddress()};</li>
 *   <li>Jersey: the container's own request from Jersey's injection manager, in request scope — the
 *       Grizzly {@code Request} or the servlet {@code HttpServletRequest} ({@code getRemoteAddr()}),
 *       or the JDK server's {@code HttpExchange} ({@code getRemoteAddress()}).</li>
 * </ul>
 *
 * Elsewhere the address is unknown ({@code null}) unless the application configures a resolver with
 * {@link FaultlineFeature.Builder#clientAddress}. Thread-safe.
 */
final class ClientAddresses {

    private ClientAddresses() {
    }

    /** The default resolver for the runtime that configures {@code context}. */
    static Function<ContainerRequestContext, @Nullable String> detect(FeatureContext context) {
        List<Function<ContainerRequestContext, @Nullable String>> resolvers = new ArrayList<>();
        resolvers.add(new RestEasy());
        Function<ContainerRequestContext, @Nullable String> jersey = Jersey.of(context);
        if (jersey != null) {
            resolvers.add(jersey);
        }
        return request -> {
            for (Function<ContainerRequestContext, @Nullable String> r : resolvers) {
                try {
                    String address = r.apply(request);
                    if (address != null) {
                        return address;
                    }
                } catch (RuntimeException | LinkageError unsupported) {
                    // not this runtime, or a version that changed: try the next one
                }
            }
            return null;
        };
    }

    private static @Nullable Object invoke(Method m, @Nullable Object target, Object... args) {
        try {
            return m.invoke(target, args);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    /** RESTEasy: {@code PreMatchContainerRequestContext.getHttpRequest().getRemoteAddress()}. */
    private static final class RestEasy implements Function<ContainerRequestContext, @Nullable String> {
        private final Map<Class<?>, Method[]> methods = new ConcurrentHashMap<>();

        @Override
        public @Nullable String apply(ContainerRequestContext request) {
            Method[] m = methods.computeIfAbsent(request.getClass(), RestEasy::lookup);
            if (m.length == 0) {
                return null;
            }
            Object httpRequest = invoke(m[0], request);
            return httpRequest == null ? null : (String) invoke(m[1], httpRequest);
        }

        private static Method[] lookup(Class<?> type) {
            try {
                Method getHttpRequest = type.getMethod("getHttpRequest");
                Class<?> httpRequest = getHttpRequest.getReturnType();
                if (!httpRequest.getName().equals("org.jboss.resteasy.spi.HttpRequest")) {
                    return new Method[0];
                }
                return new Method[] {getHttpRequest, httpRequest.getMethod("getRemoteAddress")};
            } catch (NoSuchMethodException | SecurityException e) {
                return new Method[0];
            }
        }
    }

    /** Jersey: the container's request object, looked up in Jersey's injection manager. */
    private static final class Jersey implements Function<ContainerRequestContext, @Nullable String> {
        private static final String[][] CONTAINER_REQUESTS = {
            {"org.glassfish.grizzly.http.server.Request", "getRemoteAddr"},
            {"jakarta.servlet.http.HttpServletRequest", "getRemoteAddr"},
            {"com.sun.net.httpserver.HttpExchange", "getRemoteAddress"},
        };

        private final Object injectionManager;
        private final Method getInstance;
        private final List<Class<?>> types;
        private final List<Method> addresses;

        private Jersey(Object injectionManager, Method getInstance, List<Class<?>> types, List<Method> addresses) {
            this.injectionManager = injectionManager;
            this.getInstance = getInstance;
            this.types = types;
            this.addresses = addresses;
        }

        static @Nullable Jersey of(FeatureContext context) {
            ClassLoader loader = context.getClass().getClassLoader();
            try {
                Class<?> provider = Class.forName("org.glassfish.jersey.InjectionManagerProvider", false, loader);
                Object manager = provider.getMethod("getInjectionManager", FeatureContext.class).invoke(null, context);
                if (manager == null) {
                    return null;
                }
                Method getInstance = Class.forName("org.glassfish.jersey.internal.inject.InjectionManager", false, loader)
                        .getMethod("getInstance", Class.class);
                List<Class<?>> types = new ArrayList<>();
                List<Method> addresses = new ArrayList<>();
                for (String[] candidate : CONTAINER_REQUESTS) {
                    Class<?> type = load(candidate[0], loader);
                    if (type != null) {
                        types.add(type);
                        addresses.add(type.getMethod(candidate[1]));
                    }
                }
                return types.isEmpty() ? null : new Jersey(manager, getInstance, types, addresses);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError notJersey) {
                return null;
            }
        }

        private static @Nullable Class<?> load(String name, ClassLoader loader) {
            for (ClassLoader l : new ClassLoader[] {loader, Thread.currentThread().getContextClassLoader()}) {
                try {
                    return Class.forName(name, false, l);
                } catch (ClassNotFoundException | LinkageError | RuntimeException absent) {
                    // try the next loader
                }
            }
            return null;
        }

        @Override
        public @Nullable String apply(ContainerRequestContext request) {
            for (int i = 0; i < types.size(); i++) {
                Object containerRequest;
                try {
                    containerRequest = invoke(getInstance, injectionManager, types.get(i));
                } catch (RuntimeException notBound) {
                    continue;
                }
                if (containerRequest != null && types.get(i).isInstance(containerRequest)) {
                    Object address = invoke(addresses.get(i), containerRequest);
                    if (address instanceof InetSocketAddress socket) {
                        return socket.getAddress() != null ? socket.getAddress().getHostAddress() : socket.getHostString();
                    }
                    if (address instanceof String s) {
                        return s;
                    }
                }
            }
            return null;
        }
    }
}
