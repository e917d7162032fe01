package io.kedge.edged.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.runtime.api.ContainerSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Pods as JSON, a clock the test moves, and a preparation that needs no volumes. */
final class TestPods {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String NODE = "edge-1";

    private TestPods() {
    }

    static ObjectNode pod(String name, String restartPolicy, String... containers) {
        ObjectNode pod = JSON.createObjectNode();
        pod.putObject("metadata").put("name", name).put("namespace", "default").put("uid", "uid-" + name);
        ObjectNode spec = pod.putObject("spec").put("nodeName", NODE).put("restartPolicy", restartPolicy);
        for (String container : containers) {
            spec.withArray("containers").addObject().put("name", container).put("image", "busybox:1.36")
                    .putArray("command").add("sh");
        }
        return pod;
    }

    static ObjectNode withInit(ObjectNode pod, String... inits) {
        for (String init : inits) {
            ((ObjectNode) pod.path("spec")).withArray("initContainers").addObject().put("name", init)
                    .put("image", "busybox:1.36");
        }
        return pod;
    }

    static JsonNode containerStatus(JsonNode status, String name) {
        for (String field : List.of("containerStatuses", "initContainerStatuses")) {
            for (JsonNode c : status.path(field)) {
                if (name.equals(c.path("name").asText())) {
                    return c;
                }
            }
        }
        throw new AssertionError("no status of " + name + " in " + status);
    }

    static JsonNode condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        throw new AssertionError("no condition " + type + " in " + status);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** No volumes, env straight from the container's {@code env} values. */
    static class PlainPreparation implements PodPreparation {
        final java.util.Set<String> removed = new java.util.HashSet<>();

        @Override
        public void prepare(JsonNode pod) {
        }

        @Override
        public List<ContainerSpec.Mount> mounts(JsonNode pod, JsonNode container) {
            return List.of();
        }

        @Override
        public List<ContainerSpec.EnvVar> env(JsonNode pod, JsonNode container, String podIp) throws PodSpecException {
            java.util.ArrayList<ContainerSpec.EnvVar> env = new java.util.ArrayList<>();
            container.path("env").forEach(e -> env.add(new ContainerSpec.EnvVar(e.path("name").asText(),
                    e.path("value").asText())));
            return env;
        }

        @Override
        public void remove(String podUid) {
            removed.add(podUid);
        }
    }
}
