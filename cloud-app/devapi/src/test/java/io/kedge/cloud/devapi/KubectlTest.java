package io.kedge.cloud.devapi;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the real kubectl binary against the embedded server; skipped where kubectl is not installed. */
class KubectlTest {

  private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

  @TempDir
  static Path dir;
  private static EmbeddedApiServer server;
  private static Path kubeconfig;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(Files.isExecutable(KUBECTL), "kubectl not installed at " + KUBECTL + ", skipping");
    server = EmbeddedApiServer.start(0);
    kubeconfig = dir.resolve("kubeconfig");
    server.writeKubeconfig(kubeconfig);
    try (KubernetesClient client = TestObjects.client(server)) {
      client.nodes().resource(TestObjects.node("edge-node-1", "True")).create();
      client.pods().resource(TestObjects.pod("demo", "web", "edge-node-1")).create();
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void getNodesShowsReadyNode() throws Exception {
    String out = kubectl("get", "nodes");
    assertThat(out).contains("edge-node-1").contains("Ready").contains("edge").doesNotContain("NotReady");
  }

  @Test
  void getPodsInAllNamespaces() throws Exception {
    String out = kubectl("get", "pods", "-A");
    assertThat(out).contains("NAMESPACE").contains("demo").contains("web").contains("0/1");
    assertThat(kubectl("get", "pods", "-A", "--field-selector", "spec.nodeName=edge-node-1")).contains("web");
  }

  @Test
  void applyConfigMapTwice() throws Exception {
    Path yaml = dir.resolve("cm.yaml");
    Files.writeString(yaml, configMap("one"));
    assertThat(kubectl("apply", "-f", yaml.toString())).contains("configmap/settings created");
    Files.writeString(yaml, configMap("two"));
    assertThat(kubectl("apply", "-f", yaml.toString())).contains("configmap/settings configured");
    assertThat(kubectl("get", "configmap", "settings", "-o", "jsonpath={.data.mode}")).isEqualTo("two");
  }

  @Test
  void typedCreateCommandsSendProtobufAndAreStored() throws Exception {
    assertThat(kubectl("create", "secret", "generic", "db", "--from-literal=password=s3cret"))
        .contains("secret/db created");
    assertThat(kubectl("get", "secret", "db", "-o", "jsonpath={.data.password}"))
        .isEqualTo(java.util.Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8)));
    assertThat(kubectl("create", "deployment", "web", "--image=nginx", "--replicas=2"))
        .contains("deployment.apps/web created");
    assertThat(kubectl("get", "deployment", "web", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}"))
        .isEqualTo("2 nginx");
    assertThat(kubectl("create", "configmap", "flags", "--from-literal=mode=on")).contains("configmap/flags created");
    assertThat(kubectl("get", "configmap", "flags", "-o", "jsonpath={.data.mode}")).isEqualTo("on");
  }

  @Test
  void devicesAreKnownKindsAndTheDeployFolderApplies() throws Exception {
    assertThat(kubectl("apply", "-f", Path.of("../deploy").toAbsolutePath().normalize().toString()))
        .contains("customresourcedefinition.apiextensions.k8s.io/devices.devices.kubeedge.io")
        .contains("customresourcedefinition.apiextensions.k8s.io/devicemodels.devices.kubeedge.io");
    Path yaml = dir.resolve("device.yaml");
    Files.writeString(yaml, String.join("\n", "apiVersion: devices.kubeedge.io/v1beta1", "kind: Device",
        "metadata:", "  name: thermo-1", "  namespace: default", "spec:", "  deviceModelRef:", "    name: thermo",
        "  nodeName: edge-node-1", "  protocol:", "    protocolName: virtual", ""));
    assertThat(kubectl("apply", "-f", yaml.toString())).contains("device.devices.kubeedge.io/thermo-1 created");
    assertThat(kubectl("get", "devices", "-A")).contains("thermo-1");
    assertThat(kubectl("get", "device", "thermo-1", "-o", "jsonpath={.spec.nodeName}")).isEqualTo("edge-node-1");
    assertThat(kubectl("get", "devicemodels", "-A")).doesNotContain("thermo-1");
  }

  private static String configMap(String mode) {
    return String.join("\n", "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: settings",
        "  namespace: default", "data:", "  mode: " + mode, "");
  }

  /** Runs kubectl with our kubeconfig and a private discovery cache; fails on a non-zero exit. */
  private static String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", dir.resolve("cache").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kubectl %s failed: %s", String.join(" ", args), out).isZero();
    return out;
  }
}
