package io.kedge.edged.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.runtime.api.ContainerStatus;
import io.kedge.runtime.api.SandboxStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A v1 PodStatus from one reconcile pass, with the kubelet's phase rules and condition reasons. */
final class PodStatusBuilder {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String runtimeName;
    private final String hostIp;
    /** uid/condition type → status and since when; so lastTransitionTime moves only on a change. */
    private final Map<String, Map.Entry<String, Instant>> transitions = new ConcurrentHashMap<>();

    PodStatusBuilder(String runtimeName, String hostIp) {
        this.runtimeName = runtimeName;
        this.hostIp = hostIp;
    }

    void forget(String podUid) {
        transitions.keySet().removeIf(k -> k.startsWith(podUid + "/"));
    }

    ObjectNode build(JsonNode pod, PodRun run, Instant now) {
        JsonNode spec = pod.path("spec");
        ArrayNode initStatuses = JSON.arrayNode();
        List<String> unfinishedInits = new ArrayList<>();
        boolean initFailed = false;
        for (JsonNode container : spec.path("initContainers")) {
            String name = container.path("name").asText();
            Optional<ContainerStatus> current = run.current(name);
            boolean done = current.filter(c -> c.state() == ContainerStatus.State.EXITED && c.exitCode() == 0).isPresent();
            if (!done) {
                unfinishedInits.add(name);
                initFailed |= "Never".equals(Pods.restartPolicy(pod)) && current
                        .filter(c -> c.state() == ContainerStatus.State.EXITED && c.exitCode() != 0).isPresent();
            }
            String defaultWaiting = unfinishedInits.size() == 1 && unfinishedInits.get(0).equals(name) && !done
                    ? "ContainerCreating" : "PodInitializing";
            initStatuses.add(containerStatus(container, run, defaultWaiting, false));
        }
        boolean initialized = unfinishedInits.isEmpty();
        ArrayNode appStatuses = JSON.arrayNode();
        List<String> unready = new ArrayList<>();
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (JsonNode container : spec.path("containers")) {
            String name = container.path("name").asText();
            boolean ready = run.ready(name);
            if (!ready) {
                unready.add(name);
            }
            ObjectNode status = containerStatus(container, run, initialized ? "ContainerCreating" : "PodInitializing", ready);
            appStatuses.add(status);
            JsonNode state = status.path("state");
            if (state.has("running")) {
                running++;
            } else if (state.has("terminated")) {
                stopped++;
                succeeded += state.path("terminated").path("exitCode").asInt() == 0 ? 1 : 0;
            } else if (status.path("lastState").has("terminated")) {
                stopped++;
            } else {
                waiting++;
            }
        }
        String phase = phase(Pods.restartPolicy(pod), initFailed, initialized, running, waiting, stopped, succeeded);

        ObjectNode status = JSON.objectNode().put("phase", phase);
        ArrayNode conditions = status.putArray("conditions");
        String uid = Pods.uid(pod);
        boolean completed = "Succeeded".equals(phase) || "Failed".equals(phase);
        conditions.add(condition(uid, "PodScheduled", true, "", "", now));
        conditions.add(condition(uid, "Initialized", initialized, completed ? "PodCompleted" : "ContainersNotInitialized",
                "containers with incomplete status: " + unfinishedInits, now));
        boolean allReady = unready.isEmpty();
        String notReady = completed ? "PodCompleted" : "ContainersNotReady";
        String notReadyMessage = "containers with unready status: " + unready;
        conditions.add(condition(uid, "ContainersReady", allReady, notReady, notReadyMessage, now));
        conditions.add(condition(uid, "Ready", allReady, notReady, notReadyMessage, now));
        status.put("hostIP", hostIp);
        status.putArray("hostIPs").addObject().put("ip", hostIp);
        Optional<SandboxStatus> sandbox = run.sandbox();
        String podIp = sandbox.map(SandboxStatus::ip).filter(ip -> !ip.isEmpty())
                .orElse(spec.path("hostNetwork").asBoolean(false) ? hostIp : "");
        if (!podIp.isEmpty()) {
            status.put("podIP", podIp);
            status.putArray("podIPs").addObject().put("ip", podIp);
        }
        sandbox.map(SandboxStatus::createdAt).ifPresent(at -> status.put("startTime", timestamp(at)));
        run.podWaiting().ifPresent(w -> status.put("reason", w.reason())
                .put("message", w.message()));
        if (!initStatuses.isEmpty()) {
            status.set("initContainerStatuses", initStatuses);
        }
        status.set("containerStatuses", appStatuses);
        status.put("qosClass", qosClass(spec));
        return status;
    }

