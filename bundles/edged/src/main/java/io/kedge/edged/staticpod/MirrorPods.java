package io.kedge.edged.staticpod;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.protocol.MirrorPod;
import io.kedge.protocol.PodDeletion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the API showing the node's static pods, as a kubelet keeps mirror pods: for each static pod
 * without a mirror of its hash in the store (which holds what the cloud sent this node), a mirror is
 * created; a mirror of another hash or of a static pod that is gone is deleted. Each word goes through
 * the sink (the outbox) once; a creation the store still does not show after {@link #RESEND} is sent
 * again (the cloud may have been away, or the name taken). Not thread-safe: the pod pass calls it.
 */
public final class MirrorPods {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorPods.class);
    static final Duration RESEND = Duration.ofSeconds(60);

    /** Where mirror pod words go (the outbox); a throw means "not kept", it is offered again. */
    public interface Sink {
        void create(JsonNode mirror) throws Exception;

        void delete(PodDeletion deletion) throws Exception;
    }

    private record Sent(String hash, Instant at) {
    }

    private final String nodeName;
    private final Clock clock;
    private final Sink sink;
    private final Map<String, Sent> created = new HashMap<>();
    private final Set<String> deleted = new HashSet<>();

    public MirrorPods(String nodeName, Clock clock, Sink sink) {
        this.nodeName = nodeName;
        this.clock = clock;
        this.sink = sink;
    }

    /**
     * @param staticPods the static pods the node runs
     * @param storePods  every pod the store holds (only this node's mirror pods count)
     */
    public void sync(List<JsonNode> staticPods, List<JsonNode> storePods) {
        Map<String, JsonNode> mirrors = new HashMap<>();
        for (JsonNode pod : storePods) {
            if (!MirrorPod.mirrorHash(pod).isEmpty() && nodeName.equals(pod.path("spec").path("nodeName").asText())) {
                mirrors.put(key(pod), pod);
            }
        }
        Map<String, JsonNode> wanted = new HashMap<>();
        staticPods.forEach(pod -> wanted.put(key(pod), pod));
        for (JsonNode mirror : mirrors.values()) {
            JsonNode staticPod = wanted.get(key(mirror));
            if (staticPod == null || !StaticPod.hash(staticPod).equals(MirrorPod.mirrorHash(mirror))) {
                delete(mirror);
            }
        }
        deleted.retainAll(mirrors.values().stream().map(m -> m.path("metadata").path("uid").asText()).toList());
        created.keySet().retainAll(wanted.keySet());
        Instant now = clock.instant();
        for (Map.Entry<String, JsonNode> entry : wanted.entrySet()) {
            JsonNode mirror = mirrors.get(entry.getKey());
            String hash = StaticPod.hash(entry.getValue());
            if (mirror != null && hash.equals(MirrorPod.mirrorHash(mirror))) {
                continue; // shown as it is
            }
            Sent last = created.get(entry.getKey());
            if (last != null && last.hash().equals(hash) && now.isBefore(last.at().plus(RESEND))) {
                continue;
            }
            try {
                sink.create(StaticPod.mirrorOf(entry.getValue()));
                created.put(entry.getKey(), new Sent(hash, now));
            } catch (Exception e) {
                LOG.warn("Mirror of static pod {} not kept for the cloud: {}", entry.getKey(), e.getMessage());
            }
        }
    }

    private void delete(JsonNode mirror) {
        String uid = mirror.path("metadata").path("uid").asText("");
        if (uid.isEmpty() || deleted.contains(uid)) {
            return;
        }
        JsonNode metadata = mirror.path("metadata");
        try {
            sink.delete(new PodDeletion(metadata.path("namespace").asText("default"), metadata.path("name").asText(),
                    uid));
            deleted.add(uid);
        } catch (Exception e) {
            LOG.warn("Removal of mirror pod {} not kept for the cloud: {}", key(mirror), e.getMessage());
        }
    }

    private static String key(JsonNode pod) {
        return pod.path("metadata").path("namespace").asText("default") + "/" + pod.path("metadata").path("name").asText();
    }
}
