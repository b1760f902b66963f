package dev.faultline.error;

import dev.faultline.internal.Preconditions;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the classifier knows of one exception class, resolved once from a {@link KnowledgeTable} entry and
 * cached with the class: its classification, whether it is a generic wrapper or a transport failure, and
 * the method handles that read its signal (SQLState, status, code, message). Reading a signal does not
 * allocate; a read that fails (a method that throws, a null on the way) counts as no signal.
 */
final class Knowledge {

    /** The class decides. */
    static final int PRECISE = 0;
    /** The class defers to what it wraps; this knowledge only when nothing inside is known. */
    static final int GENERIC = 1;
    /** This server's own status: the innermost one in a chain decides. */
    static final int SERVER = 2;
    /** Nothing is known: the class defers to its cause. */
    static final int NONE = 3;

    private static final int S_NONE = 0;
    private static final int S_SQL = 1;
    private static final int S_HTTP = 2;
    private static final int S_GRPC = 3;
    private static final int S_MONGO = 4;
    private static final int S_MESSAGE = 5;
    private static final int S_SERVER = 6;

    private static final Logger LOG = LoggerFactory.getLogger("faultline.error");

    private static final MethodType TO_OBJECT = MethodType.methodType(Object.class, Throwable.class);
    private static final MethodType TO_INT = MethodType.methodType(int.class, Throwable.class);

    static final Knowledge UNKNOWN = new Knowledge(NONE, Classification.of(ErrorType.INTERNAL), false,
            S_NONE, null, null, null, null, null, null, true);

    final int role;
    final Classification classification;
    /** A connection-level failure: a generic wrapper of a known dependency outside it keeps its meaning. */
    final boolean transport;
    /** The signal's kind: one of the S_ constants. */
    private final int kind;
    /** {@code (Throwable)Object} for sql, grpc, message; {@code (Throwable)int} for http, mongo, server. */
    private final @Nullable MethodHandle read;
    /** {@code (Throwable)int}: the vendor code of an SQL exception, or null. */
    private final @Nullable MethodHandle code;
    private final KnowledgeTable.@Nullable IntTable vendorCodes;
    private final KnowledgeTable.Prefix @Nullable [] prefixes;
    /** {@code (Throwable)Object}: where a downstream's response headers are, or null. */
    private final @Nullable MethodHandle headers;
    private final @Nullable KnowledgeTable table;

    private Knowledge(int role, Classification classification, boolean transport, int kind,
            @Nullable MethodHandle read, @Nullable MethodHandle code, KnowledgeTable.@Nullable IntTable vendorCodes,
            KnowledgeTable.Prefix @Nullable [] prefixes, @Nullable MethodHandle headers, @Nullable KnowledgeTable table,
            boolean holdable) {
        this.holdable = holdable;
        this.role = role;
        this.classification = classification;
        this.transport = transport;
        this.kind = kind;
        this.read = read;
        this.code = code;
        this.vendorCodes = vendorCodes;
        this.prefixes = prefixes;
        this.headers = headers;
        this.table = table;
    }

    /**
     * Whether a table that holds its classes weakly may hold this knowledge strongly without keeping a
     * class loader alive that the classifier would not keep anyway: true when it refers to no class
     * (no method handles), or when the class it was built for comes from the classifier's own class
     * loader or one of its ancestors (then so do the classes its handles refer to).
     */
    final boolean holdable;

