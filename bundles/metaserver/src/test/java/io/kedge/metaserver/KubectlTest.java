package io.kedge.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.protocol.MessageCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl against the MetaServer; skipped where kubectl is not installed. */
class KubectlTest {
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    @TempDir
    Path home;
    private FakeMetaStore store;
    private RunningServer running;
    private Path kubeconfig;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl not found at " + KUBECTL + ": skipping the kubectl test");
        store = new FakeMetaStore();
        store.put(FakeMetaStore.pod("default", "web-1", "node-a", "101", Map.of("app", "web")));
        store.put(FakeMetaStore.pod("shop", "web-2", "node-a", "102", Map.of("app", "web")));
        // heartbeats every few milliseconds: kubectl must take the spaces between events in its stride
        running = RunningServer.start(store, ServerSettings.defaults()
                .withLimits(RequestLimits.defaults().withTimes(Duration.ofSeconds(30), Duration.ofMillis(5))));
        kubeconfig = home.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: edge
                  cluster:
                    server: %s
                contexts:
                - name: edge
                  context:
                    cluster: edge
                current-context: edge
                """.formatted(running.url()));
    }

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void getPodsInAllNamespaces() throws Exception {
        Result result = kubectl(Duration.ofSeconds(20), "get", "pods", "-A");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("NAMESPACE").containsPattern("default\\s+web-1")
                .containsPattern("shop\\s+web-2");
    }

    @Test
    void getOnePodAsJson() throws Exception {
        Result result = kubectl(Duration.ofSeconds(20), "get", "pod", "web-1", "-n", "default", "-o", "json");
        assertThat(result.exit()).as(result.output()).isZero();
        JsonNode pod = MessageCodec.mapper().readTree(result.output());
        assertThat(pod.path("kind").asText()).isEqualTo("Pod");
        assertThat(pod.path("spec").path("nodeName").asText()).isEqualTo("node-a");
    }

    @Test
    void watchShowsNewPods() throws Exception {
        Thread adder = new Thread(() -> {
            try {
                MetaServerHttpTest.awaitWatches(running, 1);
                store.put(FakeMetaStore.pod("shop", "late-arrival", "node-a", "200", Map.of()));
            } catch (RuntimeException e) {
                // the assertion on the output below reports it
            }
        });
        adder.start();
        Result result = kubectl(Duration.ofSeconds(20), "get", "pods", "-A", "-w", "--request-timeout=5s");
        adder.join();
        assertThat(result.output()).contains("web-1").contains("web-2").contains("late-arrival");
    }

    private record Result(int exit, String output) {
    }

    private Result kubectl(Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", home.resolve("cache").toString()));
        command.addAll(List.of(args));
        Path output = home.resolve("out-" + System.nanoTime());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return new Result(process.exitValue(), Files.readString(output));
    }
}
