package io.kedge.devicetwin;

/** A desired or reported value and when it was set (epoch milliseconds). */
record TwinValue(String value, long timestamp) {
}
