package io.kedge.itest.support;

import io.kedge.api.bus.BusGroups;
import io.kedge.api.bus.GroupStats;
import io.kedge.api.bus.MessageBus;
import io.kedge.api.bus.MessageHandler;
import io.kedge.testing.cloud.FakeCloud;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The edge node running in this framework, configured through ConfigurationAdmin to talk to a
 * {@link FakeCloud}. Closing it deletes the configurations, which deactivates EdgeHub and Edged, so
 * every test starts from a node that has never connected.
 */
public final class EdgeNode implements AutoCloseable {
    public static final String PROJECT_ID = "e632aba927ea4ac2b575ec1603d56f10";
    private static final String NODE_PID = "io.kedge.node";
    private static final String EDGEHUB_PID = "io.kedge.edgehub";
    private static final String EDGEHUB_SERVICE = "io.kedge.edgehub.EdgeHub";
    /** Any bundle may bind the configuration; without it, it would bind to this test bundle only. */
    private static final String ANY_LOCATION = "?";

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final String name;
    private final ServiceTracker<MessageBus, MessageBus> buses;

    private EdgeNode(BundleContext context, ConfigurationAdmin configAdmin, String name) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.name = name;
        this.buses = new ServiceTracker<>(context, MessageBus.class, null);
        buses.open();
    }

    /**
     * Configures node {@code name} against {@code cloud} (1 s heartbeat and status, 100–500 ms
     * reconnect backoff) and waits until it is connected. {@code edgeHubSettings} adds or overrides
     * EdgeHub settings.
     */
    public static final String METASERVER_PID = "io.kedge.metaserver";
    public static final String DEVICE_DATA_PID = "io.kedge.devicedata";

    public static EdgeNode connect(BundleContext context, ConfigurationAdmin configAdmin, String name, FakeCloud cloud,
            Map<String, Object> edgeHubSettings) throws IOException {
        return connect(context, configAdmin, name, cloud, edgeHubSettings, Map.of());
    }

    /** As above; {@code nodeSettings} adds or overrides io.kedge.node settings (e.g. {@code runtime=process}). */
    public static EdgeNode connect(BundleContext context, ConfigurationAdmin configAdmin, String name, FakeCloud cloud,
            Map<String, Object> edgeHubSettings, Map<String, Object> nodeSettings) throws IOException {
        EdgeNode node = new EdgeNode(context, configAdmin, name);
        Hashtable<String, Object> identity = new Hashtable<>();
        identity.put("node.name", name);
        identity.put("status.update.seconds", 1);
        // most tests put pods in the store to test the channel: keep them, do not run them
        identity.put("runtime", "none");
        identity.putAll(nodeSettings);
        node.update(NODE_PID, identity);

        Hashtable<String, Object> hub = new Hashtable<>();
        hub.put("cloud.url", cloud.url());
        hub.put("heartbeat.seconds", 1);
        hub.put("reconnect.min.millis", 100L);
        hub.put("reconnect.max.millis", 500L);
        hub.putAll(edgeHubSettings);
        node.update(EDGEHUB_PID, hub);

        // Any free port: a node or demo on this machine may hold MetaServer's 10550. Set once and
        // kept, so later tests do not restart the MetaServer on yet another port.
        for (String pid : new String[] {METASERVER_PID, DEVICE_DATA_PID}) { // device data's 10560 likewise
            Configuration server = configAdmin.getConfiguration(pid, "?");
            if (server.getProperties() == null) {
                Hashtable<String, Object> ephemeral = new Hashtable<>();
                ephemeral.put("port", 0);
                server.update(ephemeral);
            }
        }

        Poll.until("node " + name + " connected to the fake cloud", () -> !cloud.connections().isEmpty());
        Poll.until("EdgeHub's handler of bus group 'hub'", node::hubHandlerRegistered);
        return node;
    }

    public String name() {
        return name;
    }

    /** The message bus registered now (a restarted bus bundle registers a new one). */
    public MessageBus bus() {
        return Poll.valueOf("a MessageBus service", Poll.DEFAULT_TIMEOUT, buses::getService);
    }

    /** The bus's counters of group "hub", if the bus has seen that group. */
    public Optional<GroupStats> hubStats() {
        return bus().stats().stream().filter(s -> s.group().equals(BusGroups.HUB)).findFirst();
    }

    /** Whether a handler for group "hub" is in the service registry (EdgeHub registers one while connected). */
    public boolean hubHandlerRegistered() {
        try {
            String filter = "(" + MessageHandler.GROUP + "=" + BusGroups.HUB + ")";
            return context.getServiceReferences(MessageHandler.class, filter).size() > 0;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean edgeHubActive() {
        try {
            return context.getAllServiceReferences(EDGEHUB_SERVICE, null) != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals(symbolicName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName + " in the framework"));
    }

    /**
     * Updates {@code bundle} ({@link Bundle#update(java.io.InputStream)}) from the jar it was installed
     * from, as an operator would with a new build; a stopped bundle stays stopped.
     */
    public void update(Bundle bundle) throws Exception {
        String location = bundle.getLocation().replaceFirst("^reference:", "");
        try (java.io.InputStream jar = location.contains(":") ? java.net.URI.create(location).toURL().openStream()
                : java.nio.file.Files.newInputStream(java.nio.file.Path.of(location))) {
            bundle.update(jar);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            for (String pid : new String[] {EDGEHUB_PID, NODE_PID}) {
                Configuration[] existing = configAdmin.listConfigurations("(service.pid=" + pid + ")");
                if (existing != null) {
                    for (Configuration configuration : existing) {
                        configuration.delete();
                    }
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        // The node identity goes only once CM has dispatched the deletion of io.kedge.node, queued after
        // that of io.kedge.edgehub: an EdgeHub seen away before then may be between two activations.
        Poll.until("EdgeHub and the node identity gone after their configurations were deleted", Duration.ofSeconds(30),
                () -> !edgeHubActive() && context.getServiceReference(io.kedge.api.node.NodeIdentity.class) == null);
        buses.close();
    }

    private void update(String pid, Hashtable<String, Object> properties) throws IOException {
        Configuration configuration = configAdmin.getConfiguration(pid, ANY_LOCATION);
        configuration.update(properties);
    }
}
