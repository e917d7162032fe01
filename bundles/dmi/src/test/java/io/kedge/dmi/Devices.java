package io.kedge.dmi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaObject;
import io.kedge.protocol.ResourceTypes;

/** Devices and models as the node's store holds them, and the events MetaManager sends about them. */
final class Devices {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Devices() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A thermometer model: temperature (int, read only), target (int, read-write). */
    static JsonNode model(String name) {
        return json("""
                {"apiVersion":"devices.kubeedge.io/v1beta1","kind":"DeviceModel",
                 "metadata":{"name":"%s","namespace":"default"},
                 "spec":{"protocol":"fake","properties":[
                   {"name":"temperature","type":"INT","accessMode":"ReadOnly"},
                   {"name":"target","type":"INT","accessMode":"ReadWrite"}]}}""".formatted(name));
    }

    /** A device of model {@code thermo-model} with both properties, read every 20 ms, reported every 50 ms. */
    static JsonNode device(String name, String protocol, String host, String target) {
        return json("""
                {"apiVersion":"devices.kubeedge.io/v1beta1","kind":"Device",
                 "metadata":{"name":"%s","namespace":"default"},
                 "spec":{"deviceModelRef":{"name":"thermo-model"},"nodeName":"edge-1",
                   "protocol":{"protocolName":"%s","configData":{"host":"%s","port":502}},
                   "properties":[
                     {"name":"temperature","collectCycle":20,"reportCycle":50,
                      "visitors":{"protocolName":"%s","configData":{"register":"HoldingRegister","offset":1}}},
                     {"name":"target","collectCycle":20,"reportCycle":50,"desired":{"value":"%s"},
                      "visitors":{"protocolName":"%s","configData":{"register":"HoldingRegister","offset":2}}}]}}"""
                .formatted(name, protocol, host, protocol, target, protocol));
    }

    static MetaEvent added(JsonNode object) {
        return event(MetaEvent.Kind.ADDED, object);
    }

    static MetaEvent modified(JsonNode object) {
        return event(MetaEvent.Kind.MODIFIED, object);
    }

    static MetaEvent deleted(JsonNode object) {
        return event(MetaEvent.Kind.DELETED, object);
    }

    private static MetaEvent event(MetaEvent.Kind kind, JsonNode object) {
        String type = object.path("kind").asText().equals("Device") ? ResourceTypes.DEVICE : ResourceTypes.DEVICE_MODEL;
        JsonNode metadata = object.path("metadata");
        return new MetaEvent(kind, new MetaObject(metadata.path("namespace").asText(), type, metadata.path("name").asText(),
                "uid-" + metadata.path("name").asText(), "1", object), 1);
    }
}
