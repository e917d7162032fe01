package io.kedge.edged.pod;

import static io.kedge.edged.pod.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaObject;
import io.kedge.api.meta.MetaStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class PodSyncTest {
    private final TestPods.MutableClock clock = new TestPods.MutableClock();
    private final FakeRuntime runtime = new FakeRuntime(clock);
    private final Map<String, MetaObject> objects = new ConcurrentHashMap<>();
    private final List<String> published = new ArrayList<>();
    private final Map<String, JsonNode> lastStatus = new ConcurrentHashMap<>();
    private final PodReconciler reconciler = new PodReconciler(() -> Optional.of(runtime), "fake",
            new TestPods.PlainPreparation(), Readiness.WITHOUT_PROBES, clock, "192.168.1.5", "/tmp/logs");
    private final List<String> terminated = new ArrayList<>();
    private final List<String> refusedTerminations = new ArrayList<>();
    private final PodSync sync = new PodSync(new MapStore(), List::of, TestPods.NODE, reconciler, Runnable::run, (pod, status) -> {
        published.add(Pods.name(pod));
        lastStatus.put(Pods.name(pod), status);
    }, pod -> {
        if (!refusedTerminations.isEmpty()) {
            throw new IllegalStateException(refusedTerminations.remove(0));
        }
        terminated.add(Pods.uid(pod));
    });

    @Test
    void runsThisNodesPodsAndIgnoresOthers() {
        store(pod("mine", "Always", "app"));
        ObjectNode other = pod("theirs", "Always", "app");
        ((ObjectNode) other.path("spec")).put("nodeName", "edge-2");
        store(other);

        sync.syncAll();

        assertThat(runtime.sandboxes.values()).extracting(s -> s.podName()).containsExactly("mine");
        assertThat(published).containsExactly("mine");
        assertThat(sync.pods()).extracting(PodSync.PodView::name).containsExactly("mine");
    }

    @Test
    void aPassOverManyPodsListsTheRuntimeOnceAndAgainOnlyAfterItsOwnChanges() {
        for (int i = 0; i < 20; i++) {
            store(pod("web-" + i, "Always", "app"));
        }
        sync.syncAll(); // starts them all: listings follow Edged's own changes
        assertThat(runtime.sandboxes).hasSize(20);

        runtime.sandboxListings = 0;
        runtime.containerListings = 0;
        sync.syncAll();
        assertThat(runtime.sandboxListings).as("sandbox listings in a pass over 20 running pods").isEqualTo(1);
        assertThat(runtime.containerListings).as("container listings in that pass").isEqualTo(1);

        runtime.exit("web-7", "app", 1); // outside Edged: seen by the next pass, which restarts it
        runtime.sandboxListings = 0;
        runtime.containerListings = 0;
        sync.syncAll();
        assertThat(lastStatus.get("web-7").path("containerStatuses").get(0).path("restartCount").asInt()).isEqualTo(1);
        assertThat(runtime.containerListings).as("once, then once after each of the restart's own changes")
                .isBetween(2, 4);
    }

    @Test
    void statusIsPublishedOnlyWhenItChanged() {
        store(pod("web", "Always", "app"));
        sync.syncAll();
        sync.syncAll();
        assertThat(published).containsExactly("web");

        runtime.exit("web", "app", 1);
        sync.syncAll();
        assertThat(published).containsExactly("web", "web");
        assertThat(lastStatus.get("web").path("containerStatuses").get(0).path("restartCount").asInt()).isEqualTo(1);
    }

    @Test
    void aPodDeletedFromTheStoreIsStoppedWithItsGracePeriod() {
        ObjectNode pod = pod("web", "Always", "app");
        store(pod);
        sync.syncAll();
        ((ObjectNode) pod.path("metadata")).put("deletionGracePeriodSeconds", 5);
        MetaObject gone = objects.remove("web");

        sync.onChange(new MetaEvent(MetaEvent.Kind.DELETED, new MetaObject("default", "pod", "web", "uid-web", "2", pod), 2));

        assertThat(gone).isNotNull();
        assertThat(runtime.stops).extracting(FakeRuntime.Stop::grace).containsExactly(Duration.ofSeconds(5));
        assertThat(runtime.sandboxes).isEmpty();
        assertThat(sync.pods()).isEmpty();
    }

    @Test
    void podsTheStoreDoesNotKnowAreRemovedFromTheRuntime() throws Exception {
        // a pod deleted while the node was down: the runtime still has it, the store no longer
        store(pod("old", "Always", "app"));
        sync.syncAll();
        objects.clear();
        PodSync afterRestart = new PodSync(new MapStore(), List::of, TestPods.NODE, reconciler, Runnable::run, (p, s) -> { }, p -> { });

        afterRestart.syncAll();

        assertThat(runtime.sandboxes).isEmpty();
        assertThat(runtime.stops).extracting(FakeRuntime.Stop::grace).containsExactly(Pods.DEFAULT_GRACE);
    }

    @Test
    void afterARestartTheRunningContainersAreTakenOverNotDuplicated() {
        store(pod("web", "Always", "app"));
        sync.syncAll();
        PodReconciler fresh = new PodReconciler(() -> Optional.of(runtime), "fake", new TestPods.PlainPreparation(),
                Readiness.WITHOUT_PROBES, clock, "192.168.1.5", "/tmp/logs");
        new PodSync(new MapStore(), List::of, TestPods.NODE, fresh, Runnable::run, (p, s) -> { }, p -> { }).syncAll();
        assertThat(runtime.sandboxes).hasSize(1);
        assertThat(runtime.containers).hasSize(1);
    }

    @Test
    void aPodTheRuntimeFailsForDoesNotStopTheOthers() {
        runtime.failingPods.add("bad");
        store(pod("bad", "Always", "app"));
        store(pod("good", "Always", "app"));

        sync.syncAll();

        assertThat(lastStatus.get("good").path("phase").asText()).isEqualTo("Running");
        JsonNode bad = lastStatus.get("bad");
        assertThat(bad.path("phase").asText()).isEqualTo("Pending");
        assertThat(bad.path("containerStatuses").get(0).path("state").path("waiting").path("reason").asText())
                .isEqualTo("CreatePodSandboxError");
    }

    @Test
    void aStoreEventReconcilesThatPod() {
        ObjectNode pod = pod("web", "Always", "app");
        store(pod);
        sync.onChange(new MetaEvent(MetaEvent.Kind.ADDED, objects.get("web"), 1));
        assertThat(runtime.started).containsExactly("app");
    }

    @Test
    void aPodStuckInTheRuntimeDoesNotHoldUpTheOthers() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        FakeRuntime slow = new FakeRuntime(clock) {
            @Override
            public String runPodSandbox(io.kedge.runtime.api.SandboxSpec spec) throws io.kedge.runtime.api.RuntimeFailure {
                if (spec.podName().equals("stuck")) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.runPodSandbox(spec);
            }
        };
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            Map<String, JsonNode> statuses = new ConcurrentHashMap<>();
            PodReconciler reconciler = new PodReconciler(() -> Optional.of(slow), "fake", new TestPods.PlainPreparation(),
                    Readiness.WITHOUT_PROBES, clock, "192.168.1.5", "/tmp/logs");
            PodSync parallel = new PodSync(new MapStore(), List::of, TestPods.NODE, reconciler, pool,
                    (pod, status) -> statuses.put(Pods.name(pod), status), pod -> { });
            store(pod("stuck", "Always", "app"));
            store(pod("fine", "Always", "app"));

            parallel.syncAll();
            parallel.syncAll(); // asks again for the stuck pod: coalesced, never run twice at once

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> statuses.containsKey("fine") && statuses.get("fine").path("phase").asText().equals("Running"));
            assertThat(statuses).doesNotContainKey("stuck");
            assertThat(parallel.busy("uid-stuck")).isTrue();

            release.countDown();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !parallel.busy("uid-stuck"));
            assertThat(statuses.get("stuck").path("phase").asText()).isEqualTo("Running");
            assertThat(slow.sandboxes.values()).extracting(s -> s.podName()).containsExactlyInAnyOrder("stuck", "fine");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aPodMarkedForDeletionIsStoppedWithItsGracePeriod() {
        ObjectNode pod = pod("web", "Always", "app");
        store(pod);
        sync.syncAll();
        ObjectNode deleting = pod.deepCopy();
        ((ObjectNode) deleting.path("metadata")).put("deletionTimestamp", "2026-01-01T00:00:05Z")
                .put("deletionGracePeriodSeconds", 12);
        store(deleting);

        sync.onChange(new MetaEvent(MetaEvent.Kind.MODIFIED, objects.get("web"), 2));

        assertThat(runtime.stops).extracting(FakeRuntime.Stop::grace).containsExactly(Duration.ofSeconds(12));
        assertThat(runtime.sandboxes).isEmpty();
        sync.syncAll(); // still in the store: not started again
        assertThat(runtime.sandboxes).isEmpty();
    }

    @Test
    void theEndOfAPodMarkedForDeletionIsToldOnceAllItsContainersStopped() {
        ObjectNode pod = pod("web", "Always", "app", "sidecar");
        store(pod);
        sync.syncAll();
        store(markedForDeletion(pod));

        sync.onChange(new MetaEvent(MetaEvent.Kind.MODIFIED, objects.get("web"), 2));

        assertThat(runtime.stops).extracting(FakeRuntime.Stop::grace).containsExactly(Duration.ofSeconds(3),
                Duration.ofSeconds(3));
        assertThat(runtime.sandboxes).isEmpty();
        assertThat(terminated).containsExactly("uid-web");

        sync.syncAll(); // the store still holds it until the cloud deletes it: told once, not on every pass
        sync.onChange(new MetaEvent(MetaEvent.Kind.MODIFIED, objects.get("web"), 3));
        assertThat(terminated).containsExactly("uid-web");
    }

    @Test
    void aPodThatCouldNotBeStoppedIsNotToldEnded() {
        ObjectNode pod = pod("web", "Always", "app");
        store(pod);
        sync.syncAll();
        runtime.failStops = true;
        store(markedForDeletion(pod));

        sync.syncAll();
        assertThat(terminated).isEmpty();

        runtime.failStops = false;
        sync.syncAll();
        assertThat(terminated).containsExactly("uid-web");
    }

    @Test
    void anEndTheOutboxDidNotKeepIsOfferedAgainOnTheNextPass() {
        ObjectNode pod = pod("web", "Always", "app");
        store(pod);
        sync.syncAll();
        refusedTerminations.add("disk full");
        store(markedForDeletion(pod));

        sync.syncAll();
        assertThat(terminated).isEmpty();

        sync.syncAll();
        assertThat(terminated).containsExactly("uid-web");
    }

    @Test
    void aPodDeletedWithoutMarkOrOfAnotherNodeIsNotToldEnded() {
        ObjectNode web = pod("web", "Always", "app");
        store(web);
        sync.syncAll();
        objects.remove("web");
        sync.onChange(new MetaEvent(MetaEvent.Kind.DELETED, new MetaObject("default", "pod", "web", "uid-web", "2", web), 2));
        ObjectNode theirs = markedForDeletion(pod("theirs", "Always", "app"));
        ((ObjectNode) theirs.path("spec")).put("nodeName", "edge-2");
        store(theirs);

        sync.syncAll();

        assertThat(runtime.sandboxes).isEmpty();
        assertThat(terminated).isEmpty();
    }

    @Test
    void staticPodsRunBesideTheStoresAndTheirMirrorsDoNot() {
        List<JsonNode> statics = new java.util.concurrent.CopyOnWriteArrayList<>();
        PodSync withStatic = new PodSync(new MapStore(), () -> List.copyOf(statics), TestPods.NODE, reconciler,
                Runnable::run, (pod, status) -> published.add(Pods.name(pod)), pod -> { });
        ObjectNode manifest = pod("web", "Always", "app");
        ObjectNode web = io.kedge.edged.staticpod.StaticPod.of(manifest, TestPods.NODE, manifest.toString().getBytes());
        statics.add(web);
        ObjectNode mirror = io.kedge.edged.staticpod.StaticPod.mirrorOf(web);
        ((ObjectNode) mirror.get("metadata")).put("uid", "api-uid");
        store(mirror);

        withStatic.syncAll();
        withStatic.onChange(new MetaEvent(MetaEvent.Kind.MODIFIED, objects.get(Pods.name(mirror)), 2));

        assertThat(runtime.sandboxes.values()).extracting(s -> s.podUid()).containsExactly(Pods.uid(web));
        assertThat(published).containsExactly(Pods.name(web));

        withStatic.syncAll(); // the mirror showed up in the store: the static pod's status goes to it again
        assertThat(published).containsExactly(Pods.name(web), Pods.name(web));

        statics.clear();
        withStatic.syncAll();
        assertThat(runtime.sandboxes).isEmpty();
    }

    private static ObjectNode markedForDeletion(ObjectNode pod) {
        ObjectNode deleting = pod.deepCopy();
        ((ObjectNode) deleting.path("metadata")).put("deletionTimestamp", "2026-01-01T00:00:05Z")
                .put("deletionGracePeriodSeconds", 3);
        return deleting;
    }

    private void store(ObjectNode pod) {
        objects.put(Pods.name(pod), new MetaObject(Pods.namespace(pod), "pod", Pods.name(pod), Pods.uid(pod), "1", pod));
    }

    private final class MapStore implements MetaStore {
        @Override
        public Optional<MetaObject> get(String namespace, String type, String name) {
            return Optional.ofNullable(objects.get(name));
        }

        @Override
        public List<MetaObject> list(String type, String namespace) {
            return List.copyOf(objects.values());
        }

        @Override
        public long revision() {
            return 0;
        }

        @Override
        public Map<String, String> inventory() {
            return Map.of();
        }
    }
}
