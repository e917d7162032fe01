package io.kedge.cloud.edgecontroller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.hub.Authorization;
import io.kedge.cloud.hub.HandlerRegistration;
import io.kedge.cloud.hub.ResourceHandler;
import io.kedge.protocol.LogSafe;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;

/**
 * {@code {ns}/pod/{name}} from a node: {@code delete} ends a terminating pod or a mirror pod of the
 * node's ({@link PodDeletionHandler}), {@code insert} creates a mirror pod of one of its static pods
 * ({@link MirrorPodHandler}); every other operation is refused for good.
 *
 * <p>Sent by: any connected node; the key alone cannot tell whose pod it names, so each operation's
 * handler checks the pod (or the pod sent) against the sender before it touches anything.
 */
final class PodHandler implements ResourceHandler {
    /** Sent by: any connected node, checked on the pod by each operation's handler. */
    static final Authorization SENT_BY = Authorization.anyNodeCheckedOnTheObject();

    private final PodDeletionHandler deletions;
    private final MirrorPodHandler mirrors;

    PodHandler(KubernetesClient client, ReportWriter writer) {
        this.deletions = new PodDeletionHandler(client, writer);
        this.mirrors = new MirrorPodHandler(client, writer);
    }

    HandlerRegistration registration() {
        return HandlerRegistration.of(ResourceTypes.POD, SENT_BY, this);
    }

    @Override
    public Message handle(String nodeName, ResourcePath path, Message message) {
        if (Operations.DELETE.equals(message.operation())) {
            return deletions.handle(nodeName, path, message);
        }
        if (Operations.INSERT.equals(message.operation())) {
            return mirrors.handle(nodeName, path, message);
        }
        return Message.errorTo(message, EdgeController.SOURCE,
                "unsupported operation '" + LogSafe.of(message.operation()) + "' on pod");
    }
}
