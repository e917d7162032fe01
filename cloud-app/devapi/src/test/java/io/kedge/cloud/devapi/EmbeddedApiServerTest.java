package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kedge.protocol.kube.PodStatusPatchExample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedApiServerTest {

  private EmbeddedApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start(0);
    client = TestObjects.client(server);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void versionCarriesKedgeMarker() {
    assertThat(server.port()).isPositive();
    assertThat(client.getKubernetesVersion().getGitVersion()).contains("kedge");
  }

  @Test
  void nodeStatusCanBeUpdatedPatchedAndEdited() {
    client.nodes().resource(TestObjects.node("n1", "False")).create();

    Node node = client.nodes().withName("n1").get();
    node.getStatus().getConditions().get(0).setStatus("True");
    client.nodes().resource(node).updateStatus();
    assertThat(readyStatus("n1")).isEqualTo("True");

    Node patched = client.nodes().withName("n1").get();
    patched.getStatus().getConditions().get(0).setStatus("Unknown");
    client.nodes().resource(patched).patchStatus();
    assertThat(readyStatus("n1")).isEqualTo("Unknown");

    client.nodes().withName("n1").editStatus(n -> {
      n.getStatus().getConditions().get(0).setStatus("False");
      return n;
    });
    assertThat(readyStatus("n1")).isEqualTo("False");
  }

  @Test
  void editAndMergePatchesWork() {
    client.nodes().resource(TestObjects.node("n2", "True")).create();

    client.nodes().withName("n2").edit(n -> {
      n.getMetadata().getLabels().put("zone", "a");
      return n;
    });
    client.nodes().withName("n2").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"labels\":{\"zone\":null,\"tier\":\"edge\"}}}");
    Map<String, String> labels = client.nodes().withName("n2").get().getMetadata().getLabels();
    assertThat(labels).containsEntry("tier", "edge").doesNotContainKey("zone");

    // strategic merge keeps the existing Ready condition and adds another one, merged by "type"
    NodeCondition pressure = new NodeConditionBuilder().withType("MemoryPressure").withStatus("False").build();
    client.nodes().withName("n2").subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"status\":{\"conditions\":[" + Serialization.asJson(pressure) + "]}}");
    assertThat(client.nodes().withName("n2").get().getStatus().getConditions())
        .extracting(NodeCondition::getType).containsExactlyInAnyOrder("Ready", "MemoryPressure");
  }

  @Test
  void aStrategicPodStatusPatchEndsAsOnTheEdgesMetaServer() throws Exception {
    client.pods().resource(TestObjects.pod("default", "reporter", "n1")).create();
    var status = client.pods().inNamespace("default").withName("reporter").subresource("status");

    status.patch(PatchContext.of(PatchType.JSON_MERGE), PodStatusPatchExample.FIRST);
    status.patch(PatchContext.of(PatchType.STRATEGIC_MERGE), PodStatusPatchExample.STRATEGIC);

    JsonNode stored = JsonResponses.read(TestObjects.get(server, "/api/v1/namespaces/default/pods/reporter",
        "application/json").body());
    PodStatusPatchExample.assertExpected(stored.path("status"));
  }

  @Test
  void malformedStrategicPatchesAndFieldSelectorsAreRefusedWith400() throws Exception {
    client.pods().resource(TestObjects.pod("default", "target", "n1")).create();
    assertThatThrownBy(() -> client.pods().inNamespace("default").withName("target").subresource("status")
        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"status\":{\"$unknown\":1}}"))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
    assertThat(TestObjects.get(server, "/api/v1/pods?fieldSelector=spec.nodeName", "application/json").statusCode())
        .isEqualTo(400);
  }

  @Test
  void podsCanBeListedAndWatchedByNodeName() throws Exception {
    List<String> watched = new CopyOnWriteArrayList<>();
    CountDownLatch twoEvents = new CountDownLatch(2);
    try (Watch watch = client.pods().inAnyNamespace().withField("spec.nodeName", "a").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        watched.add(pod.getMetadata().getName());
        twoEvents.countDown();
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      client.pods().resource(TestObjects.pod("default", "on-a", "a")).create();
      client.pods().resource(TestObjects.pod("default", "on-b", "b")).create();
      client.pods().resource(TestObjects.pod("kube-system", "also-on-a", "a")).create();

      List<Pod> onA = client.pods().inAnyNamespace().withField("spec.nodeName", "a").list().getItems();
      assertThat(onA).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("on-a", "also-on-a");
      assertThat(client.pods().inNamespace("default").withField("spec.nodeName", "b").list().getItems())
          .extracting(p -> p.getMetadata().getName()).containsExactly("on-b");

      assertThat(twoEvents.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(300); // would let a wrongly forwarded "on-b" event arrive
      assertThat(watched).containsExactlyInAnyOrder("on-a", "also-on-a");
    }
  }

  @Test
  void kubeEdgesDeviceCrdsAreThereFromTheStartAndCustomResourcesWork() throws Exception {
    assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems())
        .extracting(crd -> crd.getMetadata().getName())
        .contains("devices.devices.kubeedge.io", "devicemodels.devices.kubeedge.io");

    JsonNode groups = JsonResponses.read(TestObjects.get(server, "/apis", "application/json").body());
    assertThat(groups.findValuesAsText("name")).contains("devices.kubeedge.io", "apps");
    JsonNode resources = JsonResponses.read(
        TestObjects.get(server, "/apis/devices.kubeedge.io/v1beta1", "application/json").body());
    assertThat(resources.path("resources").findValuesAsText("name"))
        .contains("devices", "devices/status", "devicemodels").doesNotContain("devicemodels/status");

    GenericKubernetesResource device = new GenericKubernetesResourceBuilder()
        .withApiVersion("devices.kubeedge.io/v1beta1").withKind("Device")
        .withNewMetadata().withName("thermo").withNamespace("default").endMetadata()
        .addToAdditionalProperties("spec", Map.of("model", "t1"))
        .build();
    var devices = client.genericKubernetesResources("devices.kubeedge.io/v1beta1", "Device").inNamespace("default");
    devices.resource(device).create();
    devices.withName("thermo").editStatus(d -> {
      d.getAdditionalProperties().put("status", Map.of("online", true));
      return d;
    });
    assertThat(devices.withName("thermo").get().getAdditionalProperties().get("status"))
        .isEqualTo(Map.of("online", true));
  }

  @Test
  void informerSeesAddedAndModifiedNodes() throws Exception {
    CountDownLatch added = new CountDownLatch(1);
    CountDownLatch modified = new CountDownLatch(1);
    SharedIndexInformer<Node> informer = client.nodes().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        added.countDown();
      }

      @Override
      public void onUpdate(Node oldNode, Node newNode) {
        modified.countDown();
      }

      @Override
      public void onDelete(Node node, boolean unknownFinalState) {
      }
    });
    try {
      client.nodes().resource(TestObjects.node("n3", "True")).create();
      assertThat(added.await(10, TimeUnit.SECONDS)).isTrue();
      client.nodes().withName("n3").edit(n -> {
        n.getMetadata().getLabels().put("changed", "yes");
        return n;
      });
      assertThat(modified.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      informer.close();
    }
  }

  @Test
  void nodesAndPodsAreServedAsTables() throws Exception {
    client.nodes().resource(TestObjects.node("n4", "True")).create();
    client.pods().resource(TestObjects.pod("default", "p4", "n4")).create();
    String asTable = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    JsonNode nodes = JsonResponses.read(TestObjects.get(server, "/api/v1/nodes", asTable).body());
    assertThat(nodes.path("kind").asText()).isEqualTo("Table");
    assertThat(nodes.path("columnDefinitions").findValuesAsText("name"))
        .containsExactly("Name", "Status", "Roles", "Age", "Version");
    JsonNode cells = nodes.path("rows").get(0).path("cells");
    assertThat(cells.get(0).asText()).isEqualTo("n4");
    assertThat(cells.get(1).asText()).isEqualTo("Ready");
    assertThat(cells.get(2).asText()).isEqualTo("edge");
    assertThat(nodes.path("rows").get(0).path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");

    HttpResponse<String> pods = TestObjects.get(server, "/api/v1/namespaces/default/pods/p4?includeObject=Object",
        asTable);
    JsonNode podRow = JsonResponses.read(pods.body()).path("rows").get(0);
    assertThat(podRow.path("cells").get(1).asText()).isEqualTo("0/1");
    assertThat(podRow.path("object").path("spec").path("nodeName").asText()).isEqualTo("n4");

    JsonNode configMaps = JsonResponses.read(TestObjects.get(server, "/api/v1/configmaps", asTable).body());
    assertThat(configMaps.path("kind").asText()).endsWith("List"); // the mock answers plain "List"
    assertThat(configMaps.has("items")).isTrue();
  }

  @Test
  void writesKubeconfig(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("kubeconfig");
    server.writeKubeconfig(file);
    String text = Files.readString(file);
    assertThat(text).contains("server: " + server.url()).contains("current-context: kedge");
    Config config = Config.fromKubeconfig(text);
    assertThat(config.getMasterUrl()).startsWith(server.url());
  }

  private String readyStatus(String node) {
    return client.nodes().withName(node).get().getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow().getStatus();
  }
}
