package io.kedge.bus.exec;

import io.kedge.api.exec.NodeExecutors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@link NodeExecutors} service. Prototype scope: each component that takes it (with
 * {@code ReferenceScope.PROTOTYPE_REQUIRED}; a plain reference gets one per bundle) has its own
 * instance, and DS deactivates that instance when the component lets it go, which ends the
 * component's tasks only.
 */
@Component(service = NodeExecutors.class, scope = ServiceScope.PROTOTYPE)
public class NodeExecutorsComponent implements NodeExecutors {
    private final ModuleExecutors view;

    @Activate
    public NodeExecutorsComponent(ComponentContext context, @Reference SharedThreadsComponent shared) {
        Bundle user = context.getUsingBundle();
        this.view = new ModuleExecutors(user == null ? "?" : user.getSymbolicName(), shared.threads());
    }

    @Deactivate
    void deactivate() {
        view.close();
    }

    @Override
    public ScheduledExecutorService newSerialExecutor(String name) {
        return view.newSerialExecutor(name);
    }

    @Override
    public ExecutorService blocking() {
        return view.blocking();
    }
}
