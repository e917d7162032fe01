package io.kedge.api.bus;

/** Groups of edge modules on the bus (KubeEdge's module groups). */
public final class BusGroups {
    /** EdgeHub: everything sent here goes to the cloud. */
    public static final String HUB = "hub";
    public static final String META = "meta";
    public static final String EDGED = "edged";
    public static final String TWIN = "twin";
    public static final String BUS = "bus";
    public static final String SERVICEBUS = "servicebus";
    public static final String USER = "user";

    private BusGroups() {
    }
}
