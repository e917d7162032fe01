package io.kedge.console.mappers;

import io.kedge.api.devices.MappedDevice;
import io.kedge.api.devices.MapperSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The Mappers table as plain text cells: each mapper on its first row with its first device, one
 * more row per further device, then the devices no mapper serves. The page and its refresh both
 * render these rows. The cells are raw text from mapper bundles and the cloud: whoever writes them
 * out escapes them.
 */
final class MapperRows {
    static final List<String> HEADERS = List.of("Protocol", "Bundle", "Version", "Health", "Binds devices", "Source",
            "Device", "Device state", "Reason");
    static final String UNBOUND = "(no mapper)";

    private MapperRows() {
    }

    /**
     * @param source says where a mapper's bundle comes from (by symbolic name and version), e.g. its
     *               file in the deploy folder or why the page cannot remove it
     */
    static List<List<String>> of(List<MapperSummary> mappers, List<MappedDevice> unbound,
            Function<MapperSummary, String> source) {
        List<List<String>> rows = new ArrayList<>();
        for (MapperSummary mapper : mappers) {
            List<String> head = List.of(mapper.protocol(), mapper.bundle(), mapper.version(), health(mapper),
                    mapper.active() ? "yes" : "no (another mapper serves " + mapper.protocol() + ")", source.apply(mapper));
            if (mapper.devices().isEmpty()) {
                rows.add(row(head, null));
            }
            boolean first = true;
            for (MappedDevice device : mapper.devices()) {
                rows.add(row(first ? head : List.of("", "", "", "", "", ""), device));
                first = false;
            }
        }
        for (MappedDevice device : unbound) {
            rows.add(row(List.of(device.protocol(), UNBOUND, "", "", "", ""), device));
        }
        return rows;
    }

    static String health(MapperSummary mapper) {
        return mapper.healthy() ? "healthy" : "unhealthy: " + mapper.healthReason();
    }

    private static List<String> row(List<String> mapperCells, MappedDevice device) {
        List<String> row = new ArrayList<>(mapperCells);
        if (device == null) {
            row.addAll(List.of("", "", ""));
        } else {
            row.addAll(List.of(device.id(), device.state(), device.reason()));
        }
        return List.copyOf(row);
    }
}
