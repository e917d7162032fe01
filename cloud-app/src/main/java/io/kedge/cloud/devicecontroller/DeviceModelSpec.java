package io.kedge.cloud.devicecontroller;

import java.util.ArrayList;
import java.util.List;

/** {@code spec} of a DeviceModel: its properties and protocol name; protocol config kept as it came. */
public final class DeviceModelSpec extends OpenFields {
    private List<ModelProperty> properties = new ArrayList<>();
    private String protocol;

    public List<ModelProperty> getProperties() {
        return properties;
    }

    public void setProperties(List<ModelProperty> properties) {
        this.properties = properties == null ? new ArrayList<>() : properties;
    }

    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }
}
