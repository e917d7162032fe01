package io.kedge.devicedata;

/**
 * One reading as the time series holds it.
 *
 * @param deviceId {@code namespace/name}
 * @param property the property's name
 * @param value    the value as text
 * @param time     when it was read, epoch milliseconds
 */
record StoredReading(String deviceId, String property, String value, long time) {
}
