package io.kedge.cloud.devicecontroller;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * KubeEdge v1.23's {@code devices.kubeedge.io/v1beta1} DeviceStatus: a device's twins and state in an
 * object of their own, named as the device and owned by it (CRD in {@code cloud-app/deploy/}).
 */
@Group("devices.kubeedge.io")
@Version("v1beta1")
@Kind("DeviceStatus")
@Plural("devicestatuses")
public final class DeviceStatusRecord extends CustomResource<DeviceStatusRecord.Spec, DeviceStatus>
        implements Namespaced {
    private static final long serialVersionUID = 1L;

    /** Empty in KubeEdge: the owner reference names the device. */
    public static final class Spec extends OpenFields {
    }

    @Override
    protected Spec initSpec() {
        return new Spec();
    }

    @Override
    protected DeviceStatus initStatus() {
        return new DeviceStatus();
    }
}
