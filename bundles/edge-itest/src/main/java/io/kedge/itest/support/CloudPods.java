package io.kedge.itest.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.testing.cloud.CloudConnection;
import io.kedge.testing.cloud.FakeCloud;
import java.util.List;
import java.util.Optional;

/**
 * Pods of one namespace as the fake cloud's EdgeController would send them to a node, and the pod
 * statuses the node reported back (KubeEdge's {UID, Name, Status} updates of {@code NS/podstatus/NAME}).
 */
public final class CloudPods {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final FakeCloud cloud;
    private final String namespace;
    private final String node;

    public CloudPods(FakeCloud cloud, String namespace, String node) {
        this.cloud = cloud;
        this.namespace = namespace;
        this.node = node;
    }

    /** A pod of one container {@code main} running {@code /bin/sh -c script} from the local busybox image. */
    public ObjectNode pod(String name, String restartPolicy, String script) {
        ObjectNode pod = JSON.objectNode().put("kind", "Pod").put("apiVersion", "v1");
        pod.putObject("metadata").put("name", name).put("namespace", namespace).put("uid", uid(name))
                .put("resourceVersion", "5");
        ObjectNode spec = pod.putObject("spec").put("nodeName", node).put("restartPolicy", restartPolicy)
                .put("terminationGracePeriodSeconds", 1);
        ObjectNode container = spec.putArray("containers").addObject().put("name", "main").put("image", "busybox")
                .put("imagePullPolicy", "IfNotPresent");
        container.putArray("command").add("/bin/sh").add("-c").add(script);
        pod.putObject("status").put("phase", "Pending");
        return pod;
    }

    public void insert(ObjectNode pod) {
        String name = pod.path("metadata").path("name").asText();
        link().send(Message.create("edgecontroller", "resource", namespace + "/pod/" + name, Operations.INSERT, pod)
                .withResourceVersion("5"));
    }

    public void delete(String name) {
        ObjectNode pod = JSON.objectNode().put("kind", "Pod").put("apiVersion", "v1");
        pod.putObject("metadata").put("name", name).put("namespace", namespace).put("uid", uid(name))
                .put("resourceVersion", "6");
        link().send(Message.create("edgecontroller", "resource", namespace + "/pod/" + name, Operations.DELETE, pod)
                .withResourceVersion("6"));
    }

    /**
     * Waits until the last status of {@code pod} is in {@code phase}; on time-out the failure lists every
     * status the cloud received of it, with the last one in full.
     */
    public void awaitPhase(String pod, String phase, java.time.Duration timeout) {
        try {
            Poll.until(pod + " reported " + phase, timeout, () -> phase.equals(phase(pod)));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; statuses received: " + phases(pod) + ", the last: "
                    + latestStatus(pod).map(JsonNode::toString).orElse("none"), e);
        }
    }

    /** The last status of {@code pod} the cloud received. */
    public Optional<JsonNode> latestStatus(String pod) {
        List<JsonNode> statuses = statuses(pod);
        return statuses.isEmpty() ? Optional.empty() : Optional.of(statuses.get(statuses.size() - 1));
    }

    /** Every status of {@code pod} the cloud received, oldest first. */
    public List<JsonNode> statuses(String pod) {
        return cloud.received().stream()
                .filter(m -> m.resource().equals(namespace + "/podstatus/" + pod) && m.operation().equals(Operations.UPDATE))
                .map(m -> m.content().path("Status")).toList();
    }

    public String phase(String pod) {
        return latestStatus(pod).map(status -> status.path("phase").asText()).orElse("");
    }

    /** The first container's field at {@code pointer} (e.g. {@code /containerID}) in the last status, or "". */
    public String container(String pod, String pointer) {
        return latestStatus(pod).map(status -> status.at("/containerStatuses/0" + pointer).asText()).orElse("");
    }

    public Optional<Integer> exitCode(String pod) {
        return latestStatus(pod).map(status -> status.at("/containerStatuses/0/state/terminated/exitCode"))
                .filter(JsonNode::isInt).map(JsonNode::asInt);
    }

    /** phase/state(reason) of each status reported, e.g. {@code Running/running}, for a test's output. */
    public List<String> phases(String pod) {
        return statuses(pod).stream().map(status -> status.path("phase").asText() + "/"
                + String.join(",", (Iterable<String>) () -> status.at("/containerStatuses/0/state").fieldNames())
                + (status.at("/containerStatuses/0/state/waiting/reason").isMissingNode() ? ""
                        : "(" + status.at("/containerStatuses/0/state/waiting/reason").asText() + ")"))
                .toList();
    }

    private String uid(String name) {
        return "uid-" + namespace + "-" + name;
    }

    private CloudConnection link() {
        List<CloudConnection> connections = cloud.connections();
        return connections.get(connections.size() - 1);
    }
}
