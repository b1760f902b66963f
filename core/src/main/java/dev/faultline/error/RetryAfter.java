package dev.faultline.error;

import java.lang.reflect.Method;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads a downstream's {@code Retry-After} from the response headers an HTTP client's exception exposes,
 * whatever their shape: Spring's {@code HttpHeaders} ({@code getFirst}), a JAX-RS {@code Response}
 * ({@code getHeaderString}), the AWS SDK's {@code SdkHttpResponse} ({@code firstMatchingHeader}), or a
 * {@code Map} of names to values or lists of values (Feign). Only used when a reply is built for a
 * downstream 429 or 503, so plain reflection is enough here.
 */
final class RetryAfter {

    private static final String NAME = "Retry-After";

    /** Longest delay passed on: a downstream asking for more is capped. */
    static final Duration MAX = Duration.ofHours(1);

    private RetryAfter() {
    }

    static @Nullable String header(Object headers) {
        try {
            if (headers instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (e.getKey() instanceof String k && k.equalsIgnoreCase(NAME)) {
                        return first(e.getValue());
                    }
                }
                return null;
            }
            for (String accessor : new String[] {"getFirst", "getHeaderString", "firstMatchingHeader", "header"}) {
                Method m = publicMethod(headers.getClass(), accessor);
                if (m != null) {
                    return first(m.invoke(headers, NAME));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unreadable) {
            return null;
        }
        return null;
    }

    /** {@code name(String)} as declared by a public class or interface of {@code type}, or null. */
    private static @Nullable Method publicMethod(Class<?> type, String name) {
        java.util.ArrayDeque<Class<?>> queue = new java.util.ArrayDeque<>();
        queue.add(type);
        while (!queue.isEmpty()) {
            Class<?> c = queue.poll();
            if (java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
                try {
                    return c.getMethod(name, String.class);
                } catch (NoSuchMethodException absent) {
                    continue; // nor anywhere above this public type; other branches may still have it
                }
            }
            if (c.getSuperclass() != null) {
                queue.add(c.getSuperclass());
            }
            queue.addAll(java.util.List.of(c.getInterfaces()));
        }
        return null;
    }

    private static @Nullable String first(@Nullable Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Optional<?> o) {
            return o.isPresent() ? first(o.get()) : null;
        }
        if (value instanceof Collection<?> c) {
            return c.isEmpty() ? null : first(c.iterator().next());
        }
        return null;
    }

    /** Delta-seconds or an HTTP-date, as a delay from {@code now} (zero for a past date); null if malformed. */
    static @Nullable Duration parse(@Nullable String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() <= 10 && v.chars().allMatch(Character::isDigit)) {
            Duration d = Duration.ofSeconds(Long.parseLong(v));
            return d.compareTo(MAX) > 0 ? MAX : d;
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d.compareTo(MAX) > 0 ? MAX : d;
        } catch (DateTimeException malformed) {
            return null;
        }
    }
}
