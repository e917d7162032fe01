package io.kedge.dmigrpc;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kedge DMI gRPC bridge",
        description = "Serves KubeEdge's DMI v1beta1 DeviceManagerService on a unix socket for out-of-process mappers")
@interface DmiGrpcConfiguration {

    @AttributeDefinition(name = "Socket",
            description = "Unix socket the mappers dial; empty means DIR/dmi/dmi.sock (KubeEdge's default is /etc/kubeedge/dmi.sock)")
    String socket_path() default "";

    @AttributeDefinition(name = "Group access",
            description = "Socket mode 0660 instead of 0600: processes of the node user's group may connect too")
    boolean group_access() default false;

    @AttributeDefinition(name = "Largest message (bytes)",
            description = "A request larger than this is refused with RESOURCE_EXHAUSTED")
    int max_message_bytes() default 4 * 1024 * 1024;
}
