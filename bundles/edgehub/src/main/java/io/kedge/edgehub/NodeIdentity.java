package io.kedge.edgehub;

/** What EdgeHub reads from the node's configuration ({@code io.kedge.node}, owned by Edged). */
@interface NodeIdentity {
    String node_name();

    /** Everything of the node lives here; EdgeHub keeps its certificates in {@code certs/}. */
    String data_dir() default "";
}
