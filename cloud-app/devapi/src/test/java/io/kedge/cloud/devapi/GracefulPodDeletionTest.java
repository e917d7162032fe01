package io.kedge.cloud.devapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With --graceful-pod-deletion, pods bound to a node go as in a real cluster: Terminating first. */
class GracefulPodDeletionTest {
  private EmbeddedApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start(0, null, true);
    client = TestObjects.client(server);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void aBoundPodIsMarkedTerminatingWatchersSeeItAndItGoesWithGraceZeroOfItsUid() {
    Pod pod = client.pods().resource(new PodBuilder(TestObjects.pod("plant", "web", "edge-a")).editSpec()
        .withTerminationGracePeriodSeconds(12L).endSpec().build()).create();
    List<String> events = new CopyOnWriteArrayList<>();
    try (Watch watch = client.pods().inNamespace("plant").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod resource) {
        events.add(action + " " + (resource.getMetadata().getDeletionTimestamp() != null));
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      client.pods().inNamespace("plant").withName("web").delete();

      Pod terminating = client.pods().inNamespace("plant").withName("web").get();
      assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(12L);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("MODIFIED true"));

      String other = "00000000-0000-0000-0000-000000000000";
      assertThatThrownBy(() -> client.raw(server.url() + "/api/v1/namespaces/plant/pods/web", "DELETE",
          new DeleteOptionsBuilder().withGracePeriodSeconds(0L).withNewPreconditions().withUid(other)
              .endPreconditions().build()))
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
      assertThat(client.pods().inNamespace("plant").withName("web").get()).isNotNull();

      client.raw(server.url() + "/api/v1/namespaces/plant/pods/web", "DELETE", new DeleteOptionsBuilder()
          .withGracePeriodSeconds(0L).withNewPreconditions().withUid(pod.getMetadata().getUid()).endPreconditions()
          .build());
      assertThat(client.pods().inNamespace("plant").withName("web").get()).isNull();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.startsWith("DELETED")));
    }
  }

  @Test
  void aPodBoundToNoNodeOrDeletedWithGraceZeroGoesAtOnce() {
    client.pods().resource(TestObjects.pod("plant", "pending", null)).create();
    client.pods().resource(TestObjects.pod("plant", "forced", "edge-a")).create();

    client.pods().inNamespace("plant").withName("pending").delete();
    client.pods().inNamespace("plant").withName("forced").withGracePeriod(0).delete();

    assertThat(client.pods().inNamespace("plant").withName("pending").get()).isNull();
    assertThat(client.pods().inNamespace("plant").withName("forced").get()).isNull();
  }

  @Test
  void withoutTheOptionPodsGoAtOnce() {
    try (EmbeddedApiServer plain = EmbeddedApiServer.start(0); KubernetesClient plainClient = TestObjects.client(plain)) {
      plainClient.pods().resource(TestObjects.pod("plant", "web", "edge-a")).create();

      plainClient.pods().inNamespace("plant").withName("web").delete();

      assertThat(plainClient.pods().inNamespace("plant").withName("web").get()).isNull();
    }
  }
}
