package io.kedge.edged.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaObject;
import io.kedge.api.meta.MetaStore;
import io.kedge.protocol.MirrorPod;
import io.kedge.protocol.ResourceTypes;
import io.kedge.runtime.api.RuntimeFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the runtime in line with the pods the store holds for this node: each pod is reconciled on
 * its own (per-pod serial, pods in parallel on the given executor), pods deleted from the store or
 * unknown to it are stopped with their grace period and removed, and each status goes to the sink
 * when it changed. Everything comes from the store, the node's static pods and the runtime's listing,
 * so after a restart without the cloud the same pods run again. Mirror pods in the store (the API's
 * view of a static pod) are not run.
 *
 * <p>A pod marked for deletion (a {@code deletionTimestamp} in the store) is stopped the same way;
 * once all its containers are stopped and its sandbox is gone, the {@link TerminationSink} hears of
 * it once, so the cloud can remove the Pod object as a kubelet does. Should that word not be kept, the
 * next pass offers it again.
 */
public final class PodSync {
    private static final Logger LOG = LoggerFactory.getLogger(PodSync.class);

    /** Where a changed pod status goes (the outbox); a throw means "not kept", it is offered again. */
    public interface StatusSink {
        void publish(JsonNode pod, ObjectNode status) throws Exception;
    }

    /** Where the word goes that a terminating pod is stopped (the outbox); a throw means "not kept". */
    public interface TerminationSink {
        void terminated(JsonNode pod) throws Exception;
    }

    /** A pod as last reported, for the shell. */
    public record PodView(String namespace, String name, ObjectNode status) {
    }

    private final MetaStore store;
    private final Supplier<List<JsonNode>> staticPods;
    private final String nodeName;
    private final PodReconciler reconciler;
    private final StatusSink sink;
    private final TerminationSink terminations;
    private final KeyedRunner runner;
    private final Map<String, JsonNode> desired = new ConcurrentHashMap<>();
    private final Map<String, Duration> leaving = new ConcurrentHashMap<>();
    private final Map<String, PodView> reported = new ConcurrentHashMap<>();
    // pods marked for deletion that the store still holds, and those whose end was told (until the store drops them)
    private final Map<String, JsonNode> terminating = new ConcurrentHashMap<>();
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    /**
     * @param staticPods the pods of this node that the store does not hold (from manifest files); read on
     *                   each full pass
     */
    public PodSync(MetaStore store, Supplier<List<JsonNode>> staticPods, String nodeName, PodReconciler reconciler,
            Executor workers, StatusSink sink, TerminationSink terminations) {
        this.store = store;
        this.staticPods = staticPods;
        this.nodeName = nodeName;
        this.reconciler = reconciler;
        this.sink = sink;
        this.terminations = terminations;
        this.runner = new KeyedRunner(workers, this::work);
    }

    /** A full level-triggered pass: every pod of this node, and every pod the runtime holds. Never throws. */
    public void syncAll() {
        try {
            reconciler.newPass();
            Set<String> seen = new HashSet<>();
            List<JsonNode> pods = new ArrayList<>();
            for (MetaObject object : store.list(ResourceTypes.POD, null)) {
                if (!isMirror(object.object())) {
                    pods.add(object.object());
                }
            }
            pods.addAll(staticPods.get());
            for (JsonNode pod : pods) {
                if (isOurs(pod)) {
                    seen.add(Pods.uid(pod));
                    accept(pod);
                }
            }
            for (String uid : Set.copyOf(desired.keySet())) {
                JsonNode gone = seen.contains(uid) ? null : desired.remove(uid);
                if (gone != null) { // deleted while no event reached us, or its manifest removed
                    leaving.putIfAbsent(uid, Pods.grace(gone));
                }
            }
            terminating.keySet().retainAll(seen);
            told.retainAll(seen);
            for (String uid : reconciler.podsInRuntime()) {
                if (!desired.containsKey(uid)) {
                    leaving.putIfAbsent(uid, Pods.DEFAULT_GRACE);
                }
            }
            leaving.keySet().forEach(runner::request);
            desired.keySet().forEach(runner::request);
        } catch (RuntimeFailure | RuntimeException e) {
            LOG.warn("Pod sync pass incomplete: {}", e.getMessage());
        }
    }

