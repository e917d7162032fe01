package io.kedge.cloud.auth;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Used token ids in ConfigMap {@code kedge-join-tokens-used} of the CA's namespace: key = token id,
 * value = {@code <expiry epoch seconds> <node>}. It lives in the cluster, so a restart or a second
 * cloud-app replica sees the same record; writes use optimistic concurrency (the object's
 * resourceVersion), so two replicas cannot both admit one token. Ids whose token has expired are
 * dropped on every write: the record holds only tokens used within their lifetime.
 *
 * <p>A ConfigMap, not a Secret: an id alone admits nothing (the token needs the signature).
 */
public final class ClusterUsedTokenIds implements UsedTokenIds {
    public static final String CONFIG_MAP_NAME = "kedge-join-tokens-used";
    /** Keeps the ConfigMap far below the API server's 1 MiB object limit (an entry is about 60 bytes). */
    static final int MAX_ENTRIES = 10_000;
    private static final int ATTEMPTS = 30;
    /** Upper bound of the random pause between attempts, so racing replicas fall out of step. */
    private static final long MAX_PAUSE_MILLIS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterUsedTokenIds.class);

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;

    public ClusterUsedTokenIds(KubernetesClient client, String namespace) {
        this(client, namespace, Clock.systemUTC());
    }

    ClusterUsedTokenIds(KubernetesClient client, String namespace, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
    }

    @Override
    public boolean isUsed(String id) throws UnavailableException {
        try {
            ConfigMap record = read();
            return record != null && record.getData() != null && record.getData().containsKey(id);
        } catch (KubernetesClientException e) {
            throw unavailable(e);
        }
    }

    @Override
    public boolean markUsed(String id, String node, Instant expiry) throws UnavailableException {
        String entry = expiry.getEpochSecond() + " " + node;
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                ConfigMap record = read();
                if (record == null) {
                    if (create(id, entry)) {
                        return true;
                    }
                    continue;
                }
                Map<String, String> data = record.getData() == null ? new HashMap<>() : new HashMap<>(record.getData());
                if (data.containsKey(id)) {
                    return false;
                }
                pruneExpired(data);
                if (data.size() >= MAX_ENTRIES) {
                    throw new UnavailableException("ConfigMap " + namespace + "/" + CONFIG_MAP_NAME + " holds "
                            + data.size() + " unexpired used tokens; issue shorter-lived tokens", null);
                }
                data.put(id, entry);
                record.setData(data);
                try {
                    // resourceVersion is the one read: the API server refuses the update if anyone wrote since.
                    client.configMaps().inNamespace(namespace).resource(record).update();
                    return true;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                        throw e;
                    }
                    LOG.debug("Used-token record changed under us; reading it again");
                    pause(attempt);
                }
            }
        } catch (KubernetesClientException e) {
            throw unavailable(e);
        }
        throw new UnavailableException("ConfigMap " + namespace + "/" + CONFIG_MAP_NAME + " kept changing during "
                + ATTEMPTS + " attempts to record a used token", null);
    }

    private static void pause(int attempt) throws UnavailableException {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(Math.min(MAX_PAUSE_MILLIS, 5L * (attempt + 1)) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while recording a used token", e);
        }
    }

    private ConfigMap read() {
        return client.configMaps().inNamespace(namespace).withName(CONFIG_MAP_NAME).get();
    }

    /** False when another replica created it first: the caller reads it again. */
    private boolean create(String id, String entry) {
        ConfigMap fresh = new ConfigMapBuilder()
                .withNewMetadata().withName(CONFIG_MAP_NAME).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/part-of", "kedge").endMetadata()
                .addToData(id, entry)
                .build();
        try {
            client.configMaps().inNamespace(namespace).resource(fresh).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            return false;
        }
    }

    private void pruneExpired(Map<String, String> data) {
        long now = clock.instant().getEpochSecond();
        data.values().removeIf(value -> expiry(value) < now);
    }

    /** An entry we cannot read is kept (expiry "never"): dropping it could re-admit a token. */
    private static long expiry(String value) {
        try {
            int space = value.indexOf(' ');
            return Long.parseLong(space < 0 ? value : value.substring(0, space));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private UnavailableException unavailable(KubernetesClientException e) {
        return new UnavailableException("cannot read or write ConfigMap " + namespace + "/" + CONFIG_MAP_NAME + ": "
                + e.getMessage(), e);
    }
}
