package io.kedge.cloud.devicecontroller;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** KubeEdge's {@code devices.kubeedge.io/v1beta1} DeviceModel: a device's blueprint, without status. */
@Group("devices.kubeedge.io")
@Version("v1beta1")
@Kind("DeviceModel")
@Plural("devicemodels")
public final class DeviceModel extends CustomResource<DeviceModelSpec, Void> implements Namespaced {
    private static final long serialVersionUID = 1L;

    @Override
    protected DeviceModelSpec initSpec() {
        return new DeviceModelSpec();
    }
}
