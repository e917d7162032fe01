package io.kedge.devicetwin;

import java.util.List;

/**
 * KubeEdge's MQTT topics for devices. A device id is {@code namespace/name} (two topic levels, as
 * KubeEdge's edge subscribes {@code $hw/events/device/+/+/twin/+}); one-level ids of older mappers
 * are accepted too.
 */
final class DeviceTopics {
    static final String DEVICE_PREFIX = "$hw/events/device/";
    static final String NODE_PREFIX = "$hw/events/node/";
    static final String TWIN_UPDATE = "/twin/update";
    static final String TWIN_UPDATE_RESULT = "/twin/update/result";
    static final String TWIN_UPDATE_DOCUMENT = "/twin/update/document";
    static final String TWIN_UPDATE_DELTA = "/twin/update/delta";
    static final String TWIN_GET = "/twin/get";
    static final String TWIN_GET_RESULT = "/twin/get/result";
    static final String TWIN_CLOUD_UPDATED = "/twin/cloud_updated";
    static final String STATE_UPDATE = "/state/update";
    static final String STATE_UPDATE_RESULT = "/state/update/result";
    static final String DEVICE_UPDATED = "/updated";
    static final String MEMBERSHIP_GET = "/membership/get";
    static final String MEMBERSHIP_GET_RESULT = "/membership/get/result";
    static final String MEMBERSHIP_UPDATED = "/membership/updated";

    /** What DeviceTwin handles, and so subscribes to. */
    enum Kind {
        TWIN_UPDATE(DeviceTopics.TWIN_UPDATE), TWIN_GET(DeviceTopics.TWIN_GET), STATE_UPDATE(DeviceTopics.STATE_UPDATE);

        final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }
    }

    /** A device topic taken apart. */
    record DeviceTopic(Kind kind, String deviceId) {
    }

    private DeviceTopics() {
    }

    static String device(String deviceId, String suffix) {
        return DEVICE_PREFIX + deviceId + suffix;
    }

    static String node(String nodeName, String suffix) {
        return NODE_PREFIX + nodeName + suffix;
    }

    /** The filters for the topics DeviceTwin answers: per kind, two-level and one-level device ids. */
    static List<String> filters(String nodeName) {
        return List.of(
                DEVICE_PREFIX + "+/+" + TWIN_UPDATE, DEVICE_PREFIX + "+" + TWIN_UPDATE,
                DEVICE_PREFIX + "+/+" + TWIN_GET, DEVICE_PREFIX + "+" + TWIN_GET,
                DEVICE_PREFIX + "+/+" + STATE_UPDATE, DEVICE_PREFIX + "+" + STATE_UPDATE,
                node(nodeName, MEMBERSHIP_GET));
    }

    /**
     * Whether {@code id} can stand in a topic: one or two non-empty levels without MQTT wildcards
     * (a Kubernetes namespace and name always can).
     */
    static boolean validId(String id) {
        if (id == null || id.isEmpty() || id.startsWith("/") || id.endsWith("/") || id.contains("//")
                || id.split("/", -1).length > 2) {
            return false;
        }
        return id.chars().noneMatch(c -> c == '+' || c == '#' || c == 0 || Character.isISOControl(c));
    }

    /** The device topic {@code topic} is, or null when it is none DeviceTwin handles. */
    static DeviceTopic parse(String topic) {
        if (!topic.startsWith(DEVICE_PREFIX)) {
            return null;
        }
        for (Kind kind : Kind.values()) {
            if (topic.endsWith(kind.suffix) && topic.length() > DEVICE_PREFIX.length() + kind.suffix.length()) {
                String id = topic.substring(DEVICE_PREFIX.length(), topic.length() - kind.suffix.length());
                if (validId(id)) {
                    return new DeviceTopic(kind, id);
                }
            }
        }
        return null;
    }
}
