package io.kedge.cloud;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kedge.cloud.CloudOptions.NodeLifecycleMode;
import io.kedge.cloud.auth.CertificateServer;
import io.kedge.cloud.auth.ClusterCa;
import io.kedge.cloud.auth.ClusterUsedTokenIds;
import io.kedge.cloud.auth.JoinAdmission;
import io.kedge.cloud.auth.JoinTokens;
import io.kedge.cloud.auth.NodeRevocations;
import io.kedge.cloud.auth.ServerTls;
import io.kedge.cloud.devicecontroller.DeviceController;
import io.kedge.cloud.edgecontroller.EdgeController;
import io.kedge.cloud.edgecontroller.NodeLeaseRenewer;
import io.kedge.cloud.edgecontroller.NodeLifecycleController;
import io.kedge.cloud.edgecontroller.downstream.DownstreamSync;
import io.kedge.cloud.hub.CloudHub;
import io.kedge.cloud.hub.HeartbeatListener;
import io.kedge.cloud.hub.HubSettings;
import io.kedge.cloud.mappercontroller.MapperController;
import io.kedge.cloud.metrics.CloudMetrics;
import io.kedge.cloud.metrics.MetricsServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud side assembled: the certificate server, CloudHub, EdgeController, DeviceController, MapperController and node health
 * (lifecycle or leases). Both servers present one certificate from the cluster CA.
 */
