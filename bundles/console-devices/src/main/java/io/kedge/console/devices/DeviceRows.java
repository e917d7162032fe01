package io.kedge.console.devices;

import io.kedge.api.devices.DeviceSummary;
import io.kedge.api.devices.TwinSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Devices table as plain text cells, one row per twin (a device without twins gets one row).
 * The page and its refresh both render these rows, so they cannot disagree. The cells are raw text
 * from the cloud or from mappers: whoever writes them out escapes them.
 */
final class DeviceRows {
    static final List<String> HEADERS = List.of("Device", "State", "Last online", "Property", "Type", "Desired",
            "Desired at", "Reported", "Reported at");

    private DeviceRows() {
    }

    static List<List<String>> of(List<DeviceSummary> devices) {
        List<List<String>> rows = new ArrayList<>();
        for (DeviceSummary device : devices) {
            if (device.twins().isEmpty()) {
                rows.add(List.of(device.id(), device.state(), device.lastOnline(), "", "", "", "", "", ""));
            }
            boolean first = true;
            for (TwinSummary twin : device.twins()) {
                rows.add(List.of(first ? device.id() : "", first ? device.state() : "", first ? device.lastOnline() : "",
                        twin.property(), twin.type(), twin.desired(), time(twin.desiredTimestamp()), twin.reported(),
                        time(twin.reportedTimestamp())));
                first = false;
            }
        }
        return rows;
    }

    /** UTC ISO-8601, or empty for a value never set. */
    static String time(long epochMillis) {
        return epochMillis <= 0 ? "" : Instant.ofEpochMilli(epochMillis).toString();
    }
}
