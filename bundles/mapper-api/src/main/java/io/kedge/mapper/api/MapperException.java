package io.kedge.mapper.api;

import java.util.Objects;

/** Why a mapper could not connect, read or write; the message is shown as the device's state reason. */
public class MapperException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What DMI does about it. */
    public enum Reason {
        /** The device's or property's configuration is unusable: no retry until it changes. */
        BAD_CONFIG,
        /** The device did not answer: the device is offline, DMI retries. */
        UNREACHABLE,
        /** A value the property cannot take: the write is dropped, the device stays online. */
        BAD_VALUE,
        /** This mapper cannot do that for this property (e.g. write a read-only register). */
        UNSUPPORTED
    }

    private final Reason reason;

    public MapperException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public MapperException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
