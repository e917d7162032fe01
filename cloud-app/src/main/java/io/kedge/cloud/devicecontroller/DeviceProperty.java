package io.kedge.cloud.devicecontroller;

/** One property of a device ({@code spec.properties[]}): its name and desired value; visitors and cycles kept as they came. */
public final class DeviceProperty extends OpenFields {
    private String name;
    private TwinProperty desired;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public TwinProperty getDesired() {
        return desired;
    }

    public void setDesired(TwinProperty desired) {
        this.desired = desired;
    }
}
