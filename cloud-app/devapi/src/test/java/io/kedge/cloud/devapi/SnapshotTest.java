package io.kedge.cloud.devapi;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotTest {

  @TempDir
  Path dir;

  @Test
  void theStateFileTheKubeconfigAndTheFoldersCreatedForThemAreTheUsersOnly() throws Exception {
    Path state = dir.resolve("state/api-state.json");
    Path kubeconfig = dir.resolve("kube/config");
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0, state);
        KubernetesClient client = TestObjects.client(api)) {
      client.secrets().resource(new SecretBuilder().withNewMetadata().withName("s").endMetadata()
          .addToStringData("password", "hunter2").build()).create();
      api.writeKubeconfig(kubeconfig);
    }

    assertThat(Files.readString(state)).contains("\"s\"");
    assertThat(permissions(state)).isEqualTo("rw-------");
    assertThat(permissions(state.getParent())).isEqualTo("rwx------");
    assertThat(permissions(kubeconfig)).isEqualTo("rw-------");
    assertThat(permissions(kubeconfig.getParent())).isEqualTo("rwx------");
  }

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void objectsSurviveRestartAndResourceVersionsKeepGrowing() throws Exception {
    Path state = dir.resolve("state.json");
    String nodeUid;
    long lastRv;
    try (EmbeddedApiServer first = EmbeddedApiServer.start(0, state);
        KubernetesClient client = TestObjects.client(first)) {
      nodeUid = client.nodes().resource(TestObjects.node("kept", "True")).create().getMetadata().getUid();
      client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata()
          .addToData("k", "v").build()).create();
      client.genericKubernetesResources("devices.kubeedge.io/v1beta1", "Device").inNamespace("default")
          .resource(device("d1")).create();
      client.configMaps().withName("cfg").edit(cm -> {
        cm.getData().put("k2", "v2");
        return cm;
      });
      lastRv = Long.parseLong(client.configMaps().withName("cfg").get().getMetadata().getResourceVersion());
      // the newest version then disappears: the counter, not the stored objects, must decide what comes next
      client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("gone").endMetadata().build())
          .create();
      lastRv = Math.max(lastRv, Long.parseLong(client.configMaps().withName("gone").get().getMetadata()
          .getResourceVersion()));
      client.configMaps().withName("gone").delete();
    }
    assertThat(state).exists();
    assertThat(Files.readString(state)).contains("\"kept\"");

    try (EmbeddedApiServer second = EmbeddedApiServer.start(0, state);
        KubernetesClient client = TestObjects.client(second)) {
      Node node = client.nodes().withName("kept").get();
      assertThat(node.getMetadata().getUid()).isEqualTo(nodeUid);
      assertThat(client.configMaps().withName("cfg").get().getData()).containsEntry("k", "v");
      var devices = client.genericKubernetesResources("devices.kubeedge.io/v1beta1", "Device").inNamespace("default");
      assertThat(devices.withName("d1").get()).isNotNull();
      // the bundled CRD is there again with its status subresource: a device status update must work
      devices.withName("d1").editStatus(d -> {
        d.getAdditionalProperties().put("status", Map.of("twin", "ok"));
        return d;
      });

      String newRv = client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("cfg2")
          .endMetadata().build()).create().getMetadata().getResourceVersion();
      assertThat(Long.parseLong(newRv)).isGreaterThan(lastRv);
    }
  }

  @Test
  void periodicSaveWritesWhileRunning() throws Exception {
    Path state = dir.resolve("live.json");
    try (EmbeddedApiServer server = EmbeddedApiServer.start(0, state);
        KubernetesClient client = TestObjects.client(server)) {
      client.nodes().resource(TestObjects.node("live", "True")).create();
      long deadline = System.currentTimeMillis() + 10_000;
      while (!(Files.exists(state) && Files.readString(state).contains("\"live\""))
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      assertThat(Files.readString(state)).contains("\"live\"");
    }
  }

  private static GenericKubernetesResource device(String name) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("devices.kubeedge.io/v1beta1").withKind("Device")
        .withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .addToAdditionalProperties("spec", Map.of("model", "m"))
        .build();
  }
}
