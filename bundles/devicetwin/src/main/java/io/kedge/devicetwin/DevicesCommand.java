package io.kedge.devicetwin;

import io.kedge.api.devices.DeviceSummary;
import io.kedge.api.devices.NodeDevices;
import io.kedge.api.devices.TwinSummary;
import java.time.Instant;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo: {@code kedge:devices} lists the node's devices with their state and each twin's desired and
 * reported value and when it was set, from the same {@link NodeDevices} view the console reads. Read
 * only: desired values belong to the Device in the API.
 */
@Component(service = DevicesCommand.class, property = {
    "osgi.command.scope=kedge",
    "osgi.command.function=devices"
})
public class DevicesCommand {
    private final NodeDevices devices;

    @Activate
    public DevicesCommand(@Reference NodeDevices devices) {
        this.devices = devices;
    }

    public String devices() {
        return format(devices.devices());
    }

    static String format(List<DeviceSummary> devices) {
        if (devices.isEmpty()) {
            return "no devices bound to this node" + System.lineSeparator();
        }
        StringBuilder out = new StringBuilder();
        for (DeviceSummary device : devices) {
            out.append(String.format("%s  state %s%s%n", device.id(), device.state().isEmpty() ? "-" : device.state(),
                    device.lastOnline().isEmpty() ? "" : ", last online " + device.lastOnline()));
            out.append(String.format("  %-24s %-8s %-40s %s%n", "PROPERTY", "TYPE", "DESIRED", "REPORTED"));
            for (TwinSummary twin : device.twins()) {
                out.append(String.format("  %-24s %-8s %-40s %s%n", twin.property(), twin.type(),
                        shown(twin.desired(), twin.desiredTimestamp()), shown(twin.reported(), twin.reportedTimestamp())));
            }
        }
        return out.toString();
    }

    /** A value with the time it was set, or "-" when it never was. */
    private static String shown(String value, long timestamp) {
        return value.isEmpty() && timestamp == 0 ? "-" : value + " @ " + Instant.ofEpochMilli(timestamp);
    }
}
