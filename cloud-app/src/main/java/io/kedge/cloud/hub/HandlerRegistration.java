package io.kedge.cloud.hub;

import java.util.Objects;
import java.util.Set;

/**
 * An upstream handler as the hub routes to it: the resource types it accepts, who may send them
 * ({@link Authorization}, asked before the handler runs) and the handler itself.
 */
public record HandlerRegistration(Set<String> resourceTypes, Authorization sentBy, ResourceHandler handler) {

    public HandlerRegistration {
        resourceTypes = Set.copyOf(resourceTypes);
        if (resourceTypes.isEmpty()) {
            throw new IllegalArgumentException("a handler accepts at least one resource type");
        }
        Objects.requireNonNull(sentBy, "sentBy");
        Objects.requireNonNull(handler, "handler");
    }

    public static HandlerRegistration of(String resourceType, Authorization sentBy, ResourceHandler handler) {
        return new HandlerRegistration(Set.of(resourceType), sentBy, handler);
    }
}
