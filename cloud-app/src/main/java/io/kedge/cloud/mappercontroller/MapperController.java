package io.kedge.cloud.mappercontroller;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kedge.cloud.hub.Downlink;
import io.kedge.cloud.hub.UpstreamHandlers;
import io.kedge.protocol.mapper.MapperBundle;
import io.kedge.protocol.mapper.MapperBundleResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls {@link Mapper} bundles out to the edge nodes they select. Informers on Mappers and Nodes
 * (cluster-wide, one each) and the nodes' answers ({@link MapperStatusHandler}) queue a reconcile of
 * the Mapper concerned; a reconcile reads the jar from its ConfigMap, decides the next step
 * ({@link MapperRollout}: batch by batch, stop at the first failure), sends the bundle to the nodes
 * of the step over their sessions and writes {@code status} when it changed. Every Mapper is also
 * reconciled each {@code resync}, which sends to nodes that connected since and resends where no
 * answer came. One thread of its own ({@code kedge-mapper-controller}): reconciles are serial.
 *
 * <p>A node the Mapper no longer selects, and every node of a deleted Mapper's status, is sent a
 * removal ({@link MapperBundle#removal}) once: best effort, a node not connected at that moment keeps
 * the mapper it installed.
 */
public final class MapperController implements AutoCloseable {
    public static final String SOURCE = "mappercontroller";
    private static final Logger LOG = LoggerFactory.getLogger(MapperController.class);

    /**
     * @param resync      how often every Mapper is reconciled without an event
     * @param resendAfter how long a node may leave a bundle unanswered before it is sent again
     */
    public record Settings(Duration resync, Duration resendAfter) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(90));
        }
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final Clock clock;
    private final BundleSource bundles;
    private final Map<String, Map<String, MapperBundleResult>> answers = new ConcurrentHashMap<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "kedge-mapper-controller");
        thread.setDaemon(true);
        return thread;
    });
    /** The Mapper as this controller last wrote it, until the informer shows that write (or a later one). */
    private final Map<String, Written> written = new ConcurrentHashMap<>();
    private volatile SharedIndexInformer<Mapper> mappers;
    private volatile SharedIndexInformer<Node> nodes;
    private volatile Downlink downlink;
    private volatile Predicate<String> connected = node -> false;

    public MapperController(KubernetesClient client, Settings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.bundles = new BundleSource(client);
    }

    /** Registers the handler of the nodes' answers; before the hub accepts nodes. */
    public void registerUpstream(UpstreamHandlers handlers) {
        handlers.register(new MapperStatusHandler(this::take).registration());
    }

    /** Starts the informers and the resync; bundles go out through {@code downlink}. */
    public void start(Downlink downlink, Predicate<String> connected) {
        this.downlink = downlink;
        this.connected = connected;
        mappers = client.resources(Mapper.class).runnableInformer(0);
        mappers.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Mapper mapper) {
                enqueue(mapper.getMetadata().getName());
            }

            @Override
            public void onUpdate(Mapper before, Mapper after) {
                enqueue(after.getMetadata().getName());
            }

            @Override
            public void onDelete(Mapper mapper, boolean finalStateUnknown) {
                executor.execute(() -> removeFrom(mapper));
            }
        });
        nodes = client.nodes().runnableInformer(0);
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                enqueueAll();
            }

            /** Only labels decide selection: the status a node reports every few seconds does not. */
            @Override
            public void onUpdate(Node before, Node after) {
                if (!java.util.Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())) {
                    enqueueAll();
                }
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                enqueueAll();
            }
        });
        mappers.start();
        nodes.start();
        long resync = settings.resync().toMillis();
        executor.scheduleWithFixedDelay(this::enqueueAll, resync, resync, TimeUnit.MILLISECONDS);
    }

    private void enqueueAll() {
        SharedIndexInformer<Mapper> informer = mappers;
        if (informer != null) {
            informer.getStore().listKeys().forEach(this::enqueue);
        }
    }

    private void enqueue(String name) {
        if (queued.add(name)) {
            executor.execute(() -> {
                queued.remove(name);
                reconcile(name);
            });
        }
    }

    /** Takes a node's answer (see {@link MapperStatusHandler} for the rules). */
    Optional<String> take(String nodeName, MapperBundleResult answer) {
        Mapper mapper = mappers == null || nodes == null ? null : mappers.getStore().getByKey(answer.name());
        if (mapper == null || mapper.getSpec() == null) {
            return Optional.of("no Mapper " + answer.name());
        }
        if (!NodeSelection.select(mapper.getSpec().nodeSelector(), nodes.getStore().list()).contains(nodeName)) {
            return Optional.of("Mapper " + answer.name() + " does not select node " + nodeName);
        }
        if (!answer.sha256().equalsIgnoreCase(String.valueOf(mapper.getSpec().sha256()))) {
            LOG.info("Node {} answered about an earlier bundle of mapper {}; ignored", nodeName, answer.name());
            return Optional.empty();
        }
        answers.computeIfAbsent(answer.name(), name -> new ConcurrentHashMap<>()).put(nodeName, answer);
        enqueue(answer.name());
        return Optional.empty();
    }

    private void reconcile(String name) {
        try {
            Mapper mapper = current(name);
            if (mapper == null) {
                answers.remove(name);
                written.remove(name);
                return;
            }
            MapperSpec spec = mapper.getSpec() == null ? new MapperSpec(null, null, null, null, null) : mapper.getSpec();
            Optional<MapperBundle> bundle;
            Optional<String> problem;
            try {
                bundle = Optional.of(bundles.load(mapper));
                problem = Optional.empty();
            } catch (IllegalArgumentException e) {
                bundle = Optional.empty();
                problem = Optional.of(e.getMessage());
            }
            long generation = bundle.map(MapperBundle::generation).orElse(1L);
            List<String> targets = NodeSelection.select(spec.nodeSelector(), nodes.getStore().list());
            MapperStatus previous = mapper.getStatus() == null ? MapperStatus.EMPTY : mapper.getStatus();
            MapperRollout.Step step = MapperRollout.step(spec, generation, targets, connected, previous,
                    answers.getOrDefault(name, Map.of()), problem, clock.instant(), settings.resendAfter());
            for (String node : step.send()) {
                Downlink.SendResult sent = downlink.send(node, bundle.orElseThrow().message(SOURCE));
                LOG.info("Mapper {} {} to node {}: {}", name, spec.version(), node, sent);
            }
            previous.nodes().stream().map(MapperStatus.NodeStatus::node).filter(node -> !targets.contains(node))
                    .forEach(node -> sendRemoval(name, node));
            if (!step.status().equals(previous)) {
                writeStatus(mapper, step.status());
            }
        } catch (RuntimeException e) {
            LOG.warn("Reconciling mapper {} failed; the next resync tries again", name, e);
        }
    }

    /** A deleted Mapper leaves the nodes its last status names. */
    private void removeFrom(Mapper mapper) {
        String name = mapper.getMetadata().getName();
        answers.remove(name);
        written.remove(name);
        if (mapper.getStatus() != null) {
            mapper.getStatus().nodes().forEach(entry -> sendRemoval(name, entry.node()));
        }
    }

    /** Best effort: a node not connected now keeps the mapper (see the class comment). */
    private void sendRemoval(String name, String node) {
        Downlink.SendResult sent = downlink.send(node, MapperBundle.removal(SOURCE, name));
        LOG.info("Removal of mapper {} to node {}: {}", name, node, sent);
    }

    private record Written(String versionBefore, Mapper after) {
    }

    /** The informer's Mapper, or the one this controller wrote if the informer has not seen that write yet. */
    private Mapper current(String name) {
        Mapper cached = mappers.getStore().getByKey(name);
        Written last = written.get(name);
        if (cached == null || last == null) {
            return cached;
        }
        if (last.versionBefore().equals(cached.getMetadata().getResourceVersion())) {
            return last.after();
        }
        written.remove(name);
        return cached;
    }

    private void writeStatus(Mapper mapper, MapperStatus status) {
        Mapper update = new Mapper();
        update.setMetadata(new ObjectMetaBuilder(mapper.getMetadata()).build());
        update.setSpec(mapper.getSpec());
        update.setStatus(status);
        try {
            Mapper after = client.resources(Mapper.class).resource(update).updateStatus();
            written.put(mapper.getMetadata().getName(), new Written(mapper.getMetadata().getResourceVersion(), after));
        } catch (KubernetesClientException e) {
            // a conflict: the informer brings the newer Mapper and its event reconciles again
            LOG.info("Status of mapper {} not written ({}); trying again", mapper.getMetadata().getName(), e.getCode());
            executor.schedule(() -> enqueue(mapper.getMetadata().getName()), 200, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        if (mappers != null) {
            mappers.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }
}
