package io.kedge.protocol;

/** Resource type segment of a resource path, as KubeEdge names them. */
public final class ResourceTypes {
    public static final String NODE = "node";
    public static final String NODE_STATUS = "nodestatus";
    public static final String NODE_PATCH = "nodepatch";
    public static final String POD = "pod";
    public static final String POD_STATUS = "podstatus";
    public static final String CONFIGMAP = "configmap";
    public static final String SECRET = "secret";
    public static final String LEASE = "lease";

    private ResourceTypes() {
    }
}
