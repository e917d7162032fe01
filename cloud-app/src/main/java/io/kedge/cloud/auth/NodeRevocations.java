package io.kedge.cloud.auth;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nodes whose certificates the cluster admin revoked, kept in ConfigMap
 * {@code kedge/kedge-revoked-nodes}: node name → instant. Every certificate of that node issued at
 * or before the instant is refused by the hub and for renewal; the node comes back only by joining
 * again with a new token. Kept in the cluster, so every replica and restart of the cloud-app sees it.
 */
public final class NodeRevocations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRevocations.class);
    public static final String CONFIGMAP_NAME = "kedge-revoked-nodes";
    private static final int UPDATE_ATTEMPTS = 5;

    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    /** Set once by {@link #watch}; its handler writes {@link #revoked}. */
    private SharedIndexInformer<ConfigMap> informer;

    private NodeRevocations() {
    }

    /** Revocations of nobody, watched nowhere: for plain {@code --insecure} development and tests. */
    public static NodeRevocations none() {
        return new NodeRevocations();
    }

    /** Follows the ConfigMap in {@code namespace} until closed. */
    public static NodeRevocations watch(KubernetesClient client, String namespace) {
        NodeRevocations revocations = new NodeRevocations();
        revocations.informer = client.configMaps().inNamespace(namespace)
                .withName(CONFIGMAP_NAME).inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap map) {
                        revocations.replace(map);
                    }

                    @Override
                    public void onUpdate(ConfigMap old, ConfigMap map) {
                        revocations.replace(map);
                    }

                    @Override
                    public void onDelete(ConfigMap map, boolean unknownFinalState) {
                        revocations.revoked.clear();
                    }
                });
        return revocations;
    }

    /**
     * Calls {@code listener} with each node that gains or moves a revocation from now on, so its open
     * sessions can be closed at once.
     */
    public void onRevoked(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Why a certificate of {@code nodeName} is refused, or empty when it is not revoked. */
    public Optional<String> refusal(String nodeName, X509Certificate certificate) {
        Instant revokedAt = revoked.get(nodeName);
        if (revokedAt == null) {
            return Optional.empty();
        }
        Instant issued = certificate.getNotBefore().toInstant().plus(ClusterCa.BACKDATE);
        return issued.isAfter(revokedAt) ? Optional.empty()
                : Optional.of("node " + nodeName + " was revoked at " + revokedAt + ": join again with a new token");
    }

    /** Revokes every certificate of {@code nodeName} issued until {@code at}; retries on concurrent edits. */
    public static void revoke(KubernetesClient client, String namespace, String nodeName, Instant at) {
        for (int attempt = 1; ; attempt++) {
            ConfigMap current = client.configMaps().inNamespace(namespace).withName(CONFIGMAP_NAME).get();
            try {
                if (current == null) {
                    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                            .withNewMetadata().withName(CONFIGMAP_NAME).withNamespace(namespace).endMetadata()
                            .withData(Map.of(nodeName, at.toString())).build()).create();
                } else {
                    Map<String, String> data = new HashMap<>(current.getData() == null ? Map.of() : current.getData());
                    data.put(nodeName, at.toString());
                    current.setData(data);
                    // Carries the read resourceVersion: a concurrent edit makes this fail with 409.
                    client.configMaps().inNamespace(namespace).resource(current).update();
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= UPDATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void replace(ConfigMap map) {
        Map<String, Instant> parsed = new HashMap<>();
        (map.getData() == null ? Map.<String, String>of() : map.getData()).forEach((node, value) -> {
            try {
                parsed.put(node, Instant.parse(value.trim()));
            } catch (DateTimeParseException e) {
                // Unreadable means revoked now: a typo must not let a revoked node back in.
                LOG.warn("Revocation of node {} has an unreadable time '{}': treating it as revoked now", node, value);
                parsed.put(node, revoked.getOrDefault(node, Instant.now()));
            }
        });
        parsed.forEach((node, at) -> {
            if (!at.equals(revoked.put(node, at))) {
                LOG.info("Node {} revoked: certificates issued until {} are refused", node, at);
                listeners.forEach(listener -> listener.accept(node));
            }
        });
        revoked.keySet().retainAll(parsed.keySet());
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
    }
}