    /** Kubelet's getPhase. */
    static String phase(String restartPolicy, boolean initFailed, boolean initialized, int running, int waiting,
            int stopped, int succeeded) {
        if (initFailed) {
            return "Failed";
        }
        if (!initialized || waiting > 0) {
            return "Pending";
        }
        if (running > 0) {
            return "Running";
        }
        if (stopped > 0) {
            if ("Always".equals(restartPolicy)) {
                return "Running";
            }
            if (stopped == succeeded) {
                return "Succeeded";
            }
            return "OnFailure".equals(restartPolicy) ? "Running" : "Failed";
        }
        return "Pending";
    }

    /** Kubernetes' QoS class: Guaranteed when every container limits cpu and memory at its requests. */
    static String qosClass(JsonNode spec) {
        boolean any = false;
        boolean guaranteed = true;
        List<JsonNode> containers = new ArrayList<>();
        spec.path("containers").forEach(containers::add);
        spec.path("initContainers").forEach(containers::add);
        for (JsonNode container : containers) {
            JsonNode limits = container.path("resources").path("limits");
            JsonNode requests = container.path("resources").path("requests");
            any |= limits.size() > 0 || requests.size() > 0;
            for (String resource : new String[] {"cpu", "memory"}) {
                JsonNode limit = limits.path(resource);
                JsonNode request = requests.path(resource);
                guaranteed &= !limit.isMissingNode() && (request.isMissingNode()
                        || Quantities.value(request).compareTo(Quantities.value(limit)) == 0);
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    private ObjectNode containerStatus(JsonNode container, PodRun run, String defaultWaiting, boolean ready) {
        String name = container.path("name").asText();
        Optional<ContainerStatus> current = run.current(name);
        Optional<PodRun.Waiting> waiting = run.waiting(name);
        ObjectNode status = JSON.objectNode().put("name", name);
        ObjectNode lastState = JSON.objectNode();
        boolean shownAsWaiting = current.isEmpty() || current.get().state() == ContainerStatus.State.CREATED
                || current.get().state() == ContainerStatus.State.UNKNOWN
                || (current.get().state() == ContainerStatus.State.EXITED && waiting.isPresent());
        if (shownAsWaiting) {
            PodRun.Waiting reason = waiting.orElse(new PodRun.Waiting(defaultWaiting, ""));
            ObjectNode w = status.putObject("state").putObject("waiting").put("reason", reason.reason());
            if (!reason.message().isEmpty()) {
                w.put("message", reason.message());
            }
            current.filter(c -> c.state() == ContainerStatus.State.EXITED)
                    .or(() -> run.previous(name))
                    .ifPresent(c -> lastState.set("terminated", terminated(c)));
        } else {
            ContainerStatus c = current.get();
            ObjectNode state = status.putObject("state");
            if (c.state() == ContainerStatus.State.RUNNING) {
                state.putObject("running").put("startedAt", timestamp(c.startedAt() != null ? c.startedAt() : c.createdAt()));
            } else {
                state.set("terminated", terminated(c));
            }
            run.previous(name).ifPresent(p -> lastState.set("terminated", terminated(p)));
        }
        status.set("lastState", lastState);
        status.put("ready", ready);
        status.put("restartCount", run.restartCount(name));
        status.put("image", container.path("image").asText(""));
        status.put("imageID", current.map(ContainerStatus::imageId).orElse(""));
        current.ifPresent(c -> status.put("containerID", containerId(c)));
        status.put("started", current.filter(c -> c.state() == ContainerStatus.State.RUNNING).isPresent()
                && run.started(name));
        return status;
    }

    private ObjectNode terminated(ContainerStatus c) {
        ObjectNode terminated = JSON.objectNode().put("exitCode", c.exitCode())
                .put("reason", !c.reason().isEmpty() ? c.reason() : c.exitCode() == 0 ? "Completed" : "Error");
        if (!c.message().isEmpty()) {
            terminated.put("message", c.message());
        }
        if (c.startedAt() != null) {
            terminated.put("startedAt", timestamp(c.startedAt()));
        }
        if (c.finishedAt() != null) {
            terminated.put("finishedAt", timestamp(c.finishedAt()));
        }
        return terminated.put("containerID", containerId(c));
    }

    private String containerId(ContainerStatus c) {
        return runtimeName + "://" + c.id();
    }

    private ObjectNode condition(String uid, String type, boolean value, String reason, String message, Instant now) {
        String status = value ? "True" : "False";
        Map.Entry<String, Instant> since = transitions.compute(uid + "/" + type,
                (k, last) -> last != null && last.getKey().equals(status) ? last : Map.entry(status, now));
        ObjectNode condition = JSON.objectNode().put("type", type).put("status", status);
        condition.putNull("lastProbeTime");
        condition.put("lastTransitionTime", timestamp(since.getValue()));
        if (!value && !reason.isEmpty()) {
            condition.put("reason", reason).put("message", message);
        }
        return condition;
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
