package io.kedge.cloud.edgecontroller.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.protocol.ResourcePath;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncDiffTest {
    private static final ResourcePath POD = ResourcePath.of("ns", "pod", "p");
    private static final ResourcePath CM = ResourcePath.of("ns", "configmap", "c");
    private static final ResourcePath OLD_POD = ResourcePath.of("ns", "pod", "old");
    private static final ResourcePath OLD_CM = ResourcePath.of("ns", "configmap", "old");

    @Test
    void insertsMissingUpdatesChangedAndDeletesExtraKeys() {
        Map<ResourcePath, ObjectVersion> desired = Map.of(
                POD, new ObjectVersion("u1", "5"),
                CM, new ObjectVersion("u2", "3"),
                ResourcePath.of("ns", "secret", "same"), new ObjectVersion("u3", "1"),
                ResourcePath.of("ns", "pod", "recreated"), new ObjectVersion("new-uid", "9"));
        Map<ResourcePath, ObjectVersion> held = Map.of(
                POD, new ObjectVersion("u1", "4"),
                ResourcePath.of("ns", "secret", "same"), new ObjectVersion("u3", "1"),
                ResourcePath.of("ns", "pod", "recreated"), new ObjectVersion("old-uid", "9"),
                OLD_POD, new ObjectVersion("u4", "1"),
                OLD_CM, new ObjectVersion("u5", "1"));

        assertThat(SyncDiff.between(desired, held)).extracting(s -> s.operation() + " " + s.key())
                .containsExactly(
                        "insert ns/configmap/c",
                        "update ns/pod/p",
                        "update ns/pod/recreated",
                        "delete ns/pod/old",
                        "delete ns/configmap/old");
    }

    @Test
    void nothingToDoWhenTheNodeIsUpToDate() {
        Map<ResourcePath, ObjectVersion> both = Map.of(POD, new ObjectVersion("u", "1"));
        assertThat(SyncDiff.between(both, both)).isEmpty();
    }
}
