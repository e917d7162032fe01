package io.kedge.dmi;

import io.kedge.api.devices.MappedDevice;
import io.kedge.api.devices.MapperSummary;
import io.kedge.api.devices.NodeMappers;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo: {@code kedge:mappers} lists the device mappers (protocol, bundle and version, health) with
 * the devices bound to each and their state, then the devices no mapper serves. Read only.
 */
@Component(service = MappersCommand.class, property = {
    "osgi.command.scope=kedge",
    "osgi.command.function=mappers"
})
public class MappersCommand {
    private final NodeMappers mappers;

    @Activate
    public MappersCommand(@Reference NodeMappers mappers) {
        this.mappers = mappers;
    }

    public String mappers() {
        return format(mappers.mappers(), mappers.unboundDevices());
    }

    static String format(List<MapperSummary> mappers, List<MappedDevice> unbound) {
        StringBuilder out = new StringBuilder();
        if (mappers.isEmpty()) {
            out.append("no device mappers on this node").append(System.lineSeparator());
        }
        for (MapperSummary mapper : mappers) {
            out.append(String.format("%s  %s %s  %s%s%n", mapper.protocol(), mapper.bundle(), mapper.version(),
                    mapper.healthy() ? "healthy" : "unhealthy: " + mapper.healthReason(), mapper.active() ? "" : "  (standby)"));
            devices(out, mapper.devices());
        }
        if (!unbound.isEmpty()) {
            out.append("devices without a mapper").append(System.lineSeparator());
            devices(out, unbound);
        }
        return out.toString();
    }

    private static void devices(StringBuilder out, List<MappedDevice> devices) {
        for (MappedDevice device : devices) {
            out.append(String.format("  %-40s %-8s %s%n", device.id(), device.state(), device.reason()));
        }
    }
}
