package io.kedge.dmi;

import io.kedge.mapper.api.DeviceMapper;
import java.util.Comparator;

/**
 * One DeviceMapper service as DMI knows it.
 *
 * @param ranking   service.ranking: of several mappers of one protocol the highest serves
 * @param serviceId service.id: the older serves among equal rankings
 */
record MapperRef(DeviceMapper mapper, String protocol, String bundle, String version, int ranking, long serviceId) {
    /** Best first. */
    static final Comparator<MapperRef> PREFERRED = Comparator.comparingInt(MapperRef::ranking).reversed()
            .thenComparingLong(MapperRef::serviceId);
}
