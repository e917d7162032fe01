package io.kedge.devicetwin;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One device of this node with everything DeviceTwin keeps of it. Its maps are sorted by name (as
 * KubeEdge's JSON writes them) and unmodifiable.
 *
 * @param id         KubeEdge's device id, {@code namespace/name}
 * @param state      the state a mapper last reported, "" before any
 * @param lastOnline RFC 3339 time of the last online/ok state, ""
 */
record Device(String id, String name, String description, String state, String lastOnline,
        Map<String, Attribute> attributes, Map<String, Twin> twins) {

    Device {
        description = description == null ? "" : description;
        state = state == null ? "" : state;
        lastOnline = lastOnline == null ? "" : lastOnline;
        attributes = sorted(attributes);
        twins = sorted(twins);
    }

    Device withTwins(Map<String, Twin> newTwins) {
        return new Device(id, name, description, state, lastOnline, attributes, sorted(newTwins));
    }

    Device withState(String newState, String newLastOnline) {
        return new Device(id, name, description, newState, newLastOnline, attributes, twins);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map == null ? Map.of() : map));
    }
}
