package io.kedge.edged;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.outbox.OutboxException;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.edged.pod.PodSync;
import io.kedge.edged.staticpod.MirrorPods;
import io.kedge.edged.staticpod.StaticPod;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.MirrorPod;
import io.kedge.protocol.Operations;
import io.kedge.protocol.PodDeletion;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;

/** What Edged tells the cloud about pods, as KubeEdge's edged says it, kept in the outbox. */
final class PodReports implements PodSync.StatusSink, PodSync.TerminationSink, MirrorPods.Sink {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final UpstreamOutbox outbox;
    private final String source;
    private volatile boolean statusesSilenced;

    PodReports(UpstreamOutbox outbox, String source) {
        this.outbox = outbox;
        this.source = source;
    }

    /**
     * Edged is stopping: a pass cut short by the stop saw its runtime calls interrupted (the runtime
     * looks unavailable) or the runtime unbound, which is not the pods' state. The next instance
     * reports the truth.
     */
    void silenceStatuses() {
        statusesSilenced = true;
    }

    /**
     * KubeEdge's PodStatusRequest {UID, Name, Status}, coalesced per pod in the outbox. A static pod's
     * status goes to its mirror pod, whose uid the API server chose: it is sent without one.
     */
    @Override
    public void publish(JsonNode pod, ObjectNode status) throws OutboxException {
        if (statusesSilenced) {
            return;
        }
        JsonNode metadata = pod.path("metadata");
        String namespace = metadata.path("namespace").asText("default");
        String name = metadata.path("name").asText();
        String uid = StaticPod.isStatic(pod) ? "" : metadata.path("uid").asText();
        ObjectNode request = JSON.objectNode().put("UID", uid).put("Name", name);
        request.set("Status", status);
        Message update = Message.create(source, Groups.RESOURCE,
                ResourcePath.of(namespace, ResourceTypes.POD_STATUS, name).toString(), Operations.UPDATE, request);
        outbox.put(ResourceTypes.POD_STATUS + "/" + namespace + "/" + name, update);
    }

    /** {@code delete {ns}/pod/{name}} with the uid ({@link PodDeletion}): the cloud removes the Pod object. */
    @Override
    public void terminated(JsonNode pod) throws OutboxException {
        JsonNode metadata = pod.path("metadata");
        delete(new PodDeletion(metadata.path("namespace").asText("default"), metadata.path("name").asText(),
                metadata.path("uid").asText()));
    }

    /** {@link MirrorPod}: the API shows a static pod of this node. */
    @Override
    public void create(JsonNode mirror) throws OutboxException {
        JsonNode metadata = mirror.path("metadata");
        outbox.put(MirrorPod.outboxKey(metadata.path("namespace").asText(), metadata.path("name").asText()),
                MirrorPod.create(source, mirror));
    }

    @Override
    public void delete(PodDeletion deletion) throws OutboxException {
        outbox.put(deletion.outboxKey(), deletion.toMessage(source));
    }
}
