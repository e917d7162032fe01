package io.kedge.edged;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.outbox.OutboxException;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.edged.pod.PodSync;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.PodDeletion;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;

/** What Edged tells the cloud about pods, as KubeEdge's edged says it, kept in the outbox. */
final class PodReports implements PodSync.StatusSink, PodSync.TerminationSink {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final UpstreamOutbox outbox;
    private final String source;

    PodReports(UpstreamOutbox outbox, String source) {
        this.outbox = outbox;
        this.source = source;
    }

    /** KubeEdge's PodStatusRequest {UID, Name, Status}, coalesced per pod in the outbox. */
    @Override
    public void publish(JsonNode pod, ObjectNode status) throws OutboxException {
        JsonNode metadata = pod.path("metadata");
        String namespace = metadata.path("namespace").asText("default");
        String name = metadata.path("name").asText();
        ObjectNode request = JSON.objectNode().put("UID", metadata.path("uid").asText()).put("Name", name);
        request.set("Status", status);
        Message update = Message.create(source, Groups.RESOURCE,
                ResourcePath.of(namespace, ResourceTypes.POD_STATUS, name).toString(), Operations.UPDATE, request);
        outbox.put(ResourceTypes.POD_STATUS + "/" + namespace + "/" + name, update);
    }

    /** {@code delete {ns}/pod/{name}} with the uid ({@link PodDeletion}): the cloud removes the Pod object. */
    @Override
    public void terminated(JsonNode pod) throws OutboxException {
        JsonNode metadata = pod.path("metadata");
        PodDeletion deletion = new PodDeletion(metadata.path("namespace").asText("default"),
                metadata.path("name").asText(), metadata.path("uid").asText());
        outbox.put(deletion.outboxKey(), deletion.toMessage(source));
    }
}
