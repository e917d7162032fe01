package io.kedge.runtime.process;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kedge process runtime",
        description = "Runs each container's command as a host process, for gateways without a container runtime")
@interface ProcessRuntimeConfiguration {

    @AttributeDefinition(name = "Data folder",
            description = "State lives in DIR/runtime/process; empty means the framework property kedge.data, else the working folder")
    String data_dir() default "";
}
