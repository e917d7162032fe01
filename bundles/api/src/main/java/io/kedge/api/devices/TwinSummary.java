package io.kedge.api.devices;

/**
 * One property of a device: the value the cloud (or an edge app) wants and the value the device
 * reported, each with when it was set. A value that was never set is empty with timestamp 0.
 *
 * @param property          the property's name
 * @param type              its value type (string, int, float, double, boolean, ...), empty when unknown
 * @param desired           the desired value
 * @param desiredTimestamp  when it was set, epoch milliseconds
 * @param reported          the reported value
 * @param reportedTimestamp when it was reported, epoch milliseconds
 */
public record TwinSummary(String property, String type, String desired, long desiredTimestamp, String reported,
        long reportedTimestamp) {
}
