package io.kedge.cloud.edgecontroller.downstream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One informer per kind for all nodes, resync off: the kinds of {@link EdgeKinds} (pods, configmaps,
 * secrets, services, endpoints, endpointslices, nodes, and what a controller adds). Pods are watched cluster-wide and filtered by node later, since the
 * embedded API ignores field selectors on watches and one watch beats one per node anyway.
 */
public final class ClusterInformers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterInformers.class);
    private static final long RESYNC_OFF = 0;

    private static final long WATCH_CHECK_MILLIS = 50;

    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    /** The informers that listed; one that could not (RBAC) never watches and must not hold readiness. */
    private final List<SharedIndexInformer<?>> listed = new CopyOnWriteArrayList<>();
    private volatile boolean watching;
    private volatile boolean closed;
    private final EdgeKinds kinds;

    public ClusterInformers() {
        this(EdgeKinds.STANDARD);
    }

    public ClusterInformers(EdgeKinds kinds) {
        this.kinds = kinds;
    }

    /**
     * Starts every informer; tells {@code events} clusterSynced once all listed (or failed), and logs
     * once their watches are open.
     */
    public void start(KubernetesClient client, ClusterEvents events) {
        List<CompletableFuture<Void>> lists = kinds.all().stream()
                .map(kind -> inform(kind.kind(), kind.source().apply(client), events)).toList();
        CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
            events.clusterSynced();
            awaitWatches();
        });
    }

    /** True once every informer that listed is watching; readiness waits for it. */
    public boolean watching() {
        return watching;
    }

    /**
     * Listed is not yet watching: a change between the two reaches us only by the watch's replay,
     * which a development API may not do. Polls until the watches are open, then logs it.
     */
    private void awaitWatches() {
        if (closed) {
            return;
        }
        if (listed.stream().allMatch(SharedIndexInformer::isWatching)) {
            watching = true;
            LOG.info("Watching the cluster ({} kinds): every change from now on reaches the edge nodes", listed.size());
            return;
        }
        CompletableFuture.runAsync(this::awaitWatches,
                CompletableFuture.delayedExecutor(WATCH_CHECK_MILLIS, TimeUnit.MILLISECONDS));
    }

    private <T extends HasMetadata> CompletableFuture<Void> inform(String kind, Informable<T> source,
            ClusterEvents events) {
        SharedIndexInformer<T> informer = source.runnableInformer(RESYNC_OFF);
        informer.exceptionHandler(ClusterInformers::retryAfter);
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                events.upserted(object);
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                events.upserted(newObject);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                events.deleted(object);
            }
        });
        informers.add(informer);
        // A kind we may not list (RBAC, an API without it) must not hold every node's sync back; one the
        // API could not list yet (busy, restarting) does, until it lists: syncing nodes without it would
        // delete its objects on them.
        return informer.start().toCompletableFuture().handle((ok, failure) -> {
            if (failure != null) {
                LOG.error("Cannot watch {}: edge nodes will not get them ({})", kind, failure.toString());
            } else {
                listed.add(informer);
            }
            return null;
        });
    }

    /**
     * Whether an informer tries again after {@code failure}. fabric8 gives up on a first list that
     * failed; a timeout or an API that is not up yet is no reason to (the cloud would otherwise never
     * watch that kind until restarted), a refusal of the request is.
     */
    static boolean retryAfter(boolean started, Throwable failure) {
        if (failure instanceof WatcherException) {
            return false; // as fabric8: the watch itself broke in a way a retry does not mend
        }
        return started || !refused(failure);
    }

    /** The API answered and said no: not allowed (RBAC), no such kind, a bad request. */
    private static boolean refused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof KubernetesClientException api) {
                int code = api.getCode();
                return code >= 400 && code < 500 && code != 408 && code != 429;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        informers.forEach(SharedIndexInformer::close);
    }
}
