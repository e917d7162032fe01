package io.kedge.devicetwin.link;

import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.devicetwin.port.CloudPort;
import io.kedge.devicetwin.port.CloudReport;
import io.kedge.protocol.Message;
import io.kedge.protocol.device.DeviceStateReport;
import io.kedge.protocol.device.DeviceTwinReport;
import io.kedge.protocol.device.TwinReport;
import io.kedge.protocol.device.TwinValue;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * DeviceTwin's reports go up through the node's durable outbox, one coalescing key per device
 * property and one per device state, so an offline node sends only the latest values when it returns.
 */
@Component(service = CloudPort.class)
public class OutboxCloudPort implements CloudPort {
    static final String SOURCE = "devicetwin";

    private final UpstreamOutbox outbox;
    private final LongSupplier clock;

    @Activate
    public OutboxCloudPort(@Reference UpstreamOutbox outbox) {
        this(outbox, System::currentTimeMillis);
    }

    OutboxCloudPort(UpstreamOutbox outbox, LongSupplier clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Void> report(String key, CloudReport report) {
        DeviceId device = DeviceId.parse(report.deviceId());
        Message message;
        String outboxKey;
        if (report instanceof CloudReport.Twin twin) {
            TwinReport values = new TwinReport(value(twin.desired(), twin.desiredTimestamp()),
                    value(twin.reported(), twin.reportedTimestamp()), twin.type());
            message = DeviceTwinReport.of(twin.property(), values, clock.getAsLong())
                    .message(SOURCE, device.namespace(), device.name());
            outboxKey = DeviceTwinReport.outboxKey(device.namespace(), device.name(), twin.property());
        } else {
            CloudReport.State state = (CloudReport.State) report;
            message = new DeviceStateReport("", clock.getAsLong(), state.state(), state.lastOnline())
                    .message(SOURCE, device.namespace(), device.name());
            outboxKey = DeviceStateReport.outboxKey(device.namespace(), device.name());
        }
        return outbox.putAsync(outboxKey, message);
    }

    private static TwinValue value(String value, long timestamp) {
        return value == null ? null : new TwinValue(value, timestamp);
    }
}
