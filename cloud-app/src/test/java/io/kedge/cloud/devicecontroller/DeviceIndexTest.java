package io.kedge.cloud.devicecontroller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import org.junit.jupiter.api.Test;

/** Which node holds which device and model: a model stays on a node while any device of it does. */
class DeviceIndexTest {
    private static final String NS = "plant";
    private static final ResourcePath MODEL = ResourcePath.of(NS, ResourceTypes.DEVICE_MODEL, "thermo");

    private final DeviceIndex index = new DeviceIndex(new KubernetesSerialization());

    @Test
    void aModelFollowsTheDevicesThatUseIt() {
        index.upsert(MODEL, versioned(DeviceObjects.model(NS, "thermo", "temperature", "FLOAT"), "1"));
        index.upsert(key("t1"), versioned(DeviceObjects.device(NS, "t1", "thermo", "a", "temperature", "1"), "2"));
        index.upsert(key("t2"), versioned(DeviceObjects.device(NS, "t2", "thermo", "a", "temperature", "1"), "3"));

        assertThat(index.desiredFor("a")).containsOnlyKeys(MODEL, key("t1"), key("t2"));
        assertThat(index.objectFor("b", MODEL)).isEmpty();

        Device moved = versioned(DeviceObjects.device(NS, "t1", "thermo", "b", "temperature", "1"), "4");
        assertThat(index.upsert(key("t1"), moved).keysByNode()).containsKeys("a", "b");
        assertThat(index.desiredFor("a")).containsOnlyKeys(MODEL, key("t2"));
        assertThat(index.desiredFor("b")).containsOnlyKeys(MODEL, key("t1"));
        assertThat(index.objectFor("a", key("t1"))).isEmpty();

        index.remove(key("t2"));
        assertThat(index.desiredFor("a")).isEmpty();
        assertThat(index.objectFor("a", MODEL)).as("its last device left").isEmpty();
        assertThat(index.objectFor("b", MODEL)).isPresent();
    }

    @Test
    void aDeviceWhoseModelIsNotThereYetGoesAloneAndItsModelFollows() {
        index.upsert(key("t1"), versioned(DeviceObjects.device(NS, "t1", "thermo", "a", "temperature", "1"), "1"));
        assertThat(index.desiredFor("a")).containsOnlyKeys(key("t1"));

        assertThat(index.upsert(MODEL, versioned(DeviceObjects.model(NS, "thermo", "t", "INT"), "2"))
                .keysByNode()).containsOnlyKeys("a");
        assertThat(index.desiredFor("a")).containsOnlyKeys(MODEL, key("t1"));
    }

    @Test
    void aStatusChangeIsNoChangeForTheNode() {
        Device device = versioned(DeviceObjects.device(NS, "t1", "thermo", "a", "temperature", "1"), "1");
        index.upsert(key("t1"), device);
        Device reported = versioned(DeviceObjects.device(NS, "t1", "thermo", "a", "temperature", "1"), "2");
        reported.getStatus().setState("online");

        assertThat(index.upsert(key("t1"), reported).keysByNode()).isEmpty();
        assertThat(index.desiredFor("a").get(key("t1")).resourceVersion()).isEqualTo("1");

        Device desired = versioned(DeviceObjects.device(NS, "t1", "thermo", "a", "temperature", "5"), "3");
        assertThat(index.upsert(key("t1"), desired).keysByNode()).containsOnlyKeys("a");
        assertThat(index.desiredFor("a").get(key("t1")).resourceVersion()).isEqualTo("3");
    }

    private static ResourcePath key(String name) {
        return ResourcePath.of(NS, ResourceTypes.DEVICE, name);
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T versioned(T object, String version) {
        object.getMetadata().setUid(object.getMetadata().getName() + "-uid");
        object.getMetadata().setResourceVersion(version);
        return object;
    }
}
