package io.kedge.edged.staticpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.protocol.MirrorPod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A pod from a manifest file on the node, named and marked as a kubelet does: name
 * {@code {name}-{nodeName}}, bound to the node, annotations {@code kubernetes.io/config.source=file}
 * and {@code kubernetes.io/config.hash}; its uid is that hash, made from the node's name and the
 * file's bytes, so an edit of the file makes a new pod and the same file the same pod after a restart.
 */
public final class StaticPod {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final int MAX_NAME = 253;

    private StaticPod() {
    }

    /**
     * @param manifest the file's content as a tree
     * @param bytes    the file's bytes, for the hash
     * @throws IllegalArgumentException saying what is wrong with the manifest
     */
    public static ObjectNode of(JsonNode manifest, String nodeName, byte[] bytes) {
        if (!manifest.isObject()) {
            throw new IllegalArgumentException("not a Pod object");
        }
        String kind = manifest.path("kind").asText("Pod");
        String apiVersion = manifest.path("apiVersion").asText("v1");
        if (!"Pod".equals(kind) || !"v1".equals(apiVersion)) {
            throw new IllegalArgumentException("a static pod is a v1 Pod, not " + apiVersion + " " + kind);
        }
        String name = manifest.path("metadata").path("name").asText("");
        String fullName = name + "-" + nodeName;
        if (!NAME.matcher(name).matches() || fullName.length() > MAX_NAME) {
            throw new IllegalArgumentException("metadata.name '" + name + "' is not a valid pod name");
        }
        if (!manifest.path("spec").path("containers").isArray() || manifest.path("spec").path("containers").isEmpty()) {
            throw new IllegalArgumentException("spec.containers is empty");
        }
        String hash = UUID.nameUUIDFromBytes(concat(nodeName, bytes)).toString().replace("-", "");
        ObjectNode pod = (ObjectNode) manifest.deepCopy();
        pod.put("apiVersion", "v1").put("kind", "Pod");
        pod.remove("status");
        ObjectNode metadata = (ObjectNode) pod.get("metadata");
        metadata.remove(List.of("resourceVersion", "deletionTimestamp", "ownerReferences"));
        metadata.put("name", fullName).put("namespace", metadata.path("namespace").asText("default")).put("uid", hash);
        ObjectNode annotations = metadata.path("annotations").isObject() ? (ObjectNode) metadata.get("annotations")
                : metadata.putObject("annotations");
        annotations.put(MirrorPod.SOURCE_ANNOTATION, MirrorPod.FILE_SOURCE).put(MirrorPod.HASH_ANNOTATION, hash);
        annotations.remove(MirrorPod.MIRROR_ANNOTATION);
        ((ObjectNode) pod.get("spec")).put("nodeName", nodeName);
        return pod;
    }

    /** Whether {@code pod} came from a manifest file. */
    public static boolean isStatic(JsonNode pod) {
        return MirrorPod.FILE_SOURCE.equals(pod.path("metadata").path("annotations")
                .path(MirrorPod.SOURCE_ANNOTATION).asText(""));
    }

    public static String hash(JsonNode pod) {
        return pod.path("metadata").path("annotations").path(MirrorPod.HASH_ANNOTATION).asText("");
    }

    /** The pod the API shows of {@code staticPod}: the same, with the mirror annotation and no uid. */
    public static ObjectNode mirrorOf(JsonNode staticPod) {
        ObjectNode mirror = (ObjectNode) staticPod.deepCopy();
        ObjectNode metadata = (ObjectNode) mirror.get("metadata");
        metadata.remove("uid");
        ((ObjectNode) metadata.get("annotations")).put(MirrorPod.MIRROR_ANNOTATION, hash(staticPod));
        return mirror;
    }

    private static byte[] concat(String nodeName, byte[] bytes) {
        byte[] node = (nodeName + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[node.length + bytes.length];
        System.arraycopy(node, 0, all, 0, node.length);
        System.arraycopy(bytes, 0, all, node.length, bytes.length);
        return all;
    }
}
