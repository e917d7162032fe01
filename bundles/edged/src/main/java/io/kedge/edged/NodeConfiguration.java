package io.kedge.edged;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kedge node", description = "This edge node as Kubernetes sees it")
@interface NodeConfiguration {

    @AttributeDefinition(name = "Node name", description = "Name of the Node object; also used by EdgeHub")
    String node_name();

    @AttributeDefinition(name = "Node IP", description = "InternalIP to report; empty picks the first non-loopback address")
    String node_ip() default "";

    @AttributeDefinition(name = "Status interval (s)", description = "How often node status goes to the cloud")
    int status_update_seconds() default 10;

    @AttributeDefinition(name = "Max pods")
    int max_pods() default 110;

    @AttributeDefinition(name = "Extra labels", description = "key=value labels added to the Node")
    String[] labels() default {};

    @AttributeDefinition(name = "Container runtime", description = "kedge.runtime of the ContainerRuntime that runs the pods (process, containerd); while it is absent pods stay Pending")
    String runtime() default "process";

    @AttributeDefinition(name = "Data directory", description = "Where the node keeps its state; its disk is the node's ephemeral storage")
    String data_dir() default "";
}
