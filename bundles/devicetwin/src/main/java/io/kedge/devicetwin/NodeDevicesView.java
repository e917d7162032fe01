package io.kedge.devicetwin;

import io.kedge.api.devices.DeviceSummary;
import io.kedge.api.devices.NodeDevices;
import io.kedge.api.devices.TwinSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@link NodeDevices} over DeviceTwin's devices as held now: a copy taken under DeviceTwin's lock,
 * so a reader never sees half an update. Deleted twins (KubeEdge keeps them as tombstones) are left out.
 */
final class NodeDevicesView implements NodeDevices {
    private final Supplier<Map<String, Device>> devices;

    NodeDevicesView(Supplier<Map<String, Device>> devices) {
        this.devices = devices;
    }

    @Override
    public List<DeviceSummary> devices() {
        List<DeviceSummary> out = new ArrayList<>();
        new TreeMap<>(devices.get()).values().forEach(device -> out.add(summary(device)));
        return out;
    }

    private static DeviceSummary summary(Device device) {
        List<TwinSummary> twins = new ArrayList<>();
        device.twins().forEach((property, twin) -> {
            if (!twin.deleted()) {
                twins.add(new TwinSummary(property, orEmpty(twin.type()), value(twin.expected()), time(twin.expected()),
                        value(twin.actual()), time(twin.actual())));
            }
        });
        return new DeviceSummary(device.id(), orEmpty(device.name()), device.state(), device.lastOnline(), twins);
    }

    private static String value(TwinValue value) {
        return value == null || value.value() == null ? "" : value.value();
    }

    private static long time(TwinValue value) {
        return value == null ? 0 : value.timestamp();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
