package io.kedge.devicetwin;

import java.util.Collection;
import java.util.Map;

/**
 * The JSON payloads DeviceTwin publishes, field for field and byte for byte as KubeEdge's edge
 * writes them (its {@code dttype} structs through Go's encoding/json: fields in declaration order,
 * map keys sorted, {@code omitempty} fields left out when empty). Versions never go to MQTT.
 */
final class TwinMessages {

    private TwinMessages() {
    }

    /** A twin/update, twin/get or membership/get failure: {@code code} and {@code reason}. */
    static byte[] error(String eventId, long now, int code, String reason) {
        GoJson json = base(eventId, now);
        if (code != 0) {
            json.name("code").number(code);
        }
        if (!reason.isEmpty()) {
            json.name("reason").string(reason);
        }
        return json.endObject().bytes();
    }

    /**
     * twin/update/result, twin/get/result and twin/cloud_updated: the twins by name, a null one
     * written as null (deleted by this update); deleted twins of the store are left out by callers.
     */
    static byte[] twins(String eventId, long now, Map<String, Twin> twins) {
        GoJson json = base(eventId, now).name("twin");
        twinMap(json, twins);
        return json.endObject().bytes();
    }

    /** twin/update/document: each changed twin before and after (null when it did not exist). */
    static byte[] document(String eventId, long now, Map<String, TwinChange> changes) {
        GoJson json = base(eventId, now).name("twin").beginObject();
        changes.forEach((name, change) -> {
            json.name(name).beginObject().name("last");
            twinOrNull(json, change.last());
            json.name("current");
            twinOrNull(json, change.current());
            json.endObject();
        });
        return json.endObject().endObject().bytes();
    }

    /** twin/update/delta: every twin with a desired value, and those whose reported value differs. */
    static byte[] delta(String eventId, long now, Map<String, Twin> withDesired, Map<String, String> delta) {
        GoJson json = base(eventId, now).name("twin");
        twinMap(json, withDesired);
        json.name("delta").beginObject();
        delta.forEach((name, desired) -> json.name(name).string(desired));
        return json.endObject().endObject().bytes();
    }

    /** membership/get/result: the node's devices without their twins. */
    static byte[] membership(String eventId, long now, Collection<Device> devices) {
        GoJson json = base(eventId, now).name("devices").beginArray();
        for (Device device : devices) {
            device(json, device, false);
        }
        return json.endArray().endObject().bytes();
    }

    /** membership/updated: devices added (with their twins) or removed; an empty side is null. */
    static byte[] membershipUpdated(String eventId, long now, Collection<Device> added, Collection<Device> removed) {
        GoJson json = base(eventId, now);
        deviceList(json.name("added_devices"), added);
        deviceList(json.name("removed_devices"), removed);
        return json.endObject().bytes();
    }

    /** state/update/result: the device's name, state and last online time. */
    static byte[] state(String eventId, long now, Device device) {
        GoJson json = base(eventId, now).name("device").beginObject();
        nonEmpty(json, "name", device.name());
        nonEmpty(json, "state", device.state());
        nonEmpty(json, "lastOnlineTime", device.lastOnline());
        return json.endObject().endObject().bytes();
    }

    /** {@code $hw/events/device/{id}/updated}: attributes the cloud added or changed, a removed one as null. */
    static byte[] attributes(String eventId, long now, Map<String, AttributeChange> changed) {
        GoJson json = base(eventId, now).name("attributes").beginObject();
        changed.forEach((name, change) -> {
            json.name(name);
            if (change == null) {
                json.nul();
                return;
            }
            json.beginObject().name("value").string(change.value());
            if (change.optional() != null) {
                json.name("optional").bool(change.optional());
            }
            if (change.type() != null) {
                typeMetadata(json, change.type());
            }
            json.endObject();
        });
        return json.endObject().endObject().bytes();
    }

    private static GoJson base(String eventId, long now) {
        return new GoJson().beginObject().name("event_id").string(eventId).name("timestamp").number(now);
    }

    private static void deviceList(GoJson json, Collection<Device> devices) {
        if (devices.isEmpty()) {
            json.nul();
            return;
        }
        json.beginArray();
        for (Device device : devices) {
            device(json, device, true);
        }
        json.endArray();
    }

    private static void device(GoJson json, Device device, boolean withTwins) {
        json.beginObject();
        nonEmpty(json, "id", device.id());
        nonEmpty(json, "name", device.name());
        nonEmpty(json, "description", device.description());
        nonEmpty(json, "state", device.state());
        nonEmpty(json, "last_online", device.lastOnline());
        if (!device.attributes().isEmpty()) {
            json.name("attributes").beginObject();
            device.attributes().forEach((name, attribute) -> attribute(json.name(name), attribute));
            json.endObject();
        }
        if (withTwins && !device.twins().isEmpty()) {
            json.name("twin").beginObject();
            // membership/updated writes a deleted twin as null
            device.twins().forEach((name, twin) -> twinOrNull(json.name(name), twin.deleted() ? null : twin));
            json.endObject();
        }
        json.endObject();
    }

    private static void attribute(GoJson json, Attribute attribute) {
        json.beginObject().name("value").string(attribute.value()).name("optional").bool(attribute.optional());
        typeMetadata(json, attribute.type());
        json.endObject();
    }

    private static void twinMap(GoJson json, Map<String, Twin> twins) {
        json.beginObject();
        twins.forEach((name, twin) -> twinOrNull(json.name(name), twin));
        json.endObject();
    }

    private static void twinOrNull(GoJson json, Twin twin) {
        if (twin == null) {
            json.nul();
            return;
        }
        json.beginObject();
        value(json, "expected", twin.expected());
        value(json, "actual", twin.actual());
        json.name("optional").bool(twin.optional());
        if (twin.type() != null) {
            typeMetadata(json, twin.type());
        }
        json.endObject();
    }

    private static void value(GoJson json, String name, TwinValue value) {
        if (value == null) {
            return;
        }
        json.name(name).beginObject().name("value").string(value.value()).name("metadata").beginObject();
        if (value.timestamp() != 0) {
            json.name("timestamp").number(value.timestamp());
        }
        json.endObject().endObject();
    }

    private static void typeMetadata(GoJson json, String type) {
        json.name("metadata").beginObject();
        nonEmpty(json, "type", type);
        json.endObject();
    }

    private static void nonEmpty(GoJson json, String name, String value) {
        if (value != null && !value.isEmpty()) {
            json.name(name).string(value);
        }
    }
}
