package io.kedge.metamanager;

import static io.kedge.metamanager.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaListener;
import java.util.concurrent.Executors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventDispatcherTest {
    @TempDir
    Path dir;

    EventDispatcher dispatcher = new EventDispatcher(Executors.newSingleThreadExecutor());
    ObjectStore store;

    static final class Recorder implements MetaListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onChange(MetaEvent event) {
            seen.add(event.kind() + " " + event.object().key() + "@" + event.revision());
        }
    }

    @BeforeEach
    void open() {
        store = new ObjectStore(dir.resolve("meta.db"), 1_000, Duration.ofSeconds(10), dispatcher);
    }

    @AfterEach
    void close() {
        dispatcher.close();
        store.close();
    }

    void subscribe(MetaListener listener, Set<String> types) {
        store.snapshotTo((held, revision) -> dispatcher.subscribe(listener, types, held, revision));
    }

    @Test
    void aNewListenerGetsWhatIsHeldThenLiveChangesInOrder() {
        store.apply(pod("ns", "b", "u2", "1"));
        store.apply(pod("ns", "a", "u1", "1"));
        Recorder recorder = new Recorder();

        subscribe(recorder, Set.of());
        store.apply(pod("ns", "a", "u1", "2"));
        store.delete("ns/pod/b", "");

        await().until(() -> recorder.seen.size() == 4);
        assertThat(recorder.seen).containsExactly("ADDED ns/pod/a@2", "ADDED ns/pod/b@2", "MODIFIED ns/pod/a@3",
                "DELETED ns/pod/b@4");
    }

    @Test
    void aListenerGetsOnlyItsTypesAndNothingAfterItLeft() {
        Recorder configMaps = new Recorder();
        MetaListener failing = event -> {
            throw new IllegalStateException("listener bug");
        };
        subscribe(configMaps, Set.of("configmap"));
        subscribe(failing, Set.of());

        store.apply(pod("ns", "a", "u1", "1"));
        store.apply(new io.kedge.api.meta.MetaObject("ns", "configmap", "c", "u2", "1",
                TestObjects.json("ConfigMap", "ns", "c", "u2", "1")));
        await().until(() -> configMaps.seen.size() == 1);
        dispatcher.unsubscribe(configMaps);
        store.apply(new io.kedge.api.meta.MetaObject("ns", "configmap", "c", "u2", "2",
                TestObjects.json("ConfigMap", "ns", "c", "u2", "2")));
        Recorder last = new Recorder();
        subscribe(last, Set.of());
        await().until(() -> last.seen.size() == 2);

        assertThat(configMaps.seen).containsExactly("ADDED ns/configmap/c@2");
    }
}
