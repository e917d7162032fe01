package io.kedge.dmigrpc;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The mappers that registered over DMI, by name; a mapper registering again replaces its entry. */
final class RegisteredMappers {

    /**
     * @param address the mapper's own DeviceMapperService socket, as it gave it
     */
    record Mapper(String name, String version, String apiVersion, String protocol, String address, String state) {
    }

    private final ConcurrentMap<String, Mapper> byName = new ConcurrentHashMap<>();

    void register(Mapper mapper) {
        byName.put(mapper.name(), mapper);
    }

    boolean servesProtocol(String protocol) {
        return byName.values().stream().anyMatch(m -> m.protocol().equals(protocol));
    }

    List<Mapper> ofProtocol(String protocol) {
        return byName.values().stream().filter(m -> m.protocol().equals(protocol)).toList();
    }

    Collection<Mapper> all() {
        return List.copyOf(byName.values());
    }
}
