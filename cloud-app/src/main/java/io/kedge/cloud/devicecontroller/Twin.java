package io.kedge.cloud.devicecontroller;

/** {@code status.twins[]}: what the node reported of one property and the desired value it has seen. */
public final class Twin extends OpenFields {
    private String propertyName;
    private TwinProperty reported;
    private TwinProperty observedDesired;

    public Twin() {
    }

    public Twin(String propertyName) {
        this.propertyName = propertyName;
    }

    public String getPropertyName() {
        return propertyName;
    }

    public void setPropertyName(String propertyName) {
        this.propertyName = propertyName;
    }

    public TwinProperty getReported() {
        return reported;
    }

    public void setReported(TwinProperty reported) {
        this.reported = reported;
    }

    public TwinProperty getObservedDesired() {
        return observedDesired;
    }

    public void setObservedDesired(TwinProperty observedDesired) {
        this.observedDesired = observedDesired;
    }
}
