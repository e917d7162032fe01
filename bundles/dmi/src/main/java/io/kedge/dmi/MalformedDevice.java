package io.kedge.dmi;

/** A Device or DeviceModel DMI cannot bind; the message says what is wrong, for the device's state. */
final class MalformedDevice extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedDevice(String message) {
        super(message);
    }
}
