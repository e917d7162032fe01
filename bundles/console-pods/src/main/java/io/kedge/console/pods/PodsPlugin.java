package io.kedge.console.pods;

import io.kedge.api.pods.NodePods;
import io.kedge.console.support.ConsolePage;
import io.kedge.console.support.LiveTablePlugin;
import jakarta.servlet.Servlet;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The web console's "Pods" page ({@code /system/console/pods}): the node's pods with each
 * container's state, readiness, restarts and last state, refreshed every few seconds by a script
 * that reads {@code pods/pods.json}. Only the console's logged-in administrator reaches it (the
 * console's own authentication runs first); it only reads {@link NodePods} and changes nothing.
 * While Edged is not running the page says so.
 */
@Component(service = Servlet.class)
@ConsolePage(label = PodsPlugin.LABEL, title = "Pods")
public class PodsPlugin extends LiveTablePlugin {
    static final String LABEL = "pods";
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile NodePods pods;

    public PodsPlugin() {
        super(LABEL, PodsPage.PAGE);
    }

    @Override
    protected Snapshot snapshot() {
        NodePods current = pods;
        return current == null ? new Snapshot("Edged is not running: no pods to show", List.of())
                : new Snapshot(PodRows.runtimeLine(current), PodRows.of(current.pods()));
    }
}
