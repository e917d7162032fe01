package io.kedge.dmi;

import io.kedge.mapper.api.Reading;

/** What a {@link Binding} tells DMI; called on DMI's loop. */
interface BindingEvents {
    void state(String deviceId, DeviceState state);

    void reading(String deviceId, String property, Reading reading);

    /** A property's report cycle came round. */
    void reportDue(String deviceId, String property);

    /** The value DMI last wrote to a property (through any mapper), or null. */
    String lastWritten(String deviceId, String property);

    /** A desired value was written, or refused for good: not to be written again until it changes. */
    void written(String deviceId, String property, String value);
}
