package io.kedge.edged;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Edged's keys of {@code io.kedge.node}; node.name and data.dir belong to the node identity service. */
@ObjectClassDefinition(name = "Kedge node status", description = "This edge node as Kubernetes sees it")
@interface NodeConfiguration {

    @AttributeDefinition(name = "Node IP", description = "InternalIP to report; empty picks the first non-loopback address")
    String node_ip() default "";

    @AttributeDefinition(name = "Status interval (s)", description = "How often node status goes to the cloud")
    int status_update_seconds() default 10;

    @AttributeDefinition(name = "Max pods")
    int max_pods() default 110;

    @AttributeDefinition(name = "Extra labels", description = "key=value labels added to the Node")
    String[] labels() default {};

    @AttributeDefinition(name = "Container runtime", description = "kedge.runtime of the ContainerRuntime that runs the pods (process, containerd), or none: pods are kept and served, not run; while the runtime is absent pods stay Pending")
    String runtime() default "process";

    @AttributeDefinition(name = "hostPath allow-list", description = "Folders hostPath volumes may name (with what lies under them); empty allows every path, as the kubelet does")
    String[] host_path_allow() default {};
}
