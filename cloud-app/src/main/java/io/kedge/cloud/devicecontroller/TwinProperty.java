package io.kedge.cloud.devicecontroller;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/** A value with its metadata ({@code timestamp}, {@code type}): KubeEdge's {@code TwinProperty}. */
public final class TwinProperty extends OpenFields {
    private String value = "";
    private Map<String, String> metadata;

    public TwinProperty() {
    }

    public TwinProperty(String value, Map<String, String> metadata) {
        this.value = value;
        this.metadata = metadata == null ? null : new LinkedHashMap<>(metadata);
    }

    /** Always written, empty included, as KubeEdge's {@code json:"value,"} does. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value == null ? "" : value;
    }

    public Map<String, String> getMetadata() {
        return metadata;
    }

    public void setMetadata(Map<String, String> metadata) {
        this.metadata = metadata;
    }
}
