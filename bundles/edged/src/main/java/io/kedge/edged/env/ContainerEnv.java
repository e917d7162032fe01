package io.kedge.edged.env;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.api.meta.MetaStore;
import io.kedge.edged.pod.PodSpecException;
import io.kedge.runtime.api.ContainerSpec.EnvVar;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: {@code envFrom} first (configMaps and
 * secrets, with prefix; keys that are not valid names are skipped), then {@code env} in order,
 * each value expanded against what came before ({@code $(VAR)}, {@code $$}). A later name replaces
 * an earlier one in place.
 *
 * <p>The pod comes from the cloud (or a static manifest); it may only read configMaps and secrets
 * of its own namespace, and only those it names.
 */
public final class ContainerEnv {
    /** Kubernetes' IsEnvVarName: a C identifier that may also hold '-' and '.'. */
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private final JsonNode pod;
    private final JsonNode container;
    private final KeySources sources;
    private final String namespace;
    private final String nodeName;
    private final String podIp;
    private final String hostIp;
    private final Map<String, String> env = new LinkedHashMap<>();

    private ContainerEnv(JsonNode pod, JsonNode container, MetaStore store, String nodeName, String podIp,
            String hostIp) throws PodSpecException {
        this.pod = pod;
        this.container = container;
        this.sources = new KeySources(store);
        this.namespace = PodJson.text(pod.path("metadata"), "namespace", "default");
        this.nodeName = nodeName;
        this.podIp = podIp;
        this.hostIp = hostIp;
    }

    /**
     * @throws PodSpecException {@link PodSpecException#CONFIG_ERROR} when a required configMap,
     *         secret or key is missing (the pod waits for it); {@link PodSpecException#INVALID_SPEC}
     *         when the env is malformed
     */
    public static List<EnvVar> resolve(JsonNode pod, JsonNode container, MetaStore store, String nodeName,
            String podIp, String hostIp) throws PodSpecException {
        if (pod == null || container == null || !pod.isObject() || !container.isObject()) {
            throw PodJson.invalid("pod and container must be objects");
        }
        ContainerEnv resolver = new ContainerEnv(pod, container, store, nodeName, podIp, hostIp);
        resolver.addEnvFrom();
        resolver.addEnv();
        List<EnvVar> vars = new ArrayList<>(resolver.env.size());
        resolver.env.forEach((name, value) -> vars.add(new EnvVar(name, value)));
        return vars;
    }

    private void addEnvFrom() throws PodSpecException {
        for (JsonNode from : PodJson.objects(container, "envFrom")) {
            String prefix = PodJson.text(from, "prefix", "");
            JsonNode configMap = PodJson.object(from, "configMapRef");
            JsonNode secret = PodJson.object(from, "secretRef");
            if (configMap.isMissingNode() == secret.isMissingNode()) {
                throw PodJson.invalid("envFrom needs exactly one of configMapRef and secretRef");
            }
            boolean isConfigMap = !configMap.isMissingNode();
            JsonNode ref = isConfigMap ? configMap : secret;
            String type = isConfigMap ? KeySources.CONFIG_MAP : KeySources.SECRET;
            Optional<Map<String, byte[]>> keys = read(type, PodJson.required(ref, "name", "envFrom"),
                    PodJson.bool(ref, "optional"));
            if (keys.isPresent()) {
                for (Map.Entry<String, byte[]> key : keys.get().entrySet()) {
                    String name = prefix + key.getKey();
                    if (ENV_NAME.matcher(name).matches()) {
                        env.put(name, new String(key.getValue(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    private void addEnv() throws PodSpecException {
        for (JsonNode entry : PodJson.objects(container, "env")) {
            String name = PodJson.required(entry, "name", "env");
            JsonNode valueFrom = PodJson.object(entry, "valueFrom");
            if (valueFrom.isMissingNode()) {
                env.put(name, Expansion.expand(PodJson.text(entry, "value", ""), env));
                continue;
            }
            Optional<String> value = valueFrom(name, valueFrom);
            if (value.isPresent()) {
                env.put(name, value.get());
            }
        }
    }

    private Optional<String> valueFrom(String name, JsonNode from) throws PodSpecException {
        JsonNode configMapKey = PodJson.object(from, "configMapKeyRef");
        JsonNode secretKey = PodJson.object(from, "secretKeyRef");
        JsonNode field = PodJson.object(from, "fieldRef");
        JsonNode resource = PodJson.object(from, "resourceFieldRef");
        int given = count(configMapKey) + count(secretKey) + count(field) + count(resource);
        if (given != 1) {
            throw PodJson.invalid("env " + name + ": valueFrom needs exactly one source");
        }
        if (!configMapKey.isMissingNode()) {
            return key(KeySources.CONFIG_MAP, configMapKey, name);
        }
        if (!secretKey.isMissingNode()) {
            return key(KeySources.SECRET, secretKey, name);
        }
        if (!field.isMissingNode()) {
            String path = PodJson.required(field, "fieldPath", "env " + name + " fieldRef");
            return Optional.of(PodFields.env(pod, path, nodeName, podIp, hostIp));
        }
        return Optional.of(ResourceFields.resolve(pod, resource, PodJson.text(container, "name", "")));
    }

    /** One key of a configMap or secret; an optional one that is missing leaves the var unset. */
    private Optional<String> key(String type, JsonNode ref, String envName) throws PodSpecException {
        String objectName = PodJson.required(ref, "name", "env " + envName);
        String key = PodJson.required(ref, "key", "env " + envName);
        boolean optional = PodJson.bool(ref, "optional");
        Optional<Map<String, byte[]>> keys = read(type, objectName, optional);
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        byte[] value = keys.get().get(key);
        if (value == null) {
            if (optional) {
                return Optional.empty();
            }
            throw PodJson.configError("couldn't find key " + key + " in " + KeySources.describe(type) + " "
                    + namespace + "/" + objectName + " (env " + envName + ")");
        }
        return Optional.of(new String(value, StandardCharsets.UTF_8));
    }

    private Optional<Map<String, byte[]>> read(String type, String name, boolean optional) throws PodSpecException {
        return optional ? sources.read(type, namespace, name)
                : Optional.of(sources.require(type, namespace, name));
    }

    private static int count(JsonNode node) {
        return node.isMissingNode() ? 0 : 1;
    }
}
