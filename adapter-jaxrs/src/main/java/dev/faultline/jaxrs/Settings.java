package dev.faultline.jaxrs;

import dev.faultline.Faultline;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** What the providers of one {@link FaultlineFeature} share. Immutable. */
record Settings(Faultline faultline, Function<ContainerRequestContext, @Nullable String> clientAddresses,
        boolean monitoringEndpoints) {

    /** The peer's address, never throwing: an unknown address is {@code null}. */
    @Nullable String clientAddress(ContainerRequestContext context) {
        try {
            return clientAddresses.apply(context);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
