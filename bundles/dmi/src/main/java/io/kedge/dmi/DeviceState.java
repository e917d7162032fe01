package io.kedge.dmi;

/**
 * A device's state as DMI reports it to DeviceTwin.
 *
 * @param state  {@code online} (connected and reading), {@code offline} (unreachable) or {@code unknown}
 * @param reason why, empty when there is nothing to say
 */
record DeviceState(String state, String reason) {
    static final String ONLINE = "online";
    static final String OFFLINE = "offline";
    static final String UNKNOWN = "unknown";

    static DeviceState online(String reason) {
        return new DeviceState(ONLINE, reason);
    }

    static DeviceState offline(String reason) {
        return new DeviceState(OFFLINE, reason);
    }

    static DeviceState unknown(String reason) {
        return new DeviceState(UNKNOWN, reason);
    }
}
