package io.kedge.api.devices;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The devices the cloud bound to this node, as DeviceTwin holds them now, registered by DeviceTwin.
 * Read-only: nothing here changes a device. Names, values and states come from the cloud or from
 * device mappers, so a caller that renders them must escape them.
 */
@ProviderType
public interface NodeDevices {
    /** Every device of this node, sorted by id ({@code namespace/name}); empty, never null. */
    List<DeviceSummary> devices();
}
