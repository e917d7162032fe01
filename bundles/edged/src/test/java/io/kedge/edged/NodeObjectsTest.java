package io.kedge.edged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeObjectsTest {
    private static final MachineInfo MACHINE = new MachineInfo(4, 8L << 30, 6L << 30, 100L << 30, 50L << 30,
            "gw-7", "Debian GNU/Linux 12 (bookworm)", "6.1.0", "amd64", "abc", "boot-1");

    @Test
    void nodeCarriesEdgeLabelsCapacityAndInfo() {
        NodeObjects objects = new NodeObjects("edge-1", "10.0.0.5", 110, Map.of("site", "plant-3"), "0.1.0");

        ObjectNode node = objects.node(MACHINE, Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(node.path("metadata").path("name").asText()).isEqualTo("edge-1");
        JsonNode labels = node.path("metadata").path("labels");
        assertThat(labels.path("node-role.kubernetes.io/edge").asText("missing")).isEmpty();
        assertThat(labels.path("kubernetes.io/arch").asText()).isEqualTo("amd64");
        assertThat(labels.path("site").asText()).isEqualTo("plant-3");
        JsonNode status = node.path("status");
        assertThat(status.path("capacity").path("cpu").asText()).isEqualTo("4");
        assertThat(status.path("capacity").path("memory").asText()).isEqualTo((8L << 20) + "Ki");
        assertThat(status.path("capacity").path("pods").asText()).isEqualTo("110");
        assertThat(status.path("nodeInfo").path("kubeletVersion").asText()).isEqualTo("v1.32.0-kedge-0.1.0");
        assertThat(status.path("addresses").get(0).path("address").asText()).isEqualTo("10.0.0.5");
        assertThat(status.path("conditions").get(0).path("type").asText()).isEqualTo("Ready");
        assertThat(status.path("conditions").get(0).path("status").asText()).isEqualTo("True");
    }

    @Test
    void transitionTimeMovesOnlyWhenAConditionChanges() {
        NodeObjects objects = new NodeObjects("edge-1", "10.0.0.5", 110, Map.of(), "0.1.0");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Instant t1 = t0.plusSeconds(10);

        objects.statusRequest(MACHINE, t0);
        JsonNode ready = objects.statusRequest(MACHINE, t1).path("Status").path("conditions").get(0);
        assertThat(ready.path("lastHeartbeatTime").asText()).isEqualTo("2026-01-01T00:00:10Z");
        assertThat(ready.path("lastTransitionTime").asText()).isEqualTo("2026-01-01T00:00:00Z");

        MachineInfo lowMemory = new MachineInfo(4, 8L << 30, 10L << 20, 100L << 30, 50L << 30, "gw-7", "", "", "amd64",
                "", "");
        JsonNode memory = objects.statusRequest(lowMemory, t1.plusSeconds(10)).path("Status").path("conditions").get(1);
        assertThat(memory.path("status").asText()).isEqualTo("True");
        assertThat(memory.path("lastTransitionTime").asText()).isEqualTo("2026-01-01T00:00:20Z");
    }

    @Test
    void readsTheMachineFromProcFiles(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("proc/sys/kernel/random"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("proc/cpuinfo"), "processor\t: 0\nmodel\t: x\n\nprocessor\t: 1\n");
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal:       2048000 kB\nMemAvailable:   1024 kB\n");
        Files.writeString(root.resolve("proc/sys/kernel/osrelease"), "6.1.0-test\n");
        Files.writeString(root.resolve("proc/sys/kernel/hostname"), "gateway\n");
        Files.writeString(root.resolve("proc/sys/kernel/random/boot_id"), "b-1\n");
        Files.writeString(root.resolve("etc/os-release"), "NAME=x\nPRETTY_NAME=\"Test OS 1\"\n");
        Files.writeString(root.resolve("etc/machine-id"), "m-1\n");

        MachineInfo machine = MachineInfo.read(root, root);

        assertThat(machine.cpus()).isEqualTo(2);
        assertThat(machine.memoryBytes()).isEqualTo(2048000L * 1024);
        assertThat(machine.memoryAvailableBytes()).isEqualTo(1024L * 1024);
        assertThat(machine.kernelVersion()).isEqualTo("6.1.0-test");
        assertThat(machine.hostname()).isEqualTo("gateway");
        assertThat(machine.osImage()).isEqualTo("Test OS 1");
        assertThat(machine.machineId()).isEqualTo("m-1");
        assertThat(machine.bootId()).isEqualTo("b-1");
        assertThat(machine.storageBytes()).isPositive();
    }

    @Test
    void mapsJavaArchitecturesToKubernetesNames() {
        assertThat(MachineInfo.goArch("x86_64")).isEqualTo("amd64");
        assertThat(MachineInfo.goArch("aarch64")).isEqualTo("arm64");
    }

    @Test
    void parsesExtraLabels() {
        assertThat(NodeStatusReporter.parseLabels(new String[] {"a=1", "b = two"})).containsEntry("a", "1")
                .containsEntry("b", "two");
    }

    @Test
    void reportsTheImagesAndVersionOfTheBoundRuntime() {
        NodeObjects objects = new NodeObjects("edge-1", "10.0.0.5", 110, Map.of(), "0.1.0");
        NodeObjects.RuntimeFacts runtime = new NodeObjects.RuntimeFacts("containerd://1.7.24", java.util.List.of(
                new io.kedge.runtime.api.ImageInfo("sha256:abc", java.util.List.of("docker.io/library/busybox:1.36"), 4_400_000)));

        JsonNode status = objects.statusRequest(MACHINE, runtime, Instant.parse("2026-01-01T00:00:00Z")).path("Status");

        assertThat(status.path("nodeInfo").path("containerRuntimeVersion").asText()).isEqualTo("containerd://1.7.24");
        assertThat(status.path("images").get(0).path("names").get(0).asText()).isEqualTo("docker.io/library/busybox:1.36");
        assertThat(status.path("images").get(0).path("sizeBytes").asLong()).isEqualTo(4_400_000);
        assertThat(objects.statusRequest(MACHINE, Instant.parse("2026-01-01T00:00:00Z")).path("Status").path("images"))
                .isEmpty();
    }
}
