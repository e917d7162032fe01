package io.kedge.edged;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.runtime.api.ImageInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the Node object and NodeStatusRequest content that the cloud expects (KubeEdge shapes). */
final class NodeObjects {
    static final String EDGE_ROLE_LABEL = "node-role.kubernetes.io/edge";
    private static final long MEMORY_PRESSURE_BYTES = 100L * 1024 * 1024;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String nodeName;
    private final String address;
    private final int maxPods;
    private final Map<String, String> extraLabels;
    private final String kubeletVersion;
    private final ConditionClock clock = new ConditionClock();

    NodeObjects(String nodeName, String address, int maxPods, Map<String, String> extraLabels, String kedgeVersion) {
        this.nodeName = nodeName;
        this.address = address;
        this.maxPods = maxPods;
        this.extraLabels = extraLabels;
        this.kubeletVersion = "v1.32.0-kedge-" + kedgeVersion;
    }

    ObjectNode node(MachineInfo machine, Instant now) {
        return node(machine, RuntimeFacts.NONE, now);
    }

    ObjectNode node(MachineInfo machine, RuntimeFacts runtime, Instant now) {
        ObjectNode node = JSON.objectNode().put("apiVersion", "v1").put("kind", "Node");
        ObjectNode metadata = node.putObject("metadata").put("name", nodeName);
        ObjectNode labels = metadata.putObject("labels");
        labels(machine).forEach(labels::put);
        node.putObject("spec");
        node.set("status", status(machine, runtime, now));
        return node;
    }

    /** KubeEdge's NodeStatusRequest: {"UID", "Status", "ExtendResources"}. */
    ObjectNode statusRequest(MachineInfo machine, Instant now) {
        return statusRequest(machine, RuntimeFacts.NONE, now);
    }

    ObjectNode statusRequest(MachineInfo machine, RuntimeFacts runtime, Instant now) {
        ObjectNode request = JSON.objectNode().put("UID", "");
        request.set("Status", status(machine, runtime, now));
        request.putObject("ExtendResources");
        return request;
    }

    Map<String, String> labels(MachineInfo machine) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(EDGE_ROLE_LABEL, "");
        labels.put("node-role.kubernetes.io/agent", "");
        labels.put("kubernetes.io/arch", machine.architecture());
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/hostname", nodeName);
        labels.put("beta.kubernetes.io/arch", machine.architecture());
        labels.put("beta.kubernetes.io/os", "linux");
        labels.putAll(extraLabels);
        return labels;
    }

    ObjectNode status(MachineInfo machine, RuntimeFacts runtime, Instant now) {
        ObjectNode status = JSON.objectNode();
        ObjectNode resources = resources(machine);
        status.set("capacity", resources);
        status.set("allocatable", resources.deepCopy());
        status.set("conditions", conditions(machine, now));
        ArrayNode addresses = status.putArray("addresses");
        addresses.addObject().put("type", "InternalIP").put("address", address);
        addresses.addObject().put("type", "Hostname").put("address", machine.hostname());
        status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", 10350);
        status.set("nodeInfo", nodeInfo(machine, runtime));
        ArrayNode images = status.putArray("images");
        for (ImageInfo image : runtime.images()) {
            ArrayNode names = images.addObject().put("sizeBytes", image.sizeBytes()).putArray("names");
            image.names().forEach(names::add);
            if (image.names().isEmpty()) {
                names.add(image.id());
            }
        }
        status.put("phase", "Running");
        return status;
    }

    private ObjectNode resources(MachineInfo machine) {
        return JSON.objectNode()
                .put("cpu", Integer.toString(machine.cpus()))
                .put("memory", machine.memoryBytes() / 1024 + "Ki")
                .put("ephemeral-storage", machine.storageBytes() / 1024 + "Ki")
                .put("pods", Integer.toString(maxPods));
    }

    private ObjectNode nodeInfo(MachineInfo machine, RuntimeFacts runtime) {
        return JSON.objectNode()
                .put("machineID", machine.machineId())
                .put("systemUUID", machine.machineId())
                .put("bootID", machine.bootId())
                .put("kernelVersion", machine.kernelVersion())
                .put("osImage", machine.osImage())
                .put("containerRuntimeVersion", runtime.version())
                .put("kubeletVersion", kubeletVersion)
                .put("kubeProxyVersion", "")
                .put("operatingSystem", "linux")
                .put("architecture", machine.architecture());
    }

    private ArrayNode conditions(MachineInfo machine, Instant now) {
        boolean memoryPressure = machine.memoryAvailableBytes() > 0 && machine.memoryAvailableBytes() < MEMORY_PRESSURE_BYTES;
        boolean diskPressure = machine.storageBytes() > 0 && machine.storageFreeBytes() * 10 < machine.storageBytes();
        ArrayNode conditions = JSON.arrayNode();
        conditions.add(condition("Ready", true, "EdgeReady", "edge is posting ready status", now));
        conditions.add(condition("MemoryPressure", memoryPressure, memoryPressure ? "EdgeHasMemoryPressure"
                : "EdgeHasSufficientMemory", "edge has " + machine.memoryAvailableBytes() / (1024 * 1024) + "Mi available", now));
        conditions.add(condition("DiskPressure", diskPressure, diskPressure ? "EdgeHasDiskPressure"
                : "EdgeHasNoDiskPressure", "edge data disk has " + machine.storageFreeBytes() / (1024 * 1024) + "Mi free", now));
        conditions.add(condition("PIDPressure", false, "EdgeHasSufficientPID", "edge has sufficient PID available", now));
        return conditions;
    }

    private ObjectNode condition(String type, boolean value, String reason, String message, Instant now) {
        String status = value ? "True" : "False";
        return JSON.objectNode()
                .put("type", type)
                .put("status", status)
                .put("lastHeartbeatTime", timestamp(now))
                .put("lastTransitionTime", timestamp(clock.since(type, status, now)))
                .put("reason", reason)
                .put("message", message);
    }

    /** What the bound container runtime tells about itself; {@link #NONE} while none is bound. */
    record RuntimeFacts(String version, List<ImageInfo> images) {
        static final RuntimeFacts NONE = new RuntimeFacts("", List.of());
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Remembers when each condition last changed its status. */
    private static final class ConditionClock {
        private final Map<String, String> statusByType = new LinkedHashMap<>();
        private final Map<String, Instant> sinceByType = new LinkedHashMap<>();

        synchronized Instant since(String type, String status, Instant now) {
            if (!status.equals(statusByType.put(type, status))) {
                sinceByType.put(type, now);
            }
            return sinceByType.get(type);
        }
    }
}
