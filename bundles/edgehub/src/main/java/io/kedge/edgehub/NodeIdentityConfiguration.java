package io.kedge.edgehub;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The identity's part of {@code io.kedge.node}: this is its one definition. Other modules take the
 * values from the {@link io.kedge.api.node.NodeIdentity} service; Edged describes its own keys of
 * the same PID (node.ip, labels, ...).
 */
@ObjectClassDefinition(name = "Kedge node identity", description = "Who this node is and where it keeps its data")
@interface NodeIdentityConfiguration {

    @AttributeDefinition(name = "Node name", description = "Name of the Node object and of the node's certificate")
    String node_name();

    @AttributeDefinition(name = "Data directory", required = false,
            description = "Where the node keeps everything (certificates in certs/); its disk is the node's "
                    + "ephemeral storage. Empty means the kedge.data framework property, else a folder of the framework")
    String data_dir() default "";
}
