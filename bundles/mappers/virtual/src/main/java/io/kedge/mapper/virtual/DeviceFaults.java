package io.kedge.mapper.virtual;

import io.kedge.mapper.api.ConfigData;
import io.kedge.mapper.api.MapperException;

/**
 * Faults a virtual device plays on request, from the device's configData, so DMI's handling of them can be
 * tested.
 *
 * @param unreachable connect fails with UNREACHABLE
 * @param readDelayMs every read waits this long first (a slow device); closing the connection or interrupting
 *                    the reader ends the wait
 * @param hangReads   every read blocks until the connection is closed or the reader interrupted (a device
 *                    that never answers)
 * @param failReads   every read fails with UNREACHABLE (a device that went silent after connecting)
 */
record DeviceFaults(boolean unreachable, long readDelayMs, boolean hangReads, boolean failReads) {
    static final long MAX_READ_DELAY_MS = 600_000;

    static DeviceFaults of(ConfigData config) throws MapperException {
        return new DeviceFaults(config.flag("unreachable", false), config.integer("readDelayMs", 0, 0, MAX_READ_DELAY_MS),
                config.flag("hangReads", false), config.flag("failReads", false));
    }
}
