package io.kedge.cloud.devicecontroller;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code spec} of a Device (KubeEdge v1.22): the model it instantiates, the node it is bound to, its
 * properties; protocol and methods kept as they came.
 */
public final class DeviceSpec extends OpenFields {
    private LocalObjectReference deviceModelRef;
    private String nodeName;
    private List<DeviceProperty> properties = new ArrayList<>();

    public LocalObjectReference getDeviceModelRef() {
        return deviceModelRef;
    }

    public void setDeviceModelRef(LocalObjectReference deviceModelRef) {
        this.deviceModelRef = deviceModelRef;
    }

    public String getNodeName() {
        return nodeName;
    }

    public void setNodeName(String nodeName) {
        this.nodeName = nodeName;
    }

    public List<DeviceProperty> getProperties() {
        return properties;
    }

    public void setProperties(List<DeviceProperty> properties) {
        this.properties = properties == null ? new ArrayList<>() : properties;
    }
}
