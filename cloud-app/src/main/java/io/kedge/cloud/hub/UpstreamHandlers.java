package io.kedge.cloud.hub;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every resource type nodes may send about, with its rule and its handler. Controllers register
 * their handlers here before the hub accepts nodes; the router refuses a type nobody registered.
 *
 * <p>A type may also be reserved: its rule holds (another node's name is FORBIDDEN) though no
 * handler serves it yet, so a node learns nothing about which types are handled from someone
 * else's name.
 */
public final class UpstreamHandlers {

    /** How the router treats one type: the rule first, then the handler if there is one. */
    record Route(Authorization sentBy, Optional<ResourceHandler> handler) {
    }

    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    /** @throws IllegalArgumentException when one of its types has a route already */
    public UpstreamHandlers register(HandlerRegistration registration) {
        add(registration.resourceTypes(), new Route(registration.sentBy(), Optional.of(registration.handler())));
        return this;
    }

    /** Types with a rule but no handler yet: refused as unsupported once the rule lets them through. */
    public UpstreamHandlers reserve(Set<String> resourceTypes, Authorization sentBy) {
        Objects.requireNonNull(sentBy, "sentBy");
        add(resourceTypes, new Route(sentBy, Optional.empty()));
        return this;
    }

    Optional<Route> route(String resourceType) {
        return Optional.ofNullable(routes.get(resourceType));
    }

    /** All types or none, so a refused registration leaves nothing half-registered. */
    private synchronized void add(Set<String> types, Route route) {
        types.stream().filter(routes::containsKey).findFirst().ifPresent(type -> {
            throw new IllegalArgumentException("resource type '" + type + "' is registered twice");
        });
        types.forEach(type -> routes.put(type, route));
    }
}