    /** A change of the store: reconcile just that pod. */
    public void onChange(MetaEvent event) {
        JsonNode pod = event.object().object();
        if (!ResourceTypes.POD.equals(event.object().type()) || Pods.uid(pod).isEmpty()) {
            return;
        }
        if (isMirror(pod)) {
            // the API shows one of our static pods: its status goes there again on the next pass
            reported.values().removeIf(view -> view.namespace().equals(Pods.namespace(pod))
                    && view.name().equals(Pods.name(pod)));
            return;
        }
        String uid = Pods.uid(pod);
        if (event.kind() == MetaEvent.Kind.DELETED || !isOurs(pod)) {
            terminating.remove(uid);
            told.remove(uid);
            if (desired.remove(uid) != null || event.kind() == MetaEvent.Kind.DELETED) {
                leaving.put(uid, Pods.grace(pod));
                runner.request(uid);
            }
            return;
        }
        accept(pod);
        runner.request(uid);
    }

    /** What was last reported of each pod. */
    public List<PodView> pods() {
        return reported.values().stream().sorted((a, b) -> (a.namespace() + "/" + a.name())
                .compareTo(b.namespace() + "/" + b.name())).toList();
    }

    boolean busy(String uid) {
        return runner.busy(uid);
    }

    private void accept(JsonNode pod) {
        String uid = Pods.uid(pod);
        if (Pods.terminating(pod)) {
            desired.remove(uid);
            if (!told.contains(uid)) { // stopped and told already: nothing left to do until the store drops it
                terminating.put(uid, pod);
                leaving.put(uid, Pods.grace(pod));
            }
        } else {
            desired.put(uid, pod);
            leaving.remove(uid);
        }
    }

    /** A mirror pod stands for a static pod of a node in the API; the node runs the static pod, not it. */
    private static boolean isMirror(JsonNode pod) {
        return !MirrorPod.mirrorHash(pod).isEmpty();
    }

    private boolean isOurs(JsonNode pod) {
        return nodeName.equals(Pods.nodeName(pod)) && !Pods.uid(pod).isEmpty();
    }

    private void work(String uid) {
        JsonNode pod = desired.get(uid);
        if (pod != null) {
            publish(uid, pod, reconciler.reconcile(pod));
            return;
        }
        Duration grace = leaving.get(uid);
        if (grace == null) {
            return;
        }
        try {
            reconciler.remove(uid, grace);
            leaving.remove(uid, grace);
            reported.remove(uid);
        } catch (RuntimeFailure | RuntimeException e) {
            LOG.warn("Pod {} not removed yet: {}", uid, e.getMessage()); // the next pass tries again
            return;
        }
        tellTerminated(uid);
    }

    /** All containers of a pod marked for deletion are stopped: the cloud may remove the Pod object. */
    private void tellTerminated(String uid) {
        JsonNode pod = terminating.get(uid);
        if (pod == null || told.contains(uid)) {
            return;
        }
        try {
            terminations.terminated(pod);
            told.add(uid);
            terminating.remove(uid, pod);
        } catch (Exception e) {
            LOG.warn("End of pod {}/{} not kept for the cloud: {}", Pods.namespace(pod), Pods.name(pod), e.getMessage());
        }
    }

    private void publish(String uid, JsonNode pod, ObjectNode status) {
        PodView last = reported.get(uid);
        if (last != null && last.status().equals(status)) {
            return;
        }
        try {
            sink.publish(pod, status);
            reported.put(uid, new PodView(Pods.namespace(pod), Pods.name(pod), status));
        } catch (Exception e) {
            LOG.warn("Status of pod {}/{} not kept for the cloud: {}", Pods.namespace(pod), Pods.name(pod), e.getMessage());
        }
    }
}
