package io.kedge.devicetwin;

import java.util.Collection;

/** Read-only view of the devices DeviceTwin holds now, for the shell inside this bundle. */
public interface HeldDevices {

    /** Every device of this node as committed to the twin store, sorted by id. */
    Collection<Device> devices();
}
