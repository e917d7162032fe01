package io.kedge.cloud.devicecontroller;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** KubeEdge's {@code devices.kubeedge.io/v1beta1} Device (CRD in {@code cloud-app/deploy/}). */
@Group("devices.kubeedge.io")
@Version("v1beta1")
@Kind("Device")
@Plural("devices")
public final class Device extends CustomResource<DeviceSpec, DeviceStatus> implements Namespaced {
    private static final long serialVersionUID = 1L;

    @Override
    protected DeviceSpec initSpec() {
        return new DeviceSpec();
    }

    @Override
    protected DeviceStatus initStatus() {
        return new DeviceStatus();
    }
}
