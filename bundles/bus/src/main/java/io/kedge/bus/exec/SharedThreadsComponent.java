package io.kedge.bus.exec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** Owns the node's shared threads for as long as this bundle runs; used within this bundle only
 * (by {@link NodeExecutorsComponent} and the bus). */
@Component(service = SharedThreadsComponent.class)
public class SharedThreadsComponent {
    private final SharedThreads threads = new SharedThreads();

    @Activate
    public SharedThreadsComponent() {
    }

    public SharedThreads threads() {
        return threads;
    }

    @Deactivate
    void deactivate() {
        threads.close();
    }
}
