package io.kedge.metamanager;

import static io.kedge.metamanager.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.api.meta.MetaEvent.Kind;
import io.kedge.api.meta.ApplyStats;
import io.kedge.api.meta.MetaObject;
import io.kedge.metamanager.ObjectStore.Outcome;
import io.kedge.metamanager.ObjectStore.Result;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreTest {
    @TempDir
    Path dir;

    TestObjects.RecordingSink sink = new TestObjects.RecordingSink();
    ObjectStore store;

    @BeforeEach
    void open() {
        store = reopen();
    }

    @AfterEach
    void close() {
        store.close();
    }

    ObjectStore reopen() {
        if (store != null) {
            store.close();
        }
        store = new ObjectStore(dir.resolve("meta.db"), 1_000, Duration.ofSeconds(10), sink);
        return store;
    }

    @Test
    void changesInOneWriteAreDurableAndPublishedOnlyAtItsEnd() {
        java.util.List<Result> results = new java.util.ArrayList<>();
        store.inOneWrite(() -> {
            results.add(store.apply(pod("ns", "a", "ua", "1")));
            results.add(store.apply(pod("ns", "b", "ub", "1")));
            results.add(store.delete("ns/pod/a", "ua"));
            assertThat(sink.events).as("nothing published before the write").isEmpty();
            assertThat(store.isDurable("ns/pod/b")).isFalse();
        });

        assertThat(results).extracting(Result::outcome).containsOnly(Outcome.APPLIED);
        assertThat(store.isDurable("ns/pod/a")).isTrue();
        assertThat(store.isDurable("ns/pod/b")).isTrue();
        assertThat(sink.events).extracting(e -> e.kind() + " " + e.object().name() + " " + e.revision())
                .containsExactly("ADDED a 1", "ADDED b 2", "DELETED a 3");
        store = reopen();
        assertThat(store.list("pod", "ns")).extracting(MetaObject::name).containsExactly("b");
        assertThat(store.revision()).isEqualTo(3);
    }

    @Test
    void insertUpdateAndDeleteAreHeldAndDurable() {
        assertThat(store.apply(pod("ns", "a", "u1", "5"))).isEqualTo(new Result(Outcome.APPLIED, true));
        assertThat(store.apply(pod("ns", "a", "u1", "6")).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(store.get("ns", "pod", "a")).map(MetaObject::resourceVersion).contains("6");

        assertThat(store.delete("ns/pod/a", "u1")).isEqualTo(new Result(Outcome.APPLIED, true));

        assertThat(store.get("ns", "pod", "a")).isEmpty();
        assertThat(store.revision()).isEqualTo(3);
        assertThat(sink.events).extracting(e -> e.kind() + "@" + e.revision())
                .containsExactly("ADDED@1", "MODIFIED@2", "DELETED@3");
    }

    @Test
    void sameOrOlderVersionsAreCountedApartAndChangeNothing() {
        store.apply(pod("ns", "a", "u1", "10"));

        assertThat(store.apply(pod("ns", "a", "u1", "10"))).isEqualTo(new Result(Outcome.DUPLICATE, true));
        assertThat(store.apply(pod("ns", "a", "u1", "9")).outcome()).isEqualTo(Outcome.DUPLICATE);

        assertThat(store.get("ns", "pod", "a")).map(MetaObject::resourceVersion).contains("10");
        assertThat(store.applyStats()).isEqualTo(new ApplyStats(1, 1, 1));
        assertThat(store.revision()).isEqualTo(1);
    }

    @Test
    void versionsCompareAsNumbersNotAsText() {
        store.apply(pod("ns", "a", "u1", "9"));

        assertThat(store.apply(pod("ns", "a", "u1", "10")).outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void aRecreatedObjectReplacesTheOldOneWhateverItsVersion() {
        store.apply(pod("ns", "a", "old-uid", "100"));

        assertThat(store.apply(pod("ns", "a", "new-uid", "3")).outcome()).isEqualTo(Outcome.APPLIED);

        assertThat(store.get("ns", "pod", "a")).map(MetaObject::uid).contains("new-uid");
        assertThat(sink.events).extracting(e -> e.kind() + " " + e.object().uid())
                .containsExactly("ADDED old-uid", "DELETED old-uid", "ADDED new-uid");
    }

    @Test
    void aDeleteOfAnotherIncarnationOrOfNothingIsIgnored() {
        store.apply(pod("ns", "a", "u2", "1"));

        assertThat(store.delete("ns/pod/a", "u1")).isEqualTo(new Result(Outcome.IGNORED, true));
        assertThat(store.delete("ns/pod/missing", "")).isEqualTo(new Result(Outcome.IGNORED, true));
        assertThat(store.get("ns", "pod", "a")).isPresent();

        assertThat(store.delete("ns/pod/a", "").outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(store.get("ns", "pod", "a")).isEmpty();
    }

    @Test
    void objectsAndRevisionSurviveAReopen() {
        store.apply(pod("ns", "a", "u1", "1"));
        store.apply(pod("ns", "b", "u2", "1"));
        store.delete("ns/pod/a", "");

        reopen();

        assertThat(store.revision()).isEqualTo(3);
        assertThat(store.list("pod", null)).extracting(MetaObject::name).containsExactly("b");
        store.apply(pod("ns", "c", "u3", "1"));
        assertThat(store.revision()).isEqualTo(4);
    }

    @Test
    void aMissingDataDirectoryIsCreated() {
        store.close();
        try (ObjectStore fresh = new ObjectStore(dir.resolve("not/yet/meta.db"), 1_000, Duration.ofSeconds(10), sink)) {
            assertThat(fresh.apply(pod("ns", "a", "u1", "1")).durable()).isTrue();
        }
    }

    @Test
    void listsByTypeAndNamespaceInKeyOrder() {
        store.apply(pod("b", "x", "u1", "1"));
        store.apply(pod("a", "y", "u2", "1"));
        store.apply(pod("a", "x", "u3", "1"));
        store.apply(new MetaObject("a", "configmap", "x", "u4", "1", TestObjects.json("ConfigMap", "a", "x", "u4", "1")));

        assertThat(store.list("pod", null)).extracting(MetaObject::key).containsExactly("a/pod/x", "a/pod/y", "b/pod/x");
        assertThat(store.list("pod", "a")).extracting(MetaObject::key).containsExactly("a/pod/x", "a/pod/y");
        assertThat(store.list("configmap", "b")).isEmpty();
    }

    @Test
    void inventoryMapsUidToResourceVersion() {
        store.apply(pod("ns", "a", "u1", "7"));
        store.apply(pod("ns", "b", "u2", "8"));

        assertThat(store.inventory()).containsExactly(
                java.util.Map.entry("u1", "7"), java.util.Map.entry("u2", "8"));
    }

    @Test
    void twoThousandObjectsAreAllThereAfterAReopen() {
        for (int i = 0; i < 2_000; i++) {
            store.apply(pod("ns" + (i % 7), "pod-" + i, "uid-" + i, Integer.toString(i)));
        }

        reopen();

        assertThat(store.revision()).isEqualTo(2_000);
        assertThat(store.inventory()).hasSize(2_000);
        assertThat(store.get("ns4", "pod", "pod-1999")).map(o -> o.object().path("metadata").path("uid").asText())
                .contains("uid-1999");
        assertThat(store.list("pod", "ns0")).hasSize(286);
    }
}
