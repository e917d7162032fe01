package io.kedge.cloud.hub;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Whether the hub can take connections, from cheap looks at its parts: Jetty and its connector
 * running and accepting, each selector alive (Jetty drops a selector whose select() failed, say with
 * an OutOfMemoryError, and nothing on it is served again), Jetty's threads not all taken, and no
 * {@link Error} contained anywhere in the process.
 */
final class HubHealth {
    private final Server server;
    private final ServerConnector connector;
    private final QueuedThreadPool threads;
    private final ProcessErrors errors;

    HubHealth(Server server, ServerConnector connector, QueuedThreadPool threads, ProcessErrors errors) {
        this.server = server;
        this.connector = connector;
        this.threads = threads;
        this.errors = errors;
    }

    /** What is wrong, one line each; empty when healthy. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        errors.first().ifPresent(error -> problems.add("the process hit " + error));
        if (!server.isRunning() || !connector.isRunning() || !connector.isAccepting()) {
            problems.add("the hub does not accept connections (Jetty " + server.getState() + ", connector "
                    + connector.getState() + ")");
            return problems;
        }
        long deadSelectors = connector.getSelectorManager().getContainedBeans(ManagedSelector.class).stream()
                .filter(selector -> selector.getSelector() == null || !selector.getSelector().isOpen()).count();
        if (deadSelectors > 0) {
            problems.add("the hub lost " + deadSelectors + " of its " + connector.getSelectorManager().getSelectorCount()
                    + " selectors: connections on them are not served");
        }
        if (threads.isLowOnThreads()) {
            problems.add("the hub has no thread left for connections (" + threads.getBusyThreads() + " busy of "
                    + threads.getMaxThreads() + ", " + threads.getQueueSize() + " jobs waiting)");
        }
        return problems;
    }
}
