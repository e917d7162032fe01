package io.kedge.cloud.edgecontroller.downstream;

import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.kedge.protocol.ResourcePath;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** The configmaps and secrets a pod needs on its node: volumes, projections, env, envFrom, pull secrets. */
final class PodReferences {
    private PodReferences() {
    }

    static Set<String> configMapsOf(Pod pod) {
        Set<String> names = new TreeSet<>();
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            return names;
        }
        for (Volume volume : list(spec.getVolumes())) {
            if (volume.getConfigMap() != null) {
                add(names, volume.getConfigMap().getName());
            }
            for (VolumeProjection source : projections(volume)) {
                ConfigMapProjection projected = source.getConfigMap();
                if (projected != null) {
                    add(names, projected.getName());
                }
            }
        }
        forEachContainer(spec, container -> {
            for (EnvVar env : list(container.env())) {
                EnvVarSource from = env.getValueFrom();
                if (from != null && from.getConfigMapKeyRef() != null) {
                    add(names, from.getConfigMapKeyRef().getName());
                }
            }
            for (EnvFromSource from : list(container.envFrom())) {
                if (from.getConfigMapRef() != null) {
                    add(names, from.getConfigMapRef().getName());
                }
            }
        });
        return names;
    }

    static Set<String> secretsOf(Pod pod) {
        Set<String> names = new TreeSet<>();
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            return names;
        }
        for (Volume volume : list(spec.getVolumes())) {
            if (volume.getSecret() != null) {
                add(names, volume.getSecret().getSecretName());
            }
            for (VolumeProjection source : projections(volume)) {
                SecretProjection projected = source.getSecret();
                if (projected != null) {
                    add(names, projected.getName());
                }
            }
        }
        forEachContainer(spec, container -> {
            for (EnvVar env : list(container.env())) {
                EnvVarSource from = env.getValueFrom();
                if (from != null && from.getSecretKeyRef() != null) {
                    add(names, from.getSecretKeyRef().getName());
                }
            }
            for (EnvFromSource from : list(container.envFrom())) {
                if (from.getSecretRef() != null) {
                    add(names, from.getSecretRef().getName());
                }
            }
        });
        for (LocalObjectReference pullSecret : list(spec.getImagePullSecrets())) {
            add(names, pullSecret.getName());
        }
        return names;
    }

    /** Keys of everything the pod references, in the pod's namespace. */
    static Set<ResourcePath> keysOf(Pod pod) {
        Set<ResourcePath> keys = new TreeSet<>(Comparator.comparing(ResourcePath::toString));
        String namespace = pod.getMetadata() == null ? null : pod.getMetadata().getNamespace();
        if (namespace == null) {
            return keys;
        }
        configMapsOf(pod).forEach(name -> keys.add(ResourcePath.of(namespace, EdgeResourceTypes.CONFIGMAP, name)));
        secretsOf(pod).forEach(name -> keys.add(ResourcePath.of(namespace, EdgeResourceTypes.SECRET, name)));
        return keys;
    }

    private static List<VolumeProjection> projections(Volume volume) {
        return volume.getProjected() == null ? List.of() : list(volume.getProjected().getSources());
    }

    /** The env fields of every container kind; ephemeral containers have their own class. */
    private record ContainerEnv(List<EnvVar> env, List<EnvFromSource> envFrom) {
    }

    private static void forEachContainer(PodSpec spec, Consumer<ContainerEnv> action) {
        for (Container c : list(spec.getContainers())) {
            action.accept(new ContainerEnv(list(c.getEnv()), list(c.getEnvFrom())));
        }
        for (Container c : list(spec.getInitContainers())) {
            action.accept(new ContainerEnv(list(c.getEnv()), list(c.getEnvFrom())));
        }
        for (EphemeralContainer c : list(spec.getEphemeralContainers())) {
            action.accept(new ContainerEnv(list(c.getEnv()), list(c.getEnvFrom())));
        }
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }

    private static void add(Set<String> names, String name) {
        if (name != null && !name.isBlank()) {
            names.add(name);
        }
    }
}