public final class CloudApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudApp.class);

    /** Intervals that production leaves at their defaults and tests shorten. */
    public record Timings(Duration lifecyclePeriod, Duration leaseRenewInterval, int workerThreads,
            Duration inventoryTimeout) {
        public static Timings defaults() {
            return new Timings(Duration.ofSeconds(5), Duration.ofSeconds(10), 8, Duration.ofSeconds(30));
        }
    }

    /** Room for queries and replies beside the object messages the send window allows. */
    private static final int SEND_QUEUE_SLACK = 64;

    private final CertificateServer certificates;
    private final NodeRevocations revocations;
    private volatile MetricsServer metrics;
    private final CloudHub hub;
    private final EdgeController edgeController;
    private final MapperController mappers;
    private final ScheduledExecutorService scheduler;
    private final boolean lifecycleOn;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();

    private CloudApp(CertificateServer certificates, NodeRevocations revocations, CloudHub hub,
            EdgeController edgeController, MapperController mappers, ScheduledExecutorService scheduler,
            boolean lifecycleOn) {
        this.certificates = certificates;
        this.revocations = revocations;
        this.hub = hub;
        this.edgeController = edgeController;
        this.mappers = mappers;
        this.scheduler = scheduler;
        this.lifecycleOn = lifecycleOn;
    }

    /** Builds and starts everything; the client stays the caller's to close. */
    public static CloudApp start(CloudOptions options, KubernetesClient client, Timings timings) throws Exception {
        ClusterCa ca = ClusterCa.loadOrCreate(client, options.caNamespace());
        ServerTls tls = ServerTls.issue(ca, options.serverNames());
        NodeRevocations revocations = NodeRevocations.watch(client, options.caNamespace());
        JoinAdmission admission = new JoinAdmission(new JoinTokens(ca),
                new ClusterUsedTokenIds(client, options.caNamespace()), revocations);
        CertificateServer certificates;
        try {
            certificates = CertificateServer.start(ca, admission, tls, options.bindAddress(), options.certPort(),
                    options.nodeCertLifetime());
        } catch (Exception | Error e) {
            revocations.close();
            throw e;
        }
        try {
            return assemble(options, client, timings, certificates, revocations, options.insecure() ? null : tls);
        } catch (Exception | Error e) {
            certificates.close();
            revocations.close();
            throw e;
        }
    }

    private static CloudApp assemble(CloudOptions options, KubernetesClient client, Timings timings,
            CertificateServer certificates, NodeRevocations revocations, ServerTls hubTls) throws Exception {
        Clock clock = Clock.systemUTC();
        boolean lifecycleOn = lifecycleOn(options.nodeLifecycle(), client);
        HeartbeatListener heartbeats = lifecycleOn
                ? node -> { }
                : new NodeLeaseRenewer(client, timings.leaseRenewInterval(), clock);
        DeviceController devices = new DeviceController(client);
        EdgeController edgeController = new EdgeController(client, clock,
                new DownstreamSync.Settings(options.sendWindow(), timings.inventoryTimeout())
                        .withServiceNamespaces(options.serviceNamespaces()),
                new EdgeController.WriteSettings(options.nodeWriteRate(), options.nodeWriteBurst(),
                        timings.workerThreads()),
                heartbeats, List.of(devices.downstream()));
        devices.registerUpstream(edgeController);
        MapperController mappers = new MapperController(client, MapperController.Settings.defaults(), clock);
        mappers.registerUpstream(edgeController.handlers());
        HubSettings settings = new HubSettings(options.bindAddress(), options.port(), options.keepaliveTimeout(),
                options.maxFrameBytes(), timings.workerThreads(), options.sendWindow() + SEND_QUEUE_SLACK,
                options.maxUnappliedBytes(), options.maxUnsentBytes(), hubTls);
        if (hubTls == null) {
            LOG.warn("--insecure: CloudHub accepts nodes over plain ws:// without client certificates");
        }
        CloudHub hub = new CloudHub(settings, edgeController.handlers(), heartbeats,
                edgeController.sessionListener(), revocations);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kedge-node-lifecycle");
            thread.setDaemon(true);
            return thread;
        });
        CloudApp app = new CloudApp(certificates, revocations, hub, edgeController, mappers, scheduler,
                lifecycleOn);
        if (lifecycleOn) {
            long period = timings.lifecyclePeriod().toMillis();
            scheduler.scheduleWithFixedDelay(new NodeLifecycleController(client, options.nodeGrace(), clock),
                    period, period, TimeUnit.MILLISECONDS);
        }
        LOG.info("Node lifecycle {}", lifecycleOn
                ? "on: the cloud-app marks nodes silent for " + options.nodeGrace().toSeconds() + " s Unknown"
                : "off: the cloud-app renews node leases in kube-node-lease");
        try {
            edgeController.start(hub);
            mappers.start(hub, hub::isConnected);
            hub.start();
            app.metrics = MetricsServer.start(options.bindAddress(), options.metricsPort(),
                    new CloudMetrics(hub::connectedNodes, edgeController::deliveryByNode), edgeController::watching,
                    hub::healthProblems);
        } catch (Exception e) {
            app.close();
            throw e;
        }
        return app;
    }

    /** auto = on only against our embedded API, which says "kedge" in its version. */
    static boolean lifecycleOn(NodeLifecycleMode mode, KubernetesClient client) {
        return switch (mode) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> {
                try {
                    String gitVersion = client.getKubernetesVersion().getGitVersion();
                    yield gitVersion != null && gitVersion.contains("kedge");
                } catch (KubernetesClientException e) {
                    LOG.warn("Cannot read the API's /version ({}); assuming a real cluster: node lifecycle off",
                            e.getMessage());
                    yield false;
                }
            }
        };
    }

    public CloudHub hub() {
        return hub;
    }

    public EdgeController edgeController() {
        return edgeController;
    }

    public int port() {
        return hub.port();
    }

    /** The certificate server's port (useful with {@code --cert-port 0}). */
    /** The port of /metrics, or -1 before it is up. */
    public int metricsPort() {
        MetricsServer server = metrics;
        return server == null ? -1 : server.port();
    }

    public int certPort() {
        return certificates.port();
    }

    public boolean lifecycleOn() {
        return lifecycleOn;
    }

    /** Blocks until {@link #close()} finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        if (metrics != null) {
            metrics.close();
        }
        hub.close();
        mappers.close();
        edgeController.close();
        certificates.close();
        revocations.close();
        closed.countDown();
    }
}
