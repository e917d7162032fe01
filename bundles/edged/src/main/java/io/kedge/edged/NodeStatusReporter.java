package io.kedge.edged;

import io.kedge.api.bus.BusGroups;
import io.kedge.api.bus.MessageBus;
import io.kedge.api.exec.NodeExecutors;
import io.kedge.api.node.NodeIdentity;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import io.kedge.runtime.api.ContainerRuntime;
import io.kedge.runtime.api.RuntimeFailure;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ReferenceScope;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the Node with the cloud, then reports its status on a fixed interval. Each report is a
 * request with a timeout equal to the interval: while the cloud is unreachable a report waits at
 * most one interval on the bus and is then withdrawn, so stale heartbeats never pile up.
 */
@Component(service = {}, immediate = true, configurationPid = "io.kedge.node",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = NodeConfiguration.class)
public class NodeStatusReporter {
    static final String SOURCE = "edged";
    private static final Logger LOG = LoggerFactory.getLogger(NodeStatusReporter.class);

    private final MessageBus bus;
    private final String nodeName;
    private final Duration interval;
    private final Path dataDir;
    private final NodeObjects objects;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final RuntimeSelection runtimes;
    private volatile boolean registered;

    @Activate
    public NodeStatusReporter(BundleContext context, NodeConfiguration config, @Reference NodeIdentity identity,
            @Reference MessageBus bus, @Reference(scope = ReferenceScope.PROTOTYPE_REQUIRED) NodeExecutors executors) {
        this.bus = bus;
        this.runtimes = new RuntimeSelection(config.runtime());
        this.nodeName = identity.nodeName();
        this.interval = Duration.ofSeconds(Math.max(1, config.status_update_seconds()));
        this.dataDir = identity.dataDirectory();
        String address = config.node_ip().isBlank() ? MachineInfo.primaryAddress() : config.node_ip();
        String version = context.getBundle().getVersion().toString().replace(".SNAPSHOT", "-SNAPSHOT");
        this.objects = new NodeObjects(nodeName, address, config.max_pods(), parseLabels(config.labels()), version);
        this.scheduler = executors.newSerialExecutor("status");
        scheduler.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Any runtime: the one the configuration names gives the node its images and runtime version. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addRuntime(ContainerRuntime runtime, Map<String, Object> properties) {
        runtimes.add(runtime, properties);
    }

    void removeRuntime(ContainerRuntime runtime) {
        runtimes.remove(runtime);
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    private void tick() {
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Boolean> step = registered ? reportStatus() : register().thenCompose(ok -> ok
                ? reportStatus() : CompletableFuture.completedFuture(false));
        step.whenComplete((ok, error) -> inFlight.set(false));
    }

    private CompletableFuture<Boolean> register() {
        MachineInfo machine = MachineInfo.read(Path.of("/"), dataDir);
        Message insert = Message.create(SOURCE, Groups.RESOURCE,
                ResourcePath.of("default", ResourceTypes.NODE, nodeName).toString(), Operations.INSERT,
                objects.node(machine, runtimeFacts(), Instant.now()));
        return ask(insert).thenApply(ok -> {
            if (ok) {
                registered = true;
                LOG.info("Node {} registered with the cloud", nodeName);
            }
            return ok;
        });
    }

    private CompletableFuture<Boolean> reportStatus() {
        MachineInfo machine = MachineInfo.read(Path.of("/"), dataDir);
        Message update = Message.create(SOURCE, Groups.RESOURCE,
                ResourcePath.of("default", ResourceTypes.NODE_STATUS, nodeName).toString(), Operations.UPDATE,
                objects.statusRequest(machine, runtimeFacts(), Instant.now()));
        return ask(update).thenApply(ok -> {
            if (!ok) {
                registered = false; // the cloud lost or refused the Node: register again
            }
            return ok;
        });
    }

    /** Sends to the cloud; true when it answered with a response, false on error, refusal or timeout. */
    private CompletableFuture<Boolean> ask(Message message) {
        return bus.request(BusGroups.HUB, message, interval).handle((reply, error) -> {
            if (error != null) {
                LOG.debug("No answer from the cloud to {}: {}", message, error.getMessage());
                return false;
            }
            if (!Operations.RESPONSE.equals(reply.operation())) {
                LOG.warn("The cloud refused {}: {}", message, text(reply.content()));
                return false;
            }
            return true;
        });
    }

    private NodeObjects.RuntimeFacts runtimeFacts() {
        return runtimes.get().map(runtime -> {
            try {
                return new NodeObjects.RuntimeFacts(runtime.version(), runtime.listImages());
            } catch (RuntimeFailure | RuntimeException e) {
                LOG.debug("Runtime {} did not say its version and images: {}", runtime.name(), e.getMessage());
                return NodeObjects.RuntimeFacts.NONE;
            }
        }).orElse(NodeObjects.RuntimeFacts.NONE);
    }

    private static String text(JsonNode content) {
        return content.isTextual() ? content.asText() : content.toString();
    }

    static Map<String, String> parseLabels(String[] labels) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String label : labels) {
            int eq = label.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("label must be key=value, got '" + label + "'");
            }
            parsed.put(label.substring(0, eq).trim(), label.substring(eq + 1).trim());
        }
        return parsed;
    }
}
