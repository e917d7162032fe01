package io.kedge.cloud.devicecontroller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.edgecontroller.EdgeController;
import io.kedge.cloud.edgecontroller.downstream.EdgeKind;
import io.kedge.cloud.edgecontroller.downstream.IndexedKinds;
import io.kedge.protocol.ResourceTypes;
import java.util.List;

/**
 * KubeEdge's device management from the cloud side: Devices and DeviceModels
 * ({@code devices.kubeedge.io/v1beta1}) go to the node in each device's {@code spec.nodeName}, and
 * what nodes report about their devices is written to the devices' status.
 *
 * <p>Down: the two kinds are registered with the EdgeController's downstream sync ({@link #downstream}),
 * which informs on both (one informer per kind, cluster-wide) and delivers them like pods: an insert
 * or update of a device with its model to its node, a delete on the old node and an insert on the new
 * one when {@code nodeName} changes, a delete when it is deleted, its model deleted from a node with
 * the node's last device of it; a changed desired value is an update of the device object. Inventory
 * diff on every connect, acks and resends come with the sync. Up: {@link DeviceReportHandler}, and
 * {@link DesiredValueHandler} for desired values set on a node.
 */
public final class DeviceController {
    static final String API_VERSION = io.kedge.protocol.ResourceTypes.DEVICES_API_VERSION;
    static final EdgeKind DEVICES = EdgeKind.typed(ResourceTypes.DEVICE, Device.class, false,
            client -> client.resources(Device.class).inAnyNamespace());
    static final EdgeKind MODELS = EdgeKind.typed(ResourceTypes.DEVICE_MODEL, DeviceModel.class, false,
            client -> client.resources(DeviceModel.class).inAnyNamespace());

    private final KubernetesClient client;
    private final DeviceIndex index;

    public DeviceController(KubernetesClient client) {
        this.client = client;
        this.index = new DeviceIndex(client.getKubernetesSerialization());
    }

    /** The kinds and their index, for the EdgeController's downstream sync. */
    public IndexedKinds downstream() {
        return new IndexedKinds(List.of(MODELS, DEVICES), index);
    }

    /** Registers the handler of device reports with the EdgeController, its API writes in the node's report queue. */
    public void registerUpstream(EdgeController edgeController) {
        edgeController.handlers().register(
                new DeviceReportHandler(client, edgeController.reportWriter()::submit).registration());
        edgeController.handlers().register(
                new DesiredValueHandler(client, edgeController.reportWriter()::submit).registration());
    }
}
