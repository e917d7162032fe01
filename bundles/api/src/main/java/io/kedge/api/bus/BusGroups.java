package io.kedge.api.bus;

/**
 * Bus groups every module may address. Other groups belong to the module that serves them: it
 * declares them on its handler ({@link BusGroup}, {@link CloudGroups}).
 */
public final class BusGroups {
    /** EdgeHub: everything sent here goes to the cloud. */
    public static final String HUB = "hub";
    /** MetaManager: the node's store of objects from the cloud, and queries on it. */
    public static final String META = "meta";
    /** @deprecated owned by Edged; nothing is routed here. */
    @Deprecated
    public static final String EDGED = "edged";
    /** @deprecated declared by the module that serves it; nothing is routed here any more. */
    @Deprecated
    public static final String TWIN = "twin";
    /** @deprecated declared by the module that serves it; nothing is routed here any more. */
    @Deprecated
    public static final String BUS = "bus";
    /** @deprecated declared by the module that serves it; nothing is routed here any more. */
    @Deprecated
    public static final String SERVICEBUS = "servicebus";
    /** @deprecated declared by the module that serves it; nothing is routed here any more. */
    @Deprecated
    public static final String USER = "user";

    private BusGroups() {
    }
}
