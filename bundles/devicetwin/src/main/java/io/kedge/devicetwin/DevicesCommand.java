package io.kedge.devicetwin;

import java.time.Instant;
import java.util.Collection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo: {@code kedge:devices} lists the node's devices with their state and each twin's desired and
 * reported value and when it was set. Read only: desired values belong to the cloud (the Device in
 * the API), so the shell sets none.
 */
@Component(service = DevicesCommand.class, property = {
    "osgi.command.scope=kedge",
    "osgi.command.function=devices"
})
public class DevicesCommand {
    private final HeldDevices held;

    @Activate
    public DevicesCommand(@Reference HeldDevices held) {
        this.held = held;
    }

    public String devices() {
        return format(held.devices());
    }

    static String format(Collection<Device> devices) {
        if (devices.isEmpty()) {
            return "no devices bound to this node" + System.lineSeparator();
        }
        StringBuilder out = new StringBuilder();
        for (Device device : devices) {
            out.append(String.format("%s  state %s%s%n", device.id(), device.state().isEmpty() ? "-" : device.state(),
                    device.lastOnline().isEmpty() ? "" : ", last online " + device.lastOnline()));
            out.append(String.format("  %-24s %-8s %-40s %s%n", "PROPERTY", "TYPE", "DESIRED", "REPORTED"));
            device.twins().forEach((name, twin) -> {
                if (!twin.deleted()) {
                    out.append(String.format("  %-24s %-8s %-40s %s%n", name, twin.type(), shown(twin.expected()),
                            shown(twin.actual())));
                }
            });
        }
        return out.toString();
    }

    /** A value with the time it was set, or "-". */
    private static String shown(TwinValue value) {
        return value == null ? "-" : value.value() + " @ " + Instant.ofEpochMilli(value.timestamp());
    }
}
