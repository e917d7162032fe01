package io.kedge.dmi;

import java.time.Duration;

/**
 * @param callTimeout   the longest DMI waits for one mapper call (connect, read, write, subscribe)
 * @param retryMin      first delay before connecting again to an unreachable device; also how soon
 *                      reports DeviceTwin did not take are offered again
 * @param retryMax      longest delay between connection attempts
 * @param defaultCycle  collect and report cycle of a property that sets none (or 0)
 * @param queueCapacity reports (one per property, one per state) held while DeviceTwin does not take them
 */
record DmiSettings(Duration callTimeout, Duration retryMin, Duration retryMax, Duration defaultCycle, int queueCapacity) {
}
