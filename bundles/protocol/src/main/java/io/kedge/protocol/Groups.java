package io.kedge.protocol;

/** Envelope groups: which family of modules a message belongs to (KubeEdge's names). */
public final class Groups {
    /** Kubernetes objects: MetaManager on the edge, EdgeController in the cloud. */
    public static final String RESOURCE = "resource";
    public static final String TWIN = "twin";
    public static final String FUNC = "func";
    public static final String USER = "user";
    /** Kedge only: mapper bundles pushed by the cloud and the nodes' answers ({@code io.kedge.protocol.mapper}). */
    public static final String MAPPER = "mapper";

    private Groups() {
    }
}
