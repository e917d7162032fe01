package io.kedge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceTypesTest {

    @Test
    void everyObjectTypeTheCloudSendsHasAKubernetesKind() {
        assertThat(ResourceTypes.OBJECTS).containsExactlyInAnyOrder("pod", "configmap", "secret", "service",
                "endpoints", "endpointslice", "node", "device", "devicemodel");
        ResourceTypes.OBJECTS.forEach(type -> assertThat(ResourceTypes.kindOf(type)).isPresent());
        assertThat(ResourceTypes.kindOf(ResourceTypes.ENDPOINTSLICE))
                .contains(new ResourceTypes.Kind("discovery.k8s.io/v1", "EndpointSlice"));
        assertThat(ResourceTypes.kindOf(ResourceTypes.DEVICE))
                .contains(new ResourceTypes.Kind("devices.kubeedge.io/v1beta1", "Device"));
    }

    @Test
    void typesThatAreNoObjectsHaveNoKind() {
        assertThat(ResourceTypes.isObject(ResourceTypes.INVENTORY)).isFalse();
        assertThat(ResourceTypes.isObject(ResourceTypes.POD_STATUS)).isFalse();
        assertThat(ResourceTypes.isObject(ResourceTypes.DEVICE_TWIN)).isFalse();
        assertThat(ResourceTypes.isObject(ResourceTypes.DEVICE_STATE)).isFalse();
        assertThat(ResourceTypes.kindOf(ResourceTypes.LEASE)).isEmpty();
        assertThat(ResourceTypes.kindOf(null)).isEmpty();
    }
}
