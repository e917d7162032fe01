package io.kedge.edgehub;

/** The node name, read from the node's configuration ({@code io.kedge.node}). */
@interface NodeIdentity {
    String node_name();
}
