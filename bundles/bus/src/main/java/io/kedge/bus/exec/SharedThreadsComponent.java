package io.kedge.bus.exec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** Owns the node's shared threads for as long as this bundle runs; only {@link NodeExecutorsComponent} uses it. */
@Component(service = SharedThreadsComponent.class)
public class SharedThreadsComponent {
    final SharedThreads threads = new SharedThreads();

    @Activate
    public SharedThreadsComponent() {
    }

    @Deactivate
    void deactivate() {
        threads.close();
    }
}
