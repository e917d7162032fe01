package io.kedge.cloud.devicecontroller;

import java.util.ArrayList;
import java.util.List;

/** {@code status} of a Device (KubeEdge v1.22 keeps the twins here): twins, state, last time online. */
public final class DeviceStatus extends OpenFields {
    private List<Twin> twins = new ArrayList<>();
    private String state;
    private String lastOnlineTime;

    public List<Twin> getTwins() {
        return twins;
    }

    public void setTwins(List<Twin> twins) {
        this.twins = twins == null ? new ArrayList<>() : twins;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getLastOnlineTime() {
        return lastOnlineTime;
    }

    public void setLastOnlineTime(String lastOnlineTime) {
        this.lastOnlineTime = lastOnlineTime;
    }
}
