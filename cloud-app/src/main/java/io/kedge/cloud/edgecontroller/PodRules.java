package io.kedge.cloud.edgecontroller;

import io.fabric8.kubernetes.api.model.Pod;
import io.kedge.cloud.hub.Authorization;
import io.kedge.protocol.ProtocolException;
import java.util.Optional;

/** Rules on pods that handlers of node reports declare, checked on the pod as the API server has it. */
final class PodRules {
    private PodRules() {
    }

    /** A node touches only the pods scheduled to it ({@code spec.nodeName}). */
    static Authorization.ObjectRule<Pod> boundToSender() {
        return (nodeName, path, pod) -> pod.getSpec() != null && nodeName.equals(pod.getSpec().getNodeName())
                ? Optional.empty()
                : Optional.of(ProtocolException.Reason.FORBIDDEN + ": pod " + path.namespace() + "/" + path.name()
                        + " is not bound to node " + nodeName);
    }
}
