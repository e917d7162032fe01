package io.kedge.cloud.edgecontroller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.hub.ResourceHandler;
import io.kedge.protocol.ResourceTypes;
import java.time.Clock;
import java.util.Map;

/** Applies what edge nodes report about themselves to Kubernetes: registration and node status. */
public final class EdgeController {
    public static final String SOURCE = "edgecontroller";
    public static final String EDGE_ROLE_LABEL = "node-role.kubernetes.io/edge";

    private final Map<String, ResourceHandler> handlers;

    public EdgeController(KubernetesClient client, Clock clock) {
        NodeStatusWriter statusWriter = new NodeStatusWriter(client);
        this.handlers = Map.of(
                ResourceTypes.NODE, new NodeRegistrationHandler(client, statusWriter, clock),
                ResourceTypes.NODE_STATUS, new NodeStatusHandler(client, statusWriter, clock));
    }

    /** Handlers by resource type, for CloudHub. */
    public Map<String, ResourceHandler> handlers() {
        return handlers;
    }
}
