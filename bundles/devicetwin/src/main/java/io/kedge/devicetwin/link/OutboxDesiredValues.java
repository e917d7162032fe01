package io.kedge.devicetwin.link;

import io.kedge.api.devices.DesiredValues;
import io.kedge.api.devices.DeviceSummary;
import io.kedge.api.devices.NodeDevices;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.protocol.device.DesiredValueRequest;
import java.util.concurrent.CompletableFuture;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A desired value set on the node (the console's Devices page) goes to the cloud as a
 * {@link DesiredValueRequest} through the durable outbox, one coalescing key per device property.
 * Called by: local administration only (the console checks its own credentials first). Touches:
 * nothing on the node; the cloud decides and writes the Device's spec, and DeviceTwin learns the
 * value when the Device comes back down.
 */
@Component(service = DesiredValues.class)
public class OutboxDesiredValues implements DesiredValues {
    static final String SOURCE = "devicetwin";

    private final UpstreamOutbox outbox;
    private final NodeDevices devices;

    @Activate
    public OutboxDesiredValues(@Reference UpstreamOutbox outbox, @Reference NodeDevices devices) {
        this.outbox = outbox;
        this.devices = devices;
    }

    @Override
    public CompletableFuture<Void> request(String deviceId, String property, String value) {
        DeviceSummary device = devices.devices().stream().filter(d -> d.id().equals(deviceId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("this node has no device " + deviceId));
        if (device.twins().stream().noneMatch(twin -> twin.property().equals(property))) {
            throw new IllegalArgumentException("device " + deviceId + " has no property " + property);
        }
        DesiredValueRequest request = new DesiredValueRequest(property, value);
        DeviceId id = DeviceId.parse(deviceId);
        return outbox.putAsync(request.outboxKey(id.namespace(), id.name()),
                request.message(SOURCE, id.namespace(), id.name()));
    }
}