    private static boolean ownOrAncestorLoader(Class<?> type) {
        ClassLoader of = type.getClassLoader();
        if (of == null) {
            return true; // the boot loader outlives everything
        }
        for (ClassLoader l = Knowledge.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l == of) {
                return true;
            }
        }
        return false;
    }

    /**
     * The knowledge of {@code type}: the entry of the class itself, else of its interfaces, else of its
     * superclass (each with its interfaces), and so on up; {@link #UNKNOWN} when none has one.
     */
    static Knowledge of(Class<?> type, KnowledgeTable table) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            KnowledgeTable.Entry e = table.classEntry(c.getName());
            if (e == null) {
                e = inInterfaces(c, table, new HashSet<>());
            }
            if (e != null) {
                return resolve(type, e, table);
            }
        }
        return UNKNOWN;
    }

    private static KnowledgeTable.@Nullable Entry inInterfaces(Class<?> c, KnowledgeTable table, Set<Class<?>> seen) {
        for (Class<?> i : c.getInterfaces()) {
            if (!seen.add(i)) {
                continue;
            }
            KnowledgeTable.Entry e = table.classEntry(i.getName());
            if (e == null) {
                e = inInterfaces(i, table, seen);
            }
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private static Knowledge resolve(Class<?> type, KnowledgeTable.Entry e, KnowledgeTable table) {
        int role = e.generic() ? GENERIC : PRECISE;
        String kind = e.signalKind();
        MethodHandle read = null;
        MethodHandle code = null;
        KnowledgeTable.IntTable vendorCodes = null;
        KnowledgeTable.Prefix[] prefixes = null;
        if (kind != null && e.signalPath() != null) {
            try {
                switch (kind) {
                    case "sql" -> {
                        String[] parts = e.signalPath().split(",", 2);
                        read = path(type, parts[0], false);
                        code = parts.length > 1 ? path(type, parts[1], true) : null;
                        vendorCodes = table.sqlCodesOf(type.getName());
                    }
                    case "http", "mongo" -> read = path(type, e.signalPath(), true);
                    case "server" -> {
                        read = path(type, e.signalPath(), true);
                        role = SERVER;
                    }
                    case "grpc" -> read = path(type, e.signalPath(), false);
                    case "message" -> {
                        read = path(type, e.signalPath(), false);
                        for (Class<?> c = type; c != null && prefixes == null; c = c.getSuperclass()) {
                            prefixes = table.prefixes(c.getName());
                        }
                    }
                    default -> throw Preconditions.invalid("classifier knowledge", "has an unknown kind: " + kind);
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
                // another version of the library: the class's own entry still applies
                LOG.debug("no {} signal on {}: {}", kind, type.getName(), unavailable.toString());
                read = null;
                code = null;
                role = e.generic() ? GENERIC : PRECISE;
            }
        }
        MethodHandle headers = null;
        if (e.headersPath() != null) {
            try {
                headers = path(type, e.headersPath(), false);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
                LOG.debug("no response headers on {}: {}", type.getName(), unavailable.toString());
            }
        }
        int k = read == null ? S_NONE : switch (kind) {
            case "sql" -> S_SQL;
            case "http" -> S_HTTP;
            case "grpc" -> S_GRPC;
            case "mongo" -> S_MONGO;
            case "message" -> S_MESSAGE;
            default -> S_SERVER;
        };
        return new Knowledge(role, e.classification(), e.transport(), k, read, code,
                vendorCodes, prefixes, headers, read == null && headers == null ? null : table,
                (read == null && headers == null) || ownOrAncestorLoader(type));
    }

    /**
     * What the signal on {@code t} says, or null when there is no signal, it cannot be read or the table
     * knows nothing of its value. For {@link #SERVER} knowledge, use {@link #status(Throwable)}.
     */
    @Nullable Classification signal(Throwable t) {
        MethodHandle r = read;
        KnowledgeTable tb = table;
        if (r == null || tb == null) {
            return null;
        }
        try {
            switch (kind) {
                case S_SQL: {
                    String state = (String) (Object) r.invokeExact(t);
                    int vendorCode = code == null ? 0 : (int) code.invokeExact(t);
                    return tb.sql(state, vendorCode, vendorCodes);
                }
                case S_HTTP:
                    return tb.http((int) r.invokeExact(t));
                case S_MONGO:
                    return tb.mongo((int) r.invokeExact(t));
                case S_GRPC: {
                    Object value = (Object) r.invokeExact(t);
                    return value instanceof Enum<?> e ? tb.grpc(e.name()) : value instanceof String s ? tb.grpc(s) : null;
                }
                case S_MESSAGE: {
                    Object value = (Object) r.invokeExact(t);
                    if (value instanceof String message && prefixes != null) {
                        for (KnowledgeTable.Prefix p : prefixes) {
                            if (message.startsWith(p.prefix())) {
                                return p.classification();
                            }
                        }
                    }
                    return null;
                }
                default:
                    return null;
            }
        } catch (Throwable unreadable) {
            return null;
        }
    }

    /** The status a server put on its own exception, or -1. */
    int status(Throwable t) {
        MethodHandle r = read;
        if (r == null) {
            return -1;
        }
        try {
            return (int) r.invokeExact(t);
        } catch (Throwable unreadable) {
            return -1;
        }
    }

    /** The object holding a downstream's response headers, or null. */
    @Nullable Object headers(Throwable t) {
        MethodHandle h = headers;
        if (h == null) {
            return null;
        }
        try {
            return (Object) h.invokeExact(t);
        } catch (Throwable unreadable) {
            return null;
        }
    }

    /**
     * A handle {@code (Throwable)int} (when {@code toInt}) or {@code (Throwable)Object} that calls the
     * public no-argument methods of {@code spec} in turn ({@code getStatus().getCode()}); alternatives are
     * separated by {@code |}, the first that exists wins.
     */
    static MethodHandle path(Class<?> type, String spec, boolean toInt) throws ReflectiveOperationException {
        ReflectiveOperationException last = null;
        for (String alternative : spec.split("\\|")) {
            try {
                MethodHandle h = null;
                Class<?> owner = type;
                for (String step : alternative.strip().split("\\.")) {
                    String name = step.endsWith("()") ? step.substring(0, step.length() - 2) : step;
                    MethodHandle m = publicMethod(owner, name);
                    owner = m.type().returnType();
                    h = h == null ? m : MethodHandles.filterReturnValue(h, m);
                }
                if (h == null) {
                    throw new NoSuchMethodException(spec);
                }
                Class<?> result = h.type().returnType();
                if (toInt && result != int.class && result != Integer.class && result != short.class) {
                    throw new NoSuchMethodException(alternative + " on " + type.getName() + " is not an int: " + result);
                }
                if (!toInt && result.isPrimitive()) {
                    throw new NoSuchMethodException(alternative + " on " + type.getName() + " is a primitive: " + result);
                }
                return h.asType(toInt ? TO_INT : TO_OBJECT);
            } catch (ReflectiveOperationException e) {
                last = e;
            }
        }
        throw last != null ? last : new NoSuchMethodException(spec);
    }

    /** A handle {@code (Owner)R} on a public, non-static, no-argument method, found on a public type. */
    private static MethodHandle publicMethod(Class<?> owner, String name) throws ReflectiveOperationException {
        Method m = owner.getMethod(name);
        if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getReturnType() == void.class) {
            throw new NoSuchMethodException(owner.getName() + "." + name + "() is not a public getter");
        }
        // the method may be declared by a non-public class: look it up on a public supertype instead
        Deque<Class<?>> queue = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        queue.add(owner);
        while (!queue.isEmpty()) {
            Class<?> c = queue.poll();
            if (!seen.add(c)) {
                continue;
            }
            if (Modifier.isPublic(c.getModifiers())) {
                try {
                    Method declared = c.getMethod(name);
                    return MethodHandles.publicLookup().findVirtual(c, name, MethodType.methodType(declared.getReturnType()));
                } catch (IllegalAccessException | NoSuchMethodException notHere) {
                    // try the supertypes
                }
            }
            if (c.getSuperclass() != null) {
                queue.add(c.getSuperclass());
            }
            queue.addAll(java.util.List.of(c.getInterfaces()));
        }
        throw new IllegalAccessException(owner.getName() + "." + name + "() is on no public type");
    }
}
