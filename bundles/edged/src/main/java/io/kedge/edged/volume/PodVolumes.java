package io.kedge.edged.volume;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.api.meta.MetaStore;
import io.kedge.edged.env.KeySources;
import io.kedge.edged.env.PodJson;
import io.kedge.edged.pod.PodSpecException;
import io.kedge.runtime.api.ContainerSpec.Mount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Materialises a pod's volumes as host paths under {@code podsDir/<podUid>/volumes/<name>}:
 * configMap, secret, projected and downwardAPI volumes as files written atomically (see
 * {@link AtomicWriter}: a running container sees an update whole), emptyDir as a folder (medium
 * {@code Memory} too: a plain folder, no tmpfs, so nothing needs root), hostPath as the host's own
 * path once the {@link HostPathPolicy} allows it.
 *
 * <p>The pod comes from the cloud or a static manifest; it may read only the configMaps and
 * secrets of its own namespace that it names, write only under its own folder, and reach host
 * paths only within the policy. {@link #prepare} is idempotent: call it on every pass, it rewrites
 * only what changed.
 */
public final class PodVolumes {
    private static final Logger LOG = LoggerFactory.getLogger(PodVolumes.class);
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern VOLUME_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Set<String> KINDS = Set.of("configMap", "secret", "emptyDir", "hostPath", "projected",
            "downwardAPI");

    private final Path podsDir;
    private final KeyFiles keyFiles;
    private final HostPathVolume hostPaths;

    public PodVolumes(Path podsDir, MetaStore store, HostPathPolicy policy) {
        this.podsDir = podsDir;
        this.keyFiles = new KeyFiles(new KeySources(store));
        this.hostPaths = new HostPathVolume(policy);
    }

    /**
     * Prepares every volume of {@code pod}.
     *
     * @return volume name → host path, in the pod's order
     * @throws PodSpecException {@link PodSpecException#CONFIG_ERROR} when a configMap, secret or key
     *         is missing or the host refuses a write (the pod waits; call again later);
     *         {@link PodSpecException#INVALID_SPEC} for a spec that cannot work
     */
    public Map<String, Path> prepare(JsonNode pod) throws PodSpecException {
        if (pod == null || !pod.isObject()) {
            throw PodJson.invalid("pod must be an object");
        }
        Path volumesDir = podDir(PodJson.text(pod.path("metadata"), "uid", "")).resolve("volumes");
        String namespace = PodJson.text(pod.path("metadata"), "namespace", "default");
        Map<String, Path> prepared = new LinkedHashMap<>();
        for (JsonNode volume : PodJson.objects(PodJson.object(pod, "spec"), "volumes")) {
            String name = PodJson.required(volume, "name", "volume");
            if (!VOLUME_NAME.matcher(name).matches()) {
                throw PodJson.invalid("volume name \"" + name + "\" must be a DNS label");
            }
            if (prepared.containsKey(name)) {
                throw PodJson.invalid("volume \"" + name + "\" is declared twice");
            }
            try {
                prepared.put(name, prepareOne(pod, namespace, volume, name, volumesDir.resolve(name)));
            } catch (IOException | UncheckedIOException | SecurityException refused) {
                throw PodJson.configError("volume " + name + " could not be prepared: " + refused);
            } catch (InvalidPathException unusable) {
                throw PodJson.invalid("volume " + name + ": " + unusable.getMessage());
            }
        }
        return prepared;
    }

    /**
     * The container's mounts from its {@code volumeMounts}.
     *
     * @throws PodSpecException {@link PodSpecException#INVALID_SPEC} for an unknown volume, a
     *         relative mount path, or a subPath that leaves its volume
     */
    public List<Mount> mounts(JsonNode container, Map<String, Path> volumes) throws PodSpecException {
        if (container == null || !container.isObject()) {
            throw PodJson.invalid("container must be an object");
        }
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode mount : PodJson.objects(container, "volumeMounts")) {
            String name = PodJson.required(mount, "name", "volumeMount");
            Path volume = volumes.get(name);
            if (volume == null) {
                throw PodJson.invalid("volumeMount names volume \"" + name + "\" which the pod does not declare");
            }
            String mountPath = PodJson.required(mount, "mountPath", "volumeMount " + name);
            if (!mountPath.startsWith("/")) {
                throw PodJson.invalid("volumeMount " + name + ": mountPath \"" + mountPath + "\" must be absolute");
            }
            if (!PodJson.text(mount, "subPathExpr", "").isEmpty()) {
                throw PodJson.invalid("volumeMount " + name + ": subPathExpr is not supported");
            }
            String subPath = PodJson.text(mount, "subPath", "");
            Path host = subPath.isEmpty() ? volume : subPath(volume, subPath, name);
            mounts.add(new Mount(mountPath, host.toString(), PodJson.bool(mount, "readOnly")));
        }
        return mounts;
    }

    /** Deletes the pod's folder (its emptyDirs and written volumes; never a hostPath). */
    public void remove(String podUid) {
        if (podUid == null || !UID.matcher(podUid).matches()) {
            return;
        }
        try {
            AtomicWriter.deleteTree(podsDir.resolve(podUid));
        } catch (IOException failure) {
            LOG.warn("Could not delete the volumes of pod {}: {}", podUid, failure.toString());
        }
    }

    private Path prepareOne(JsonNode pod, String namespace, JsonNode volume, String name, Path dir)
            throws PodSpecException, IOException {
        String kind = kind(volume, name);
        JsonNode source = PodJson.object(volume, kind);
        switch (kind) {
            case "emptyDir":
                Files.createDirectories(dir);
                return dir;
            case "hostPath":
                return hostPaths.prepare(source, name);
            default:
                AtomicWriter.write(dir, payload(pod, namespace, kind, source, name));
                return dir;
        }
    }

    private Payload payload(JsonNode pod, String namespace, String kind, JsonNode source, String name)
            throws PodSpecException {
        Payload payload = new Payload(name);
        switch (kind) {
            case "configMap" -> keyFiles.addKeys(payload, KeySources.CONFIG_MAP, namespace, source, "name",
                    KeyFiles.mode(source, "defaultMode", KeyFiles.CONFIG_MAP_MODE), name);
            case "secret" -> keyFiles.addKeys(payload, KeySources.SECRET, namespace, source, "secretName",
                    KeyFiles.mode(source, "defaultMode", KeyFiles.SECRET_MODE), name);
            case "downwardAPI" -> KeyFiles.addFields(payload, pod, source,
                    KeyFiles.mode(source, "defaultMode", KeyFiles.CONFIG_MAP_MODE), name);
            default -> projected(payload, pod, namespace, source, name);
        }
        return payload;
    }

    /** configMap, secret and downwardAPI sources into one folder; a serviceAccountToken source is left out. */
    private void projected(Payload payload, JsonNode pod, String namespace, JsonNode source, String name)
            throws PodSpecException {
        Integer explicit = PodJson.integer(source, "defaultMode").isPresent()
                ? KeyFiles.mode(source, "defaultMode", 0) : null;
        for (JsonNode projection : PodJson.objects(source, "sources")) {
            JsonNode configMap = PodJson.object(projection, "configMap");
            JsonNode secret = PodJson.object(projection, "secret");
            JsonNode downward = PodJson.object(projection, "downwardAPI");
            if (!configMap.isMissingNode()) {
                keyFiles.addKeys(payload, KeySources.CONFIG_MAP, namespace, configMap, "name",
                        explicit != null ? explicit : KeyFiles.CONFIG_MAP_MODE, name);
            } else if (!secret.isMissingNode()) {
                keyFiles.addKeys(payload, KeySources.SECRET, namespace, secret, "name",
                        explicit != null ? explicit : KeyFiles.SECRET_MODE, name);
            } else if (!downward.isMissingNode()) {
                KeyFiles.addFields(payload, pod, downward, explicit != null ? explicit : KeyFiles.CONFIG_MAP_MODE,
                        name);
            } else if (projection.path("serviceAccountToken").isMissingNode()
                    && projection.path("clusterTrustBundle").isMissingNode()) {
                throw PodJson.invalid("volume " + name + ": projected source "
                        + String.join(",", (Iterable<String>) projection::fieldNames) + " is not supported");
            }
            // serviceAccountToken / clusterTrustBundle: the node cannot mint them; the files are absent
        }
    }

    private static String kind(JsonNode volume, String name) throws PodSpecException {
        String kind = null;
        Iterator<String> fields = volume.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            if (field.equals("name")) {
                continue;
            }
            if (kind != null) {
                throw PodJson.invalid("volume " + name + " has more than one source (" + kind + ", " + field + ")");
            }
            kind = field;
        }
        if (kind == null) {
            throw PodJson.invalid("volume " + name + " has no source");
        }
        if (!KINDS.contains(kind)) {
            throw PodJson.invalid("volume " + name + ": " + kind + " volumes are not supported on this node");
        }
        return kind;
    }

    private Path podDir(String uid) throws PodSpecException {
        if (!UID.matcher(uid).matches()) {
            throw PodJson.invalid("pod uid \"" + uid + "\" is missing or not a plain name");
        }
        return podsDir.resolve(uid);
    }

    /** The subPath inside its volume, created when absent; one that resolves outside is refused. */
    private static Path subPath(Path volume, String subPath, String name) throws PodSpecException {
        if (subPath.startsWith("/") || subPath.indexOf('\0') >= 0) {
            throw PodJson.invalid("volumeMount " + name + ": subPath \"" + subPath + "\" must be relative");
        }
        for (String segment : subPath.split("/")) {
            if (segment.equals("..")) {
                throw PodJson.invalid("volumeMount " + name + ": subPath \"" + subPath + "\" must not contain '..'");
            }
        }
        try {
            Path host = volume.resolve(subPath).normalize();
            if (!Files.exists(host)) {
                Files.createDirectories(host);
            }
            if (!host.toRealPath().startsWith(volume.toRealPath())) {
                throw PodJson.invalid("volumeMount " + name + ": subPath \"" + subPath + "\" leaves its volume");
            }
            return host;
        } catch (IOException | InvalidPathException failure) {
            throw PodJson.configError("volumeMount " + name + ": subPath \"" + subPath + "\": " + failure);
        }
    }
}
