package io.kedge.cloud.devicecontroller;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Copies what a node reported into the device's DeviceStatus object as well, where the API serves
 * KubeEdge v1.23's {@code devicestatuses} (looked up once): tools written for v1.23 read the twins there,
 * those for v1.22 in the Device's status, which stays the record. A DeviceStatus is created on first
 * use, named as the device and owned by it (deleted with it), as v1.23's controller does. A failure
 * here is logged and never fails the node's report: the Device was written.
 */
final class StatusMirror {
    private static final Logger LOG = LoggerFactory.getLogger(StatusMirror.class);
    private static final int CONFLICT = 409;

    private final KubernetesClient client;
    private volatile Boolean served;

    StatusMirror(KubernetesClient client) {
        this.client = client;
    }

    void copy(Device device) {
        if (!served()) {
            return;
        }
        String namespace = device.getMetadata().getNamespace();
        String name = device.getMetadata().getName();
        try {
            var statuses = client.resources(DeviceStatusRecord.class).inNamespace(namespace);
            DeviceStatusRecord record = statuses.withName(name).get();
            if (record == null) {
                record = new DeviceStatusRecord();
                record.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name)
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(device.getApiVersion())
                                .withKind(device.getKind()).withName(name).withUid(device.getMetadata().getUid())
                                .withController(true).withBlockOwnerDeletion(true).build())
                        .build());
            }
            DeviceStatus reported = device.getStatus();
            DeviceStatus mirrored = record.getStatus() == null ? new DeviceStatus() : record.getStatus();
            mirrored.setTwins(reported.getTwins());
            mirrored.setState(reported.getState());
            mirrored.setLastOnlineTime(reported.getLastOnlineTime());
            record.setStatus(mirrored);
            if (record.getMetadata().getResourceVersion() == null) {
                statuses.resource(record).create();
            } else {
                statuses.resource(record).update();
            }
        } catch (KubernetesClientException e) {
            // A conflict means someone wrote it meanwhile: the node's next report brings it up to date.
            LOG.atLevel(e.getCode() == CONFLICT ? Level.DEBUG : Level.WARN)
                    .log("DeviceStatus {}/{} not updated: {}", namespace, name, e.getMessage());
        }
    }

    private boolean served() {
        Boolean known = served;
        if (known == null) {
            try {
                var resources = client.getApiResources(DeviceController.API_VERSION);
                known = resources != null && resources.getResources().stream()
                        .anyMatch(resource -> "devicestatuses".equals(resource.getName()));
            } catch (RuntimeException e) { // an API without discovery of the group (or none that reads)
                known = false;
            }
            served = known;
            LOG.info("DeviceStatus objects (KubeEdge v1.23) {}", known ? "are served: reports are copied into them"
                    : "are not served: reports go to the Device status only");
        }
        return known;
    }
}
