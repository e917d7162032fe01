package io.kedge.edged;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.api.exec.NodeExecutors;
import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaListener;
import io.kedge.api.meta.MetaObject;
import io.kedge.api.meta.MetaStore;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.api.node.NodeIdentity;
import io.kedge.edged.pod.ProbedReadiness;
import io.kedge.edged.pod.SpecPreparation;
import io.kedge.edged.probe.ProbeRunner;
import io.kedge.edged.staticpod.ManifestFolder;
import io.kedge.edged.staticpod.MirrorPods;
import io.kedge.edged.volume.HostPathPolicy;
import io.kedge.edged.volume.PodVolumes;
import io.kedge.edged.pod.PodReconciler;
import io.kedge.edged.pod.PodSync;
import io.kedge.protocol.ResourceTypes;
import io.kedge.runtime.api.ContainerRuntime;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ReferenceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pods the store holds for this node on the configured container runtime and reports their
 * status through the outbox. Triggers: store changes (this is a pod {@link MetaListener}), the
 * runtime coming and going, and a pass every {@value #PASS_SECONDS} s that notices exits and
 * back-off expiries. The runtime is bound dynamically: updating its bundle leaves pods running and
 * marks them Pending (RuntimeUnavailable) until it is back. A pod marked for deletion is stopped with
 * its grace period, then the cloud is told ({@link PodReports}) so that it removes the Pod object.
 * Static pods come from {@code DIR/}{@value #MANIFESTS}{@code /*.yaml}, read on each pass, and are
 * shown in the API as mirror pods.
 */
@Component(service = {PodManager.class, MetaListener.class}, immediate = true, configurationPid = "io.kedge.node",
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = MetaListener.TYPES + "=" + ResourceTypes.POD)
public class PodManager implements MetaListener {
    static final int PASS_SECONDS = 2;
    /** runtime = none: the node keeps and serves its pods but runs none and reports nothing of them. */
    static final String NO_RUNTIME = "none";
    /** Static pod manifests, below the node's data folder, as kubelet's staticPodPath. */
    static final String MANIFESTS = "manifests";
    private static final Logger LOG = LoggerFactory.getLogger(PodManager.class);

    private final RuntimeSelection runtimes;
    private final ScheduledExecutorService passes;
    private final ExecutorService workers;
    private final PodSync sync;
    private final boolean runsPods;
    private final PodReports reports;
    private final MetaStore store;
    private final ManifestFolder manifests;
    private final MirrorPods mirrors;
    // read and written on the serial pass executor; volatile for the pod workers that read it through PodSync
    private volatile List<JsonNode> staticPods = List.of();

    @Activate
    public PodManager(NodeConfiguration config, @Reference NodeIdentity identity, @Reference MetaStore store,
            @Reference UpstreamOutbox outbox,
            @Reference(scope = ReferenceScope.PROTOTYPE_REQUIRED) NodeExecutors executors) {
        this.runtimes = new RuntimeSelection(config.runtime());
        String hostIp = config.node_ip().isBlank() ? MachineInfo.primaryAddress() : config.node_ip();
        Path dataDir = identity.dataDirectory();
        String nodeName = identity.nodeName();
        PodVolumes volumes = new PodVolumes(dataDir.resolve("pods"), store, HostPathPolicy.of(config.host_path_allow()));
        // probes do their own timeouts; the client follows no redirects (ProbeRunner decides which to follow)
        ProbeRunner probes = new ProbeRunner(new Lazy<>(() -> HttpClient.newBuilder().executor(executors.blocking())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build()));
        PodReconciler reconciler = new PodReconciler(runtimes::get, config.runtime(),
                new SpecPreparation(volumes, store, nodeName, hostIp),
                new ProbedReadiness(probes, runtimes::get, Clock.systemUTC()), Clock.systemUTC(), hostIp,
                dataDir.resolve("logs/pods").toAbsolutePath().toString());
        this.workers = executors.blocking();
        this.passes = executors.newSerialExecutor("edged-pods");
        this.reports = new PodReports(outbox, NodeStatusReporter.SOURCE);
        this.store = store;
        this.manifests = new ManifestFolder(dataDir.resolve(MANIFESTS), nodeName);
        this.mirrors = new MirrorPods(nodeName, Clock.systemUTC(), reports);
        this.sync = new PodSync(store, () -> staticPods, nodeName, reconciler, workers, reports, reports);
        this.runsPods = !NO_RUNTIME.equals(config.runtime());
        if (runsPods) {
            // the first pass waits a moment so that a runtime already registered is bound before pods are judged
            passes.scheduleWithFixedDelay(this::pass, PASS_SECONDS, PASS_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Manifests read again, every pod reconciled, the API's mirror pods kept in line. Never throws. */
    private void pass() {
        try {
            staticPods = manifests.read();
            sync.syncAll();
            mirrors.sync(staticPods, store.list(ResourceTypes.POD, null).stream().map(MetaObject::object).toList());
        } catch (RuntimeException e) {
            LOG.warn("Pod pass incomplete: {}", e.getMessage()); // a throw would end the fixed-delay schedule
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addRuntime(ContainerRuntime runtime, Map<String, Object> properties) {
        runtimes.add(runtime, properties);
        passSoon();
    }

    void removeRuntime(ContainerRuntime runtime) {
        runtimes.remove(runtime);
        passSoon();
    }

    @Deactivate
    void deactivate() {
        reports.silenceStatuses();
        passes.shutdownNow();
        workers.shutdownNow();
    }

    /**
     * Store changes of pods. Sent by: MetaManager, relaying what the cloud wrote. Touches: only pods
     * whose spec.nodeName is this node (others are ignored) and what the runtime holds for them.
     * Never blocks: the pod's work is queued.
     */
    @Override
    public void onChange(MetaEvent event) {
        if (runsPods) {
            sync.onChange(event);
        }
    }

    /** The pods as last reported, for the shell and the console. */
    public List<PodSync.PodView> pods() {
        return sync.pods();
    }

    public String runtimeName() {
        return runtimes.wanted();
    }

    public boolean runtimeBound() {
        return runtimes.get().isPresent();
    }

    private void passSoon() {
        if (sync == null || passes == null || !runsPods) {
            return; // bound during construction: the first pass comes anyway
        }
        try {
            passes.execute(this::pass);
        } catch (RejectedExecutionException e) {
            // deactivating
        }
    }
}
