package io.kedge.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What an edge app using the fabric8 Kubernetes client sees when pointed at the MetaServer. */
class Fabric8ClientTest {
    private FakeMetaStore store;
    private RunningServer running;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        store = new FakeMetaStore();
        store.put(FakeMetaStore.pod("default", "web-1", "node-a", "101", Map.of("app", "web")));
        store.put(FakeMetaStore.pod("default", "db-1", "node-b", "102", Map.of("app", "db")));
        store.put(FakeMetaStore.pod("shop", "web-2", "node-a", "103", Map.of("app", "web")));
        store.put(FakeMetaStore.object("secret", "{\"metadata\":{\"name\":\"token\",\"namespace\":\"default\"}}"));
        // heartbeats every few milliseconds: the client must take the bare newlines between events in its stride
        running = RunningServer.start(store, ServerSettings.defaults()
                .withLimits(RequestLimits.defaults().withTimes(Duration.ofSeconds(30), Duration.ofMillis(5))));
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(running.url()).withRequestTimeout(5_000)
                .build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void stop() {
        client.close();
        running.close();
    }

    @Test
    void listsAndGetsPods() {
        assertThat(names(client.pods().inAnyNamespace().list().getItems())).containsExactly("db-1", "web-1", "web-2");
        assertThat(names(client.pods().inNamespace("shop").list().getItems())).containsExactly("web-2");
        Pod pod = client.pods().inNamespace("default").withName("web-1").get();
        assertThat(pod.getSpec().getNodeName()).isEqualTo("node-a");
        assertThat(pod.getMetadata().getResourceVersion()).isEqualTo("101");
        assertThat(client.pods().inNamespace("default").withName("missing").get()).isNull();
    }

    @Test
    void filtersByLabelAndByNodeName() {
        assertThat(names(client.pods().inAnyNamespace().withLabel("app", "web").list().getItems()))
                .containsExactly("web-1", "web-2");
        assertThat(names(client.pods().inAnyNamespace().withLabelIn("app", "db", "cache").list().getItems()))
                .containsExactly("db-1");
        assertThat(names(client.pods().inAnyNamespace().withField("spec.nodeName", "node-b").list().getItems()))
                .containsExactly("db-1");
    }

    @Test
    void refusesSecretsAndWrites() {
        assertThatThrownBy(() -> client.secrets().inAnyNamespace().list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
        assertThatThrownBy(() -> client.pods().inNamespace("default").withName("web-1").delete())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(405));
    }

    @Test
    void watchReceivesAddedModifiedDeleted() {
        List<String> events = new CopyOnWriteArrayList<>();
        String listed = client.pods().inNamespace("default").list().getMetadata().getResourceVersion();
        try (Watch watch = client.pods().inNamespace("default").withResourceVersion(listed).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                events.add(action + " " + pod.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            MetaServerHttpTest.awaitWatches(running, 1);
            store.put(FakeMetaStore.pod("default", "new", "node-a", "201", Map.of()));
            store.put(FakeMetaStore.pod("default", "web-1", "node-a", "202", Map.of("app", "web", "v", "2")));
            store.delete("default", "pod", "db-1");
            store.put(FakeMetaStore.pod("shop", "elsewhere", "node-a", "203", Map.of()));
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 3);
            assertThat(events).containsExactly("ADDED new", "MODIFIED web-1", "DELETED db-1");
        }
    }

    @Test
    void informerFollowsTheStore() {
        List<String> events = new CopyOnWriteArrayList<>();
        SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().withField("spec.nodeName", "node-a")
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        events.add("add " + pod.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(Pod before, Pod after) {
                        events.add("update " + after.getMetadata().getName());
                    }

                    @Override
                    public void onDelete(Pod pod, boolean finalStateUnknown) {
                        events.add("delete " + pod.getMetadata().getName());
                    }
                });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
            MetaServerHttpTest.awaitWatches(running, 1);
            store.put(FakeMetaStore.pod("default", "web-1", "node-a", "301", Map.of("app", "web", "v", "3")));
            store.put(FakeMetaStore.pod("default", "other-node", "node-b", "302", Map.of()));
            store.delete("shop", "pod", "web-2");
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 4);
            assertThat(events).containsExactlyInAnyOrder("add web-1", "add web-2", "update web-1", "delete web-2");
            assertThat(informer.getStore().list()).extracting(p -> p.getMetadata().getName())
                    .containsExactly("web-1");
        } finally {
            informer.close();
        }
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).toList();
    }
}
