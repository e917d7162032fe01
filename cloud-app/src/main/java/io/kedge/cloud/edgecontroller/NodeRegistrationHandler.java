package io.kedge.cloud.edgecontroller;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kedge.cloud.hub.Authorization;
import io.kedge.cloud.hub.HandlerRegistration;
import io.kedge.cloud.hub.ResourceHandler;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code insert default/node/{name}}: an edge node registers (or re-registers) itself.
 *
 * <p>Sent by: a connected node, about itself ({@link #SENT_BY} refuses another node's name). Touches:
 * the sender's own Node only: creates it, or merges into it the labels and annotations it reports and
 * writes its status. Labels and spec follow {@link NodeRestriction}: a node that sets a label it may
 * not set (node-role.kubernetes.io/control-plane, anything else under kubernetes.io or k8s.io beyond
 * the kubelet's own) or changes its spec (taints, say) is refused with FORBIDDEN and nothing is
 * written. Kedge's role labels are set by the cloud. Written through the {@link ReportWriter}.
 */
final class NodeRegistrationHandler implements ResourceHandler {
    /** Sent by: a node, about itself only; the key is the Node it touches. */
    static final Authorization SENT_BY = Authorization.ownNodeOnly();

    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistrationHandler.class);
    private static final int CONFLICT = 409;

    private final KubernetesClient client;
    private final NodeStatusWriter statusWriter;
    private final ReportWriter writer;
    private final Clock clock;
    private final Map<String, String> lastRefusal = new ConcurrentHashMap<>();

    NodeRegistrationHandler(KubernetesClient client, NodeStatusWriter statusWriter, ReportWriter writer,
            Clock clock) {
        this.client = client;
        this.statusWriter = statusWriter;
        this.writer = writer;
        this.clock = clock;
    }

    /** What a registration says, read before it waits for its write. */
    private record Registration(ObjectMeta meta, JsonNode spec, NodeStatus status, Instant received) {
    }

    HandlerRegistration registration() {
        return HandlerRegistration.of(ResourceTypes.NODE, SENT_BY, this);
    }

    @Override
    public Message handle(String nodeName, ResourcePath path, Message message) {
        if (!Operations.INSERT.equals(message.operation())) {
            return Message.errorTo(message, EdgeController.SOURCE,
                    "unsupported operation '" + message.operation() + "' on node");
        }
        Node reported;
        try {
            reported = KubeJson.toObject(client, message.content(), Node.class);
        } catch (IllegalArgumentException e) {
            return Message.errorTo(message, EdgeController.SOURCE, "content is not a Node: " + e.getMessage());
        }
        JsonNode spec = message.content().path("spec");
        Registration registration = new Registration(
                reported.getMetadata() == null ? new ObjectMeta() : reported.getMetadata(),
                spec.isObject() ? spec : MessageCodec.mapper().createObjectNode(),
                reported.getStatus() == null ? new NodeStatus() : reported.getStatus(),
                clock.instant());
        return writer.submit(nodeName, ResourceTypes.NODE, message, message.content().toString().length(),
                () -> register(nodeName, registration, message));
    }

    private Message register(String nodeName, Registration registration, Message message) {
        Node stored = client.nodes().withName(nodeName).get();
        Optional<String> refusal = refusal(nodeName, stored, registration);
        if (refusal.isPresent()) {
            // Once per node and reason: a node that insists gets its answer, not a line each time.
            if (!refusal.get().equals(lastRefusal.put(nodeName, refusal.get()))) {
                LOG.warn("Node {} registration refused: {}", nodeName, refusal.get());
            }
            return Message.errorTo(message, EdgeController.SOURCE, refusal.get());
        }
        lastRefusal.remove(nodeName);
        Node result = stored == null ? create(nodeName, registration) : null;
        if (result == null) {
            Node merged = mergeMetadata(nodeName, registration.meta());
            List<NodeCondition> reportedConditions = registration.status().getConditions();
            result = statusWriter.write(nodeName, current -> {
                NodeStatus status = registration.status();
                status.setConditions(NodeConditions.merge(current.getConditions(), reportedConditions,
                        registration.received()));
                return status;
            }).orElse(merged);
        }
        JsonNode content = KubeJson.toTree(client, result);
        return Message.responseTo(message, EdgeController.SOURCE, content)
                .withResourceVersion(result.getMetadata().getResourceVersion());
    }

    /** Why NodeRestriction refuses this registration against the stored node (null when new), if it does. */
    private Optional<String> refusal(String nodeName, Node stored, Registration registration) {
        List<String> problems = new ArrayList<>();
        Set<String> labels = NodeRestriction.forbiddenLabels(
                stored == null ? null : stored.getMetadata().getLabels(), registration.meta().getLabels());
        if (!labels.isEmpty()) {
            problems.add("may not set the labels " + labels);
        }
        JsonNode storedSpec = stored == null ? null
                : KubeJson.toTree(client, stored.getSpec() == null ? new NodeSpec() : stored.getSpec());
        Set<String> spec = NodeRestriction.forbiddenSpecFields(storedSpec, registration.spec());
        if (!spec.isEmpty()) {
            problems.add("may not " + (stored == null ? "register with" : "change") + " spec." + String.join(", spec.", spec));
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ProtocolException.Reason.FORBIDDEN + ": node " + nodeName + " " + String.join(" and ", problems)
                + " (a node sets its status and the labels NodeRestriction allows)");
    }

    /** @return the created node, or null when it exists already */
    private Node create(String nodeName, Registration registration) {
        NodeSpec spec = KubeJson.toObject(client, registration.spec(), NodeSpec.class);
        NodeStatus status = registration.status();
        status.setConditions(NodeConditions.merge(List.of(), status.getConditions(), registration.received()));
        Node fresh = new NodeBuilder()
                .withNewMetadata()
                .withName(nodeName)
                .withLabels(withKedgeRoles(registration.meta().getLabels()))
                .withAnnotations(registration.meta().getAnnotations())
                .endMetadata()
                .withSpec(spec)
                .withStatus(status)
                .build();
        try {
            Node created = client.nodes().resource(fresh).create();
            LOG.info("Registered node {}", nodeName);
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() == CONFLICT) {
                return null;
            }
            throw e;
        }
    }

    private Node mergeMetadata(String nodeName, ObjectMeta reported) {
        return client.nodes().withName(nodeName).edit(node -> {
            node.getMetadata().setLabels(withKedgeRoles(merged(node.getMetadata().getLabels(), reported.getLabels())));
            node.getMetadata().setAnnotations(merged(node.getMetadata().getAnnotations(), reported.getAnnotations()));
            return node;
        });
    }

    private static Map<String, String> withKedgeRoles(Map<String, String> labels) {
        Map<String, String> result = merged(labels, null);
        result.putAll(NodeRestriction.KEDGE_ROLE_LABELS);
        return result;
    }

    private static Map<String, String> merged(Map<String, String> stored, Map<String, String> reported) {
        Map<String, String> result = new HashMap<>(stored == null ? Map.of() : stored);
        if (reported != null) {
            result.putAll(reported);
        }
        return result;
    }
}
