package io.kedge.cloud.devicecontroller;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A part of a device object whose fields the controller does not read (visitors, push methods,
 * protocol config, newer KubeEdge fields) kept as they came: what the cloud sends a node must carry
 * everything the user wrote, since the node's mappers read it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
abstract class OpenFields {
    private final Map<String, Object> otherFields = new LinkedHashMap<>();

    @JsonAnyGetter
    public Map<String, Object> getOtherFields() {
        return otherFields;
    }

    @JsonAnySetter
    public void setOtherField(String name, Object value) {
        otherFields.put(name, value);
    }
}
