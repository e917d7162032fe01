package io.kedge.api.devices;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The device mappers of this node and the devices bound to each, as DMI holds them now; registered
 * by DMI for the console and the shell. Read-only. Names and reasons come from mapper bundles and
 * the cloud, so a caller that renders them must escape them.
 */
@ProviderType
public interface NodeMappers {
    /** Every mapper service, sorted by protocol; empty, never null. */
    List<MapperSummary> mappers();

    /** Devices whose protocol no mapper serves now, sorted by id, with why they are not bound. */
    List<MappedDevice> unboundDevices();
}
